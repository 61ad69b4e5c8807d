import { type MirrorSpec, parseMirrorSpec } from "./mapping.ts";

/**
 * Seed 004's four databases as mirror specs: a title, the chosen rich-text columns, numbers; every
 * property is also kept in `properties`. Found by database name, in the `notion` schema.
 */
export const EXAMPLE_MIRRORS: readonly MirrorSpec[] = [
  {
    source: { databaseName: "Characters" },
    table: "characters",
    columns: [
      { column: "name", from: "Name" },
      { column: "description", from: ["Description", "Bio", "Backstory"] },
    ],
  },
  {
    source: { databaseName: "Worlds" },
    table: "worlds",
    // The seed writes `Concept/Premise`: one property of that name, or else the first of the two.
    columns: [
      { column: "name", from: "World Name" },
      { column: "description", from: ["Concept/Premise", "Concept", "Premise"] },
    ],
  },
  {
    source: { databaseName: "Stories" },
    table: "stories",
    columns: [
      { column: "title", from: "Story Title" },
      { column: "description", from: "Premise" },
    ],
  },
  {
    source: { databaseName: "Chat Sessions" },
    table: "chat_sessions",
    columns: [
      { column: "title", from: "Session Title" },
      { column: "transcript", from: "Raw Transcript" },
      { column: "message_count", from: "Message Count" },
    ],
  },
].map((spec, i) => parseMirrorSpec(spec, `examples.${i}`));
