import { join } from "node:path";
import { seedDemo } from "../demo/seed.ts";
import { demoSummary, summaryLines, type Where } from "../demo/summary.ts";
import { waitForJob } from "../demo/wait.ts";
import { DEV_TOKEN_FILE } from "./api-options.ts";
import type { Services } from "./services.ts";
import { connectionDeps } from "./start.ts";

/** How long the demo waits for its first sync (the sandbox rate-limits like Notion: ~3 requests/s). */
export const DEMO_SYNC_TIMEOUT_MS = 180_000;

/** Where to read the demo: the sandbox's view, the API and where its token is. */
export function demoWhere(s: Services, urls: { sandboxUrl?: string; apiUrl?: string }): Where {
  const tokenHint = s.config.http.apiToken ? "ACTION_API_TOKEN" : join(s.config.database.dataDir, DEV_TOKEN_FILE);
  return { ...urls, tokenHint: urls.apiUrl ? tokenHint : undefined };
}

/**
 * Seeds the demo on running services (workers must be running, here or in another process, to
 * run the sync), waits for its sync, and returns the summary for people.
 */
export async function runDemo(s: Services, where: Where, timeoutMs = DEMO_SYNC_TIMEOUT_MS): Promise<string[]> {
  const deps = connectionDeps(s);
  const seed = await seedDemo({ flow: deps.flow, tokens: deps.tokens, publicUrl: deps.publicUrl, sessionTtlMs: deps.sessionTtlMs });
  if (seed.jobId) await waitForJob(s.db, seed.jobId, { timeoutMs });
  return summaryLines(await demoSummary(s.db, seed), where);
}

/**
 * `ferry start` with the demo on: seeds it in the background so the server is up at once, logs
 * the summary when done; a failure is a warning, never a crash.
 */
export function demoInBackground(s: Services, where: Where): void {
  s.logger.info("seeding the demo user in the background (FERRY_DEMO)");
  runDemo(s, where).then(
    (lines) => s.logger.info(lines.join("\n")),
    (err: unknown) => s.logger.warn({ err: err instanceof Error ? err.message : String(err) }, "the demo could not be seeded"),
  );
}
