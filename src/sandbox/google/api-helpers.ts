import type { Context } from "hono";
import type { GoogleEnv } from "./env.ts";
import { gerr, googleError } from "./errors.ts";
import { type EventInput, eventInput } from "./event-input.ts";
import { eventEtag, type Failure, isFailure } from "./event-store.ts";
import { eventResource } from "./resources.ts";
import type { GoogleState } from "./state.ts";
import type { GoogleCalendar, GoogleEvent } from "./types.ts";

type Ctx = Context<GoogleEnv>;

/** The calendar in the path, if the caller's account owns it (`primary` works); else 404. */
export function pathCalendar(c: Ctx, state: GoogleState): GoogleCalendar | Response {
  return state.calendarOf(c.get("googleAccess").accountId, c.req.param("calendarId") ?? "") ?? gerr.notFound(c);
}

/** The event in the path (cancelled ones included), checked against If-Match when sent. */
export function pathEvent(c: Ctx, cal: GoogleCalendar, checkIfMatch: boolean): GoogleEvent | Response {
  const ev = cal.events.get(c.req.param("eventId") ?? "");
  if (!ev) return gerr.notFound(c);
  const ifMatch = c.req.header("if-match");
  if (checkIfMatch && ifMatch && ifMatch !== "*" && !ifMatch.split(",").some((t) => t.trim() === eventEtag(ev)))
    return googleError(c, 412, { reason: "conditionNotMet", message: "Precondition Failed", location: "If-Match", locationType: "header" });
  return ev;
}

/** The JSON event body, or Google's 400 for malformed JSON or a field of the wrong type. */
export async function eventBody(c: Ctx): Promise<EventInput | Response> {
  let raw: unknown;
  try {
    const text = await c.req.text();
    raw = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    return googleError(c, 400, { reason: "parseError", message: "Parse Error" });
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    return googleError(c, 400, { reason: "parseError", message: "Parse Error" });
  const parsed = eventInput.safeParse(raw);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues[0]?.path.join(".") ?? "";
  return googleError(c, 400, { reason: "invalid", message: `Invalid value for: ${where}`, location: where });
}

const SEND_UPDATES = ["all", "externalOnly", "none"];

/** Write methods accept `sendUpdates` (all|externalOnly|none); the sandbox sends no mail either way. */
export function badSendUpdates(c: Ctx): Response | null {
  const v = c.req.query("sendUpdates");
  return v === undefined || SEND_UPDATES.includes(v) ? null : gerr.invalid(c, `Invalid value '${v}' for sendUpdates.`, "sendUpdates");
}

/** An event resource, or the failure in Google's shape. */
export function eventReply(c: Ctx, state: GoogleState, cal: GoogleCalendar, result: GoogleEvent | Failure) {
  if (isFailure(result)) return googleError(c, result.status, result);
  return c.json(eventResource(cal, state.accounts.get(cal.accountId), result));
}
