import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertUser } from "../../../src/connections/users.ts";
import { silentLogger } from "../../../src/logger.ts";
import { pullKind } from "../../../src/scheduler/kinds.ts";
import { Leadership } from "../../../src/scheduler/leader.ts";
import { DEFAULT_SCHEDULER_SETTINGS } from "../../../src/scheduler/settings.ts";
import { tick } from "../../../src/scheduler/tick.ts";
import { listRuns } from "../../../src/sync/pull/runs.ts";
import { API_TOKEN } from "../../helpers/api.ts";
import { type TestDb, testDb } from "../../helpers/db.ts";
import { type PullApp, pullApp } from "../../helpers/pull.ts";
import { useSandbox } from "../../helpers/sandbox.ts";
import { EVERYTHING_COLUMNS, EVERYTHING_TYPES, everythingDatabase, SEED_004, text } from "./fixtures.ts";

const sb = useSandbox();

type Row = Record<string, unknown>;
type Data = Record<string, unknown> & { results?: Row[] };

/** Pull sync over the HTTP API, end to end: the API enqueues a notion.pull job, a worker pool runs it against the sandbox. */
describe("pull sync API: POST /v1/notion/sync-to-postgres", () => {
  let t: TestDb;
  let p: PullApp;
  const schema = `pull_api_${randomBytes(4).toString("hex")}`;
  const ds: Record<string, string> = {};
  const q = (table: string, order = "notion_page_id") =>
    t.db.query<Row>(`SELECT * FROM "${schema}"."${table}" ORDER BY ${order}`).then((r) => r.rows);
  const queryCalls = async () => {
    const log = (await (await fetch(`${sb.url}/__sandbox/requests?limit=10000`)).json()) as { by_endpoint: Record<string, number> };
    return log.by_endpoint["POST /v1/data_sources/:id/query"] ?? 0;
  };
  const seed = async (workspaceId: string, databases: object[]) => {
    const res = await fetch(`${sb.url}/__sandbox/notion/seed`, {
      method: "POST",
      body: JSON.stringify({ workspace_id: workspaceId, databases }),
    });
    expect(res.status).toBe(201);
    const out = (await res.json()) as { databases: Array<{ title?: string; data_source_id: string }> };
    return out.databases.map((d) => d.data_source_id);
  };
  const pull = (body: object) => p.call("POST", "/v1/notion/sync-to-postgres", { user_id: p.user.userId, ...body });
  const byName = (data: Data) => Object.fromEntries((data.results ?? []).map((r) => [r.database_name, r]));

  beforeAll(async () => {
    t = await testDb();
    await sb.reset();
    p = await pullApp(t, sb.url, { schema });
    const ids = await seed(p.user.workspaceId, SEED_004);
    SEED_004.forEach((d, i) => {
      ds[d.title] = ids[i] as string;
    });
    const owner = (await p.notion.users.list({})).results.find((u) => u.type === "person")?.id as string;
    const characters = (await p.notion.dataSources.query({ data_source_id: ds.Characters as string })).results;
    const everything = everythingDatabase(ds.Characters as string);
    const [everythingId] = await seed(p.user.workspaceId, [
      {
        ...everything,
        rows: [0, 1].map((i) => ({
          properties: {
            Name: { title: text(`Thing ${i}`) },
            Notes: { rich_text: text(`note ${i}`) },
            Score: { number: 1.5 + i },
            Done: { checkbox: i === 0 },
            Due: { date: { start: `2026-0${i + 1}-05T10:00:00.000Z` } },
            Kind: { select: { name: i === 0 ? "Red" : "Blue" } },
            Tags: { multi_select: [{ name: "a" }, { name: "b" }].slice(0, i + 1) },
            Stage: { status: { name: "In progress" } },
            Owner: { people: [{ id: owner }] },
            Link: { relation: [{ id: characters[i]?.id as string }] },
            Site: { url: `https://example.com/${i}` },
            Mail: { email: `t${i}@example.com` },
            Phone: { phone_number: `+1 555 000${i}` },
            Files: { files: [{ name: "f", external: { url: "https://example.com/f.png" } }] },
          },
        })),
      },
    ]);
    ds.Everything = everythingId as string;
  }, 60_000);
  afterAll(async () => {
    await p?.stop();
    await t?.db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await t?.drop();
  });

  it("with nothing chosen, pulls every database into seed 004's tables and answers in seed 004's shape", async () => {
    const res = await pull({});
    expect(res.status).toBe(200);
    const data = res.body.data as Data;
    expect(data).toMatchObject({ success: true, run_id: expect.any(String) });
    const r = byName(data);
    expect(Object.keys(r).sort()).toEqual(["Characters", "Chat Sessions", "Everything", "Stories", "Worlds"]);
    expect(r.Characters).toMatchObject({ status: "success", synced_count: 3, inserted: 3, table: `${schema}.characters`, full: true });
    expect(r["Chat Sessions"]).toMatchObject({ synced_count: 2, table: `${schema}.chat_sessions` });
    // Seed 004's mappings: first of Description/Bio/Backstory; Concept/Premise; numbers as numbers.
    expect((await q("characters", "name")).map((c) => [c.name, c.description])).toEqual([
      ["Hero 0", "Bio 0"],
      ["Hero 1", "Bio 1"],
      ["Hero 2", "Bio 2"],
    ]);
    expect((await q("worlds", "name")).map((w) => [w.name, w.description])).toEqual([
      ["World 0", "Idea 0"],
      ["World 1", "Idea 1"],
    ]);
    expect((await q("stories", "title")).map((s) => [s.title, s.description])).toEqual([
      ["Story 0", "Once 0"],
      ["Story 1", "Once 1"],
    ]);
    expect((await q("chat_sessions", "title")).map((c) => [c.title, c.transcript, c.message_count])).toEqual([
      ["Chat 0", "user: hi 0\nbot: hello", 2],
      ["Chat 1", "user: hi 1\nbot: hello", 3],
    ]);
    const types = await t.db.query<{ table_name: string; column_name: string; data_type: string }>(
      "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'chat_sessions'",
      [schema],
    );
    expect(Object.fromEntries(types.rows.map((c) => [c.column_name, c.data_type]))).toEqual({
      user_id: "text",
      notion_page_id: "text",
      created_time: "timestamp with time zone",
      last_edited_time: "timestamp with time zone",
      in_trash: "boolean",
      properties: "jsonb",
      content_hash: "text",
      synced_at: "timestamp with time zone",
      title: "text",
      transcript: "text",
      message_count: "double precision",
    });
    // `properties` holds every property exactly as the sandbox returns it.
    const pages = (await p.notion.dataSources.query({ data_source_id: ds.Characters as string })).results as Array<{
      id: string;
      properties: unknown;
    }>;
    const stored = new Map((await q("characters")).map((c) => [c.notion_page_id, c.properties]));
    for (const page of pages) expect(stored.get(page.id)).toEqual(page.properties);
  });

  it("a stored mirror maps every property type to a typed column holding the sandbox's values", async () => {
    const put = await p.call("PUT", `/v1/users/${p.user.userId}/pull-mirrors`, {
      mirrors: [{ database_name: "Everything", table: "everything_typed", columns: EVERYTHING_COLUMNS }],
      all_databases: true,
    });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject([
      { database_name: "Everything", table: "everything_typed", schema, interval_minutes: 15, enabled: true },
      { all_databases: true, schema },
    ]);
    const res = await pull({ database_name: "everything" });
    expect(res.body.data).toMatchObject({
      success: true,
      database_name: "Everything",
      synced_count: 2,
      table: `${schema}.everything_typed`,
    });
    const types = await t.db.query<{ column_name: string; data_type: string }>(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'everything_typed'",
      [schema],
    );
    const actual = Object.fromEntries(types.rows.map((c) => [c.column_name, c.data_type]));
    for (const [column, type] of Object.entries(EVERYTHING_TYPES)) expect([column, actual[column]]).toEqual([column, type]);

    const pages = (await p.notion.dataSources.query({ data_source_id: ds.Everything as string })).results as unknown as Array<{
      id: string;
      created_time: string;
      last_edited_time: string;
      properties: Record<string, Record<string, unknown>>;
    }>;
    const rows = new Map((await q("everything_typed")).map((r) => [r.notion_page_id, r]));
    expect(rows.size).toBe(2);
    for (const page of pages) {
      const row = rows.get(page.id) as Row;
      const v = <T>(name: string, type: string) => page.properties[name]?.[type] as T;
      const plain = (rich: Array<{ plain_text: string }>) => rich.map((x) => x.plain_text).join("");
      expect(row).toMatchObject({
        name: plain(v("Name", "title")),
        notes: plain(v("Notes", "rich_text")),
        score: v("Score", "number"),
        done: v("Done", "checkbox"),
        due: new Date(v<{ start: string }>("Due", "date").start),
        kind: v<{ name: string }>("Kind", "select").name,
        tags: v<Array<{ name: string }>>("Tags", "multi_select").map((o) => o.name),
        stage: "In progress",
        owner: v<Array<{ id: string }>>("Owner", "people").map((o) => o.id),
        link: v<Array<{ id: string }>>("Link", "relation").map((o) => o.id),
        site: v("Site", "url"),
        mail: v("Mail", "email"),
        phone: v("Phone", "phone_number"),
        files: v("Files", "files"),
        created: new Date(page.created_time),
        edited: new Date(page.last_edited_time),
        creator: v<{ id: string }>("Creator", "created_by").id,
        ref: `EV-${v<{ number: number }>("Ref", "unique_id").number}`,
        in_trash: false,
        created_time: new Date(page.created_time),
        last_edited_time: new Date(page.last_edited_time),
        properties: page.properties,
      });
    }
  });

  it("a second run with no change writes nothing and makes one query call per database", async () => {
    const before = await queryCalls();
    const synced = new Map((await q("characters")).map((c) => [c.notion_page_id, (c.synced_at as Date).getTime()]));
    const res = await pull({});
    const data = res.body.data as Data;
    expect(data.success).toBe(true);
    expect(data.results).toHaveLength(5);
    for (const r of data.results ?? [])
      expect(r).toMatchObject({ status: "success", synced_count: 0, inserted: 0, updated: 0, full: false });
    expect((await queryCalls()) - before).toBe(5);
    for (const c of await q("characters")) expect((c.synced_at as Date).getTime()).toBe(synced.get(c.notion_page_id));
  });

  it("a row edited in Notion is the one row the next run updates", async () => {
    const [first, ...others] = await q("characters", "name");
    await p.notion.pages.update({ page_id: first?.notion_page_id as string, properties: { Bio: { rich_text: text("Rewritten") } } });
    const source = await p.notion.dataSources.retrieve({ data_source_id: ds.Characters as string });
    const res = await pull({ database_id: (source as unknown as { parent: { database_id: string } }).parent.database_id });
    expect(res.body.data).toMatchObject({ success: true, database_name: "Characters", updated: 1, inserted: 0, synced_count: 1 });
    const after = await q("characters", "name");
    expect(after[0]).toMatchObject({ name: "Hero 0", description: "Rewritten" });
    for (const [i, o] of others.entries()) expect(after[i + 1]?.synced_at).toEqual(o.synced_at);
  });

  it("a mapping to an unknown property fails that database only, naming the property; nothing else changes", async () => {
    const put = await p.call("PUT", `/v1/users/${p.user.userId}/pull-mirrors`, {
      mirrors: [
        { database_name: "Characters", table: "characters", columns: [{ column: "mood", from: "No Such Property" }] },
        { database_name: "Stories", table: "stories", columns: [{ column: "title", from: "Story Title" }] },
      ],
    });
    expect(put.status).toBe(200);
    const before = await q("characters");
    const res = await pull({});
    const r = byName(res.body.data as Data);
    expect(res.body.data).toMatchObject({ success: false });
    expect(r.Characters).toMatchObject({ status: "error", error: expect.stringContaining("No Such Property") });
    expect(r.Stories).toMatchObject({ status: "success" });
    expect(Object.keys(r).sort()).toEqual(["Characters", "Stories"]);
    expect(await q("characters")).toEqual(before);
  });

  it("hostile table and column names are refused with the field named; nothing is stored", async () => {
    const before = await p.call("GET", `/v1/users/${p.user.userId}/pull-mirrors`);
    const bad = await p.call("PUT", `/v1/users/${p.user.userId}/pull-mirrors`, {
      mirrors: [
        { database_name: "Stories", table: "stories" },
        { database_name: "Worlds", table: 'w"; DROP TABLE app_users; --', columns: [{ column: "Robert'); --", from: "x" }] },
      ],
    });
    expect(bad.status).toBe(400);
    const fields = (bad.body.error as unknown as { details: { issues: Array<{ field: string }> } }).details.issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(["body.mirrors.1.table", "body.mirrors.1.columns.0.column"]));
    const schemaBad = await p.call("PUT", `/v1/users/${p.user.userId}/pull-mirrors`, { all_databases: { schema: "pg_catalog" } });
    expect(schemaBad.status).toBe(400);
    expect((await p.call("GET", `/v1/users/${p.user.userId}/pull-mirrors`)).body).toEqual(before.body);
    expect((await t.db.query("SELECT count(*)::int AS n FROM app_users")).rows[0]).toMatchObject({ n: 1 });
  });

  it("a database the integration cannot see is not_found (404); nothing else is touched", async () => {
    const other = (await (await fetch(`${sb.url}/__sandbox/notion/tokens`, { method: "POST", body: "" })).json()) as {
      workspace_id: string;
    };
    await seed(other.workspace_id, [{ title: "Secret", properties: { Name: { title: {} } }, rows: [] }]);
    const byName = await pull({ database_name: "Secret" });
    expect(byName.status).toBe(404);
    expect(byName.body.error).toMatchObject({ code: "not_found", message: expect.stringContaining('"Secret"') });
    const byId = await pull({ database_id: "0f0e0d0c-0b0a-4909-8807-060504030201" });
    expect(byId.status).toBe(404);
    const tables = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1", [
      schema,
    ]);
    expect(tables.rows[0]?.n).toBe(6);
  });

  it("answers 202 with the run to poll when asked not to wait; the run ends completed with the result", async () => {
    const res = await pull({ database_name: "Worlds", wait_seconds: 0, full: true });
    expect(res.status).toBe(202);
    const pending = res.body.data as { runs: Array<{ run_id: string; status: string }>; poll: string[] };
    expect(pending.poll).toEqual([`/v1/notion/pull-runs/${pending.runs[0]?.run_id}`]);
    let run: { status: string; result: unknown; trigger: string; progress: unknown } | undefined;
    for (let i = 0; i < 100; i++) {
      run = (await p.call("GET", pending.poll[0] as string)).body.data as typeof run;
      if (run?.status === "completed") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(run).toMatchObject({
      status: "completed",
      trigger: "api",
      result: { success: true, database_name: "Worlds", unchanged: 2, full: true },
    });
    expect(run?.progress).toMatchObject({ databases: 1, done: 1 });
    const listed = await p.call("GET", `/v1/users/${p.user.userId}/pull-runs?limit=1`);
    expect((listed.body.data as Array<{ run_id: string }>)[0]?.run_id).toBe(pending.runs[0]?.run_id);
  });

  it("the scheduler pulls each due mirror once, and again one interval later", async () => {
    await p.call("PUT", `/v1/users/${p.user.userId}/pull-mirrors`, {
      mirrors: [{ database_name: "Stories", table: "stories", interval_minutes: 30 }],
      all_databases: { interval_minutes: 60, enabled: false },
    });
    const schedule = await p.call("GET", `/v1/users/${p.user.userId}/schedules`);
    expect(schedule.body.data).toEqual([
      expect.objectContaining({ kind: "pull", background: true, interval_s: 1800, interval_from: "schedule" }),
    ]);
    const tickAt = async (at: number) => {
      const clock = { now: () => new Date(at) };
      const lead = await new Leadership(t.db, { holder: "pull-test", leaseMs: 60_000, clock }).bid();
      if (!lead) throw new Error("no lead");
      const deps = {
        db: t.db,
        queue: p.queue,
        clock,
        logger: silentLogger(),
        providers: p.deps.providers,
        settings: DEFAULT_SCHEDULER_SETTINGS,
        kinds: [pullKind],
      };
      return (await tick(deps, lead)).kinds[0];
    };
    const scheduled = async () => (await listRuns(t.db, p.user.userId, 10)).filter((r) => r.trigger === "schedule");
    const settled = async (n: number) => {
      for (let i = 0; i < 100; i++) {
        const runs = await scheduled();
        if (runs.length === n && runs.every((r) => r.status === "completed")) return runs;
        await new Promise((r) => setTimeout(r, 100));
      }
      return scheduled();
    };
    expect(await tickAt(Date.now())).toMatchObject({ kind: "pull", due: 1, admitted: 1 });
    expect(await tickAt(Date.now())).toMatchObject({ due: 0, admitted: 0 });
    const first = await settled(1);
    expect(first.map((r) => [r.status, r.request])).toEqual([["completed", { mirrorIds: [expect.any(String)] }]]);
    // Its run reported what it cost; it is not due again before its 30 minutes.
    const [ran] = (await p.call("GET", `/v1/users/${p.user.userId}/schedules`)).body.data as Array<Record<string, unknown>>;
    expect(ran).toMatchObject({ in_flight_job_id: null, last_cost: expect.any(Number) });
    expect(await tickAt(Date.now() + 60_000)).toMatchObject({ due: 0 });
    expect(await tickAt(Date.now() + 31 * 60_000)).toMatchObject({ due: 1, admitted: 1 });
    const runs = await settled(2);
    expect(runs.map((r) => r.status)).toEqual(["completed", "completed"]);
    const mirrors = (await p.call("GET", `/v1/users/${p.user.userId}/pull-mirrors`)).body.data as Array<Record<string, unknown>>;
    expect(mirrors[0]).toMatchObject({ database_name: "Stories", last_run_id: runs[0]?.id, interval_minutes: 30 });
  });

  it("without user_id, pulls every user with stored mirrors; unknown users, missing connections and entitlements are refused", async () => {
    await upsertUser(t.db, { id: "no_conn", entitlements: ["notion_sync"], tier: "free", metadata: {} });
    await upsertUser(t.db, { id: "no_ent", entitlements: [], tier: "free", metadata: {} });
    const all = await p.call("POST", "/v1/notion/sync-to-postgres", {});
    expect(all.status).toBe(200);
    const results = (all.body.data as Data).results ?? [];
    expect(new Set(results.map((r) => r.user_id))).toEqual(new Set([p.user.userId]));
    expect((await p.call("POST", "/v1/notion/sync-to-postgres", { user_id: "nobody" })).body.error).toMatchObject({ code: "not_found" });
    expect((await p.call("POST", "/v1/notion/sync-to-postgres", { user_id: "no_conn" })).status).toBe(409);
    expect((await p.call("POST", "/v1/notion/sync-to-postgres", { user_id: "no_ent" })).status).toBe(403);
    const alias = (auth: boolean) =>
      p.app.request("/api/notion/sync-to-postgres", {
        method: "POST",
        headers: { ...(auth ? { authorization: `Bearer ${API_TOKEN}` } : {}), "content-type": "application/json" },
        body: JSON.stringify({ user_id: p.user.userId, database_name: "Stories" }),
      });
    expect((await alias(false)).status).toBe(401);
    const aliased = await alias(true);
    expect(await aliased.json()).toMatchObject({ data: { success: true, database_name: "Stories" } });
  });
});
