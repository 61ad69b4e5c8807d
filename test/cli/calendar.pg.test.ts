import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { pgUrl, type TestDb, testDb } from "../helpers/db.ts";

/** `ferry calendar ...` in this process, on a migrated schema of the server. */
describe.skipIf(!pgUrl)("ferry calendar", () => {
  let t: TestDb;
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      args,
      { LOG_LEVEL: "error", DATABASE_URL: pgUrl as string, FERRY_DB_SCHEMA: t.schema },
      {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
      },
    );
    return { code, out: out.join("\n"), err: err.join("\n") };
  };
  const cancel = (sourceId: string) =>
    JSON.stringify({ operation: "CANCEL_EVENT", workspaceId: "ws", calendarId: "cal", sourceType: "task", sourceId });

  beforeAll(async () => {
    t = await testDb();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("enqueues, counts, lists, replays, discards and cleans up outbox rows", async () => {
    const a = JSON.parse((await run(["calendar", "enqueue", cancel("a")])).out) as { id: string; user_id: string };
    expect(a.user_id).toBe("ws");
    const b = JSON.parse((await run(["calendar", "enqueue", cancel("b"), "--user", "owner"])).out) as { id: string; user_id: string };
    expect(b.user_id).toBe("owner");
    await t.db.query("UPDATE calendar_outbox SET status = 'DEAD_LETTER', dead_lettered_at = now(), dead_letter_reason = 'not_found'");
    expect(JSON.parse((await run(["calendar", "stats", "--json"])).out)).toMatchObject({ by_status: { DEAD_LETTER: 2, PENDING: 0 } });
    const listed = await run(["calendar", "dead-letters"]);
    expect(listed.out.split("\n")).toHaveLength(2);
    expect(listed.out).toContain("not_found");
    expect((await run(["calendar", "replay", a.id])).out).toBe(`replayed 1: ${a.id}`);
    expect((await run(["calendar", "discard", "--all"])).out).toBe(`discarded 1: ${b.id}`);
    expect((await run(["calendar", "stats"])).out).toMatch(/^PENDING\s+1$/m);
    await t.db.query("UPDATE calendar_outbox SET status = 'COMPLETED', updated_at = now() - interval '40 days'");
    expect((await run(["calendar", "cleanup", "--days", "30"])).out).toBe("deleted 1 finished rows older than 30 days");
  });

  it("refuses bad input with the field named, exit code 2", async () => {
    const bad = await run([
      "calendar",
      "enqueue",
      JSON.stringify({ operation: "CANCEL_EVENT", workspaceId: "ws", calendarId: "cal", sourceType: "bug", sourceId: "x" }),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("payload.sourceType");
    expect((await run(["calendar", "enqueue", "{not json"])).code).toBe(2);
    expect((await run(["calendar", "replay"])).code).toBe(2);
    expect((await run(["calendar", "replay", "1", "--all"])).code).toBe(2);
    expect((await run(["calendar", "discard", "abc"])).code).toBe(2);
  });
});
