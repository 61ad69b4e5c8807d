import { z } from "zod";

const when = z.object({ date: z.string().optional(), dateTime: z.string().optional(), timeZone: z.string().max(100).optional() });
/** Google's limits on extended properties: keys up to 44 characters, values up to 1024. */
const props = z.record(z.string().min(1).max(44), z.string().max(1024).nullable());
const opt = <T extends z.ZodType>(t: T) => t.nullable().optional();

/** An event body as clients send it to insert, update or patch; unknown fields are ignored, as on Google. */
export const eventInput = z.object({
  id: z.string().optional(),
  iCalUID: z.string().min(1).max(1024).optional(),
  status: opt(z.enum(["confirmed", "tentative", "cancelled"])),
  summary: opt(z.string().max(8192)),
  description: opt(z.string().max(8192)),
  location: opt(z.string().max(8192)),
  colorId: opt(z.string().max(10)),
  start: opt(when),
  end: opt(when),
  recurrence: opt(z.array(z.string().max(1024)).max(100)),
  transparency: opt(z.enum(["opaque", "transparent"])),
  visibility: opt(z.enum(["default", "public", "private", "confidential"])),
  extendedProperties: opt(z.object({ private: opt(props), shared: opt(props) })),
  attendees: opt(z.array(z.looseObject({ email: z.string().max(320) })).max(1000)),
  reminders: opt(z.looseObject({ useDefault: z.boolean().optional() })),
  source: opt(z.object({ url: z.string().max(2048), title: z.string().max(1024).optional() })),
});
export type EventInput = z.infer<typeof eventInput>;
export type When = z.infer<typeof when>;

type Props = Record<string, string>;
type Settable = Omit<EventInput, "id" | "iCalUID" | "extendedProperties" | "status">;

/** What an event stores: the client-settable fields, without nulls. */
export type EventFields = { [K in keyof Settable]?: NonNullable<Settable[K]> } & {
  status: "confirmed" | "tentative" | "cancelled";
  extendedProperties?: { private?: Props; shared?: Props };
};

const SECTIONS = ["private", "shared"] as const;

/** Keys with a value (null deletes), applied over `base`. */
function mergeProps(base: Props | undefined, changes: Record<string, string | null> | null | undefined): Props {
  const out = { ...base };
  for (const [k, v] of Object.entries(changes ?? {})) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** Copies the settable fields present in `input` over `base`: null clears a field; `merge` merges extended properties by key. */
function apply(base: EventFields, input: EventInput, merge: boolean): EventFields {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(input)) {
    if (k === "id" || k === "iCalUID" || k === "extendedProperties" || v === undefined) continue;
    if (v === null) delete out[k];
    else out[k] = v;
  }
  const fields = out as EventFields;
  if (input.extendedProperties === null) delete fields.extendedProperties;
  else if (input.extendedProperties) {
    const ext: { private?: Props; shared?: Props } = {};
    for (const s of SECTIONS) ext[s] = mergeProps(merge ? base.extendedProperties?.[s] : undefined, input.extendedProperties[s]);
    fields.extendedProperties = ext;
  }
  return fields;
}

/** A new event's fields (status defaults to confirmed). */
export const insertedFields = (input: EventInput): EventFields => apply({ status: "confirmed" }, input, false);
/** A full update: fields left out are dropped; a missing status keeps the current one. */
export const replacedFields = (old: EventFields, input: EventInput): EventFields => apply({ status: old.status }, input, false);
/** A patch: only the fields sent change; extended properties merge by key. */
export const patchedFields = (old: EventFields, input: EventInput): EventFields => apply(old, input, true);
