import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { dropSchema, pgUrl } from "../helpers/db.ts";

/** Runs the real CLI code in this process (fast); `ferry()` below spawns the real binary. */
async function run(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { LOG_LEVEL: "error", ...env }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe.skipIf(!pgUrl)("ferry jobs on a PostgreSQL server", () => {
  const schema = `t_cli_${process.pid}`;
  afterAll(async () => {
    await dropSchema(schema);
  });

  it("read-only commands refuse an unmigrated database with the fix in the message", async () => {
    const r = await run(["jobs", "stats"], { DATABASE_URL: pgUrl as string, FERRY_DB_SCHEMA: `${schema}_none` });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/missing migrations 1.*run `ferry migrate`/);
  });

  it("enqueues, inspects and manages jobs on a PostgreSQL server", async () => {
    const env = { DATABASE_URL: pgUrl as string, FERRY_DB_SCHEMA: schema };
    expect((await run(["migrate"], env)).out).toMatch(/applied migrations: 1/);
    expect((await run(["migrate"], env)).out).toMatch(/up to date/);
    // migrate records job types, so the SQL enqueue() function works before the first start.
    const sqlEnqueue = await run(["jobs", "list"], env);
    expect(sqlEnqueue.out).toBe("no jobs");
    const added = await run(["jobs", "enqueue", "ferry.noop", '{"note":"hi"}', "--dedupe-key", "k1"], env);
    expect(JSON.parse(added.out)).toMatchObject({ created: true });
    expect(JSON.parse((await run(["jobs", "enqueue", "ferry.noop", "{}", "--dedupe-key", "k1"], env)).out)).toMatchObject({
      created: false,
    });
    const bad = await run(["jobs", "enqueue", "ferry.noop", '{"nope":1}'], env);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("payload");
    expect((await run(["jobs", "enqueue", "ferry.noop", "{}", "--delay-ms", "-1"], env)).code).toBe(2);
    expect((await run(["jobs", "enqueue", "no.such.type"], env)).err).toContain("unknown job type");
    const stats = JSON.parse((await run(["jobs", "stats", "--json"], env)).out);
    expect(stats.byStatus).toMatchObject({ queued: 1, processing: 0 });
    expect((await run(["jobs", "list", "--status", "queued"], env)).out).toContain("ferry.noop");
    expect((await run(["jobs", "list", "--status", "weird"], env)).code).toBe(2);
    expect((await run(["jobs", "retry"], env)).code).toBe(2);
    expect((await run(["jobs", "retry", "--all"], env)).out).toContain("replayed 0");
    expect((await run(["jobs", "discard", "abc"], env)).code).toBe(2);
    expect((await run(["jobs", "cleanup"], env)).out).toContain("deleted 0 completed");
  });
});
