/** Seed 004's four databases and one with every property type, as the sandbox's seed endpoint takes them. */

export const text = (content: string) => [{ type: "text" as const, text: { content } }];

export const SEED_004 = [
  {
    title: "Characters",
    properties: { Name: { title: {} }, Bio: { rich_text: {} }, Backstory: { rich_text: {} }, Age: { number: {} } },
    rows: [0, 1, 2].map((i) => ({
      properties: {
        Name: { title: text(`Hero ${i}`) },
        Bio: { rich_text: text(`Bio ${i}`) },
        Backstory: { rich_text: text(`Long ago ${i}`) },
        Age: { number: 30 + i },
      },
    })),
  },
  {
    title: "Worlds",
    properties: { "World Name": { title: {} }, "Concept/Premise": { rich_text: {} } },
    rows: [0, 1].map((i) => ({
      properties: { "World Name": { title: text(`World ${i}`) }, "Concept/Premise": { rich_text: text(`Idea ${i}`) } },
    })),
  },
  {
    title: "Stories",
    properties: { "Story Title": { title: {} }, Premise: { rich_text: {} } },
    rows: [0, 1].map((i) => ({ properties: { "Story Title": { title: text(`Story ${i}`) }, Premise: { rich_text: text(`Once ${i}`) } } })),
  },
  {
    title: "Chat Sessions",
    properties: { "Session Title": { title: {} }, "Raw Transcript": { rich_text: {} }, "Message Count": { number: {} } },
    rows: [0, 1].map((i) => ({
      properties: {
        "Session Title": { title: text(`Chat ${i}`) },
        "Raw Transcript": { rich_text: text(`user: hi ${i}\nbot: hello`) },
        "Message Count": { number: 2 + i },
      },
    })),
  },
];

/** Every property type Ferry maps, with its expected column type; `Link` relates to Characters. */
export function everythingDatabase(charactersDataSourceId: string) {
  return {
    title: "Everything",
    properties: {
      Name: { title: {} },
      Notes: { rich_text: {} },
      Score: { number: {} },
      Done: { checkbox: {} },
      Due: { date: {} },
      Kind: { select: { options: [{ name: "Red" }, { name: "Blue" }] } },
      Tags: { multi_select: { options: [{ name: "a" }, { name: "b" }] } },
      Stage: { status: {} },
      Owner: { people: {} },
      Link: { relation: { data_source_id: charactersDataSourceId, single_property: {} } },
      Site: { url: {} },
      Mail: { email: {} },
      Phone: { phone_number: {} },
      Files: { files: {} },
      Created: { created_time: {} },
      Edited: { last_edited_time: {} },
      Creator: { created_by: {} },
      Ref: { unique_id: { prefix: "EV" } },
    },
  };
}

/** A mirror spec (API form) mapping every property of Everything to a column. */
export const EVERYTHING_COLUMNS = [
  { column: "name", from: "Name" },
  { column: "notes", from: "Notes" },
  { column: "score", from: "Score" },
  { column: "done", from: "Done" },
  { column: "due", from: "Due" },
  { column: "kind", from: "Kind" },
  { column: "tags", from: "Tags" },
  { column: "stage", from: "Stage" },
  { column: "owner", from: "Owner" },
  { column: "link", from: "Link" },
  { column: "site", from: "Site" },
  { column: "mail", from: "Mail" },
  { column: "phone", from: "Phone" },
  { column: "files", from: "Files" },
  { column: "created", from: "Created" },
  { column: "edited", from: "Edited" },
  { column: "creator", from: "Creator" },
  { column: "ref", from: "Ref" },
];

/** PostgreSQL's name for each column's type (format_type / information_schema). */
export const EVERYTHING_TYPES: Record<string, string> = {
  name: "text",
  notes: "text",
  score: "double precision",
  done: "boolean",
  due: "timestamp with time zone",
  kind: "text",
  tags: "ARRAY",
  stage: "text",
  owner: "ARRAY",
  link: "ARRAY",
  site: "text",
  mail: "text",
  phone: "text",
  files: "jsonb",
  created: "timestamp with time zone",
  edited: "timestamp with time zone",
  creator: "text",
  ref: "text",
};
