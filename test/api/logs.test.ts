import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_TOKEN, type ApiFixture, apiFixture, capturedLogger, WORKER_SECRET } from "../helpers/api.ts";

const OAUTH_CODE = "oauth-code-7f3a9c1d";
const ACCESS_TOKEN = "secret_notion_access_token_42";
const COOKIE = "ferry_state=signed-state-value-99";

describe("API logs", () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await apiFixture();
  });
  afterAll(async () => {
    await f?.drop();
  });

  it("carry the request id on every line of a request, and never a token, cookie or OAuth code", async () => {
    const app = f.app();
    const boom = f.app();
    boom.get("/boom", () => {
      throw new Error("kaput");
    });
    const headers = { Authorization: `Bearer ${API_TOKEN}`, Cookie: COOKIE, "Content-Type": "application/json" };
    const body = JSON.stringify({ access_token: ACCESS_TOKEN, refresh_token: ACCESS_TOKEN, code: OAUTH_CODE });
    const ids = ["log-1", "log-2", "log-3", "log-4"] as const;
    await app.request("/v1/meta", { headers: { ...headers, "X-Request-Id": ids[0] } });
    await app.request(`/v1/meta?code=${OAUTH_CODE}`, { method: "POST", headers: { ...headers, "X-Request-Id": ids[1] }, body });
    await app.request("/api/worker/process-jobs", {
      method: "POST",
      headers: { ...headers, Authorization: `Bearer ${WORKER_SECRET}`, "X-Request-Id": ids[2] },
      body: JSON.stringify({ limit: 1, access_token: ACCESS_TOKEN }),
    });
    const res = await boom.request(`/boom?code=${OAUTH_CODE}`, { headers: { ...headers, "X-Request-Id": ids[3] } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: "internal", message: "internal error", request_id: ids[3] } });

    const lines = f.logs.map((l) => JSON.parse(l) as { requestId?: string; msg: string; status?: number });
    expect(lines.filter((l) => !l.requestId)).toEqual([]);
    for (const id of ids) expect(lines.some((l) => l.requestId === id && l.msg === "request")).toBe(true);
    expect(lines.find((l) => l.msg === "unhandled error in route")?.requestId).toBe(ids[3]);
    const all = f.logs.join("");
    for (const secret of [API_TOKEN, WORKER_SECRET, ACCESS_TOKEN, OAUTH_CODE, "signed-state-value-99"]) expect(all).not.toContain(secret);
  });

  it("redact secrets wherever a caller puts them, up to two levels down", () => {
    const { logger, lines } = capturedLogger();
    logger.info(
      {
        authorization: `Bearer ${API_TOKEN}`,
        headers: { authorization: `Bearer ${API_TOKEN}`, cookie: COOKIE, "set-cookie": COOKIE },
        body: { access_token: ACCESS_TOKEN, client_secret: "cs-123456789", code: OAUTH_CODE },
        query: { code: OAUTH_CODE },
        response: { data: { refresh_token: ACCESS_TOKEN, password: "pw-123456789", secret: "s-123456789", token: "t-123456789" } },
        err: { code: "ECONNREFUSED" },
      },
      "something happened",
    );
    const text = lines.join("");
    for (const secret of [API_TOKEN, ACCESS_TOKEN, OAUTH_CODE, "signed-state", "cs-1", "pw-1", "s-1", "t-1"])
      expect(text).not.toContain(secret);
    expect(text).toContain("[redacted]");
    expect(text).toContain("ECONNREFUSED");
  });
});
