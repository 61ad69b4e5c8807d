import { calendar } from "@googleapis/calendar";
import { OAuth2Client } from "google-auth-library";
import { ProviderUnauthorizedError } from "../errors.ts";

/** `events.list` on the primary calendar (one event): allowed by the calendar.events scope Ferry asks for. */
export function googleVerify(apiRootUrl: string, timeoutMs: number) {
  return async (accessToken: string): Promise<Record<string, unknown>> => {
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: accessToken });
    // googleapis-common pins its own google-auth-library; the client is the same at runtime.
    const cal = calendar({ version: "v3", auth: auth as never, rootUrl: apiRootUrl, timeout: timeoutMs, retry: false } as never);
    try {
      const res = await cal.events.list({ calendarId: "primary", maxResults: 1 });
      return { primary_calendar: res.data.summary ?? null, time_zone: res.data.timeZone ?? null };
    } catch (err) {
      if (
        (err as { status?: number; response?: { status?: number } }).status === 401 ||
        (err as { response?: { status?: number } }).response?.status === 401
      )
        throw new ProviderUnauthorizedError("google", { cause: err });
      throw err;
    }
  };
}
