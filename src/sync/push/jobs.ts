import { notionProvider } from "../../providers/notion/index.ts";

/** The push sync's job: a new Notion connection's first job is its first push. */
export const PUSH_JOB = notionProvider.firstJob;

/**
 * A connection has two dedupe slots: one job may be running in one while the next waits in the
 * other. The connect flow enqueues the first job in the first slot (`<job>:<connection>`).
 */
export const pushDedupeKeys = (connectionId: string): [string, string] => [
  `${PUSH_JOB}:${connectionId}`,
  `${PUSH_JOB}:${connectionId}:next`,
];
