import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { KeyRing } from "../../src/vault/keyring.ts";
import { pgUrl, type TestDb, testDb } from "../helpers/db.ts";
import { type SandboxNotionUser, sandboxNotionUser } from "../helpers/notion-user.ts";
import { useSandbox } from "../helpers/sandbox.ts";
import { SEED_004 } from "../sync/pull/fixtures.ts";

const sb = useSandbox();

/** `ferry pull` in this process, on a migrated schema of the server, against the test's sandbox. */
describe.skipIf(!pgUrl)("ferry pull", () => {
  let t: TestDb;
  let user: SandboxNotionUser;
  const key = randomBytes(32);
  const mirrors = `pull_cli_${randomBytes(4).toString("hex")}`;
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const env = {
      LOG_LEVEL: "error",
      DATABASE_URL: pgUrl as string,
      FERRY_DB_SCHEMA: t.schema,
      TOKEN_ENCRYPTION_KEY: key.toString("hex"),
      SANDBOX_PORT: new URL(sb.url).port,
      PULL_SCHEMA: mirrors,
    };
    const code = await main(args, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  beforeAll(async () => {
    t = await testDb();
    await sb.reset();
    user = await sandboxNotionUser(t.db, sb.url, { idPrefix: "cli_", ring: new KeyRing(key) });
    const res = await fetch(`${sb.url}/__sandbox/notion/seed`, {
      method: "POST",
      body: JSON.stringify({ workspace_id: user.workspaceId, databases: SEED_004.slice(0, 2) }),
    });
    expect(res.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await t?.db.query(`DROP SCHEMA IF EXISTS "${mirrors}" CASCADE`);
    await t?.drop();
  });

  it("pulls a user's databases, shows progress per database, prints a table of counts and records the run", async () => {
    const r = await run(["pull", "--user", user.userId]);
    expect(r.err).toContain(`pulling for ${user.userId}`);
    expect(r.err).toMatch(/Characters: 3 rows read \(\d\/2\)/);
    expect(r.err).toMatch(/Worlds: 2 rows read \(\d\/2\)/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^user cli_\w+: ok in \d+ ms/);
    expect(r.out).toMatch(new RegExp(`Characters\\s+${mirrors}\\.characters\\s+3\\s+0\\s+0\\s+0\\s+0\\s+0`));
    expect((await t.db.query(`SELECT name FROM "${mirrors}".characters ORDER BY name`)).rows).toEqual([
      { name: "Hero 0" },
      { name: "Hero 1" },
      { name: "Hero 2" },
    ]);
    const runs = await t.db.query<{ trigger: string; status: string }>("SELECT trigger, status FROM pull_runs");
    expect(runs.rows).toEqual([{ trigger: "cli", status: "completed" }]);
  });

  it("--json prints seed 004's result; --database-name pulls one database", async () => {
    const r = await run(["pull", "--user", user.userId, "--database-name", "worlds", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ success: true, database_name: "Worlds", synced_count: 0, unchanged: 2 });
  });

  it("bad input is refused with the option named, and a database it cannot see exits non-zero", async () => {
    expect((await run(["pull"])).code).toBe(2);
    const both = await run(["pull", "--user", user.userId, "--database-id", "x", "--database-name", "y"]);
    expect(both.code).toBe(2);
    expect(both.err).toContain("--database-name");
    const nobody = await run(["pull", "--user", "nobody"]);
    expect(nobody.code).toBe(1);
    expect(nobody.err).toContain("[not_found]");
    const unseen = await run(["pull", "--user", user.userId, "--database-name", "Secret"]);
    expect(unseen.code).toBe(1);
    expect(unseen.err).toContain('"Secret" not found');
  });
});
