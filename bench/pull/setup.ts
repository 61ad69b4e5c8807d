/**
 * The pull benchmark's world: an in-process sandbox whose clock ticks a second per reading while a
 * big database is seeded (Notion rounds times to the minute, and a full run reads past the
 * 10,000-row cap in creation-time windows, so rows must not all share one minute), then follows
 * the real clock; and a user with a Notion connection to it.
 */
import type { Db } from "../../src/db/types.ts";
import { startProviderSandbox } from "../../src/providers/sandbox.ts";
import type { RunningSandbox } from "../../src/sandbox/server.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { type SandboxNotionUser, sandboxNotionUser } from "../../test/helpers/notion-user.ts";
import { control } from "../push/calls.ts";

/** Ticks while seeding, starting a week back (so seeded rows are well in the past); then real time. */
class SeedingClock {
  private ms = Date.now() - 7 * 24 * 3_600_000;
  ticking = true;
  now(): Date {
    if (!this.ticking) return new Date(Math.max(Date.now(), this.ms));
    this.ms += 1000;
    return new Date(this.ms);
  }
}

export const TITLE = "Big";

const text = (content: string) => [{ type: "text", text: { content } }];

export const PROPERTIES = {
  Name: { title: {} },
  Notes: { rich_text: {} },
  Score: { number: {} },
  Done: { checkbox: {} },
  Due: { date: {} },
  Kind: { select: { options: [{ name: "red" }, { name: "green" }, { name: "blue" }] } },
  Tags: { multi_select: { options: [{ name: "a" }, { name: "b" }, { name: "c" }] } },
};

function row(i: number) {
  return {
    properties: {
      Name: { title: text(`Row ${i}`) },
      Notes: { rich_text: text(`Some notes about row ${i}, long enough to look like a real description of something.`) },
      Score: { number: i * 1.5 },
      Done: { checkbox: i % 2 === 0 },
      Due: { date: { start: `2026-${String((i % 12) + 1).padStart(2, "0")}-15` } },
      Kind: { select: { name: ["red", "green", "blue"][i % 3] } },
      Tags: { multi_select: [{ name: "a" }, { name: "b" }, { name: "c" }].slice(0, (i % 3) + 1) },
    },
  };
}

export interface PullWorld {
  sandbox: RunningSandbox;
  user: SandboxNotionUser;
  ring: KeyRing;
  setNotionLimits(limits: { enabled: boolean; rate?: number; burst?: number; workspace_rate?: number }): Promise<void>;
}

/** Starts the sandbox, seeds `rows` rows into one database (in one seed call), and connects a user to it. */
export async function pullWorld(db: Db, rows: number): Promise<PullWorld> {
  const clock = new SeedingClock();
  const sandbox = await startProviderSandbox({ clock });
  const ring = new KeyRing(Buffer.alloc(32, 11));
  const user = await sandboxNotionUser(db, sandbox.url, { idPrefix: "bench_", ring, post: control });
  const res = await control(`${sandbox.url}/__sandbox/notion/seed`, {
    method: "POST",
    body: JSON.stringify({
      workspace_id: user.workspaceId,
      databases: [{ title: TITLE, properties: PROPERTIES, rows: Array.from({ length: rows }, (_, i) => row(i)) }],
    }),
  });
  if (res.status !== 201) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
  clock.ticking = false;
  return {
    sandbox,
    user,
    ring,
    async setNotionLimits(limits) {
      const put = await control(`${sandbox.url}/__sandbox/rate-limits`, { method: "PUT", body: JSON.stringify({ notion: limits }) });
      if (!put.ok) throw new Error(`could not set the sandbox's rate limits: ${put.status}`);
    },
  };
}
