import { Client } from "@notionhq/client";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildSandbox } from "../../src/sandbox/app.ts";
import type { SandboxInstance, SandboxModule } from "../../src/sandbox/core/module.ts";
import { notionSandbox } from "../../src/sandbox/notion/index.ts";

interface EchoSandbox extends SandboxInstance {
  readonly state: { hits: number; greeting: string };
}

/** A third provider's module: an API under /echo/, a control route, a setting in /rate-limits, its fault shape and view part. */
const echoSandbox: SandboxModule<EchoSandbox> = {
  id: "echo",
  create(core) {
    const state = { hits: 0, greeting: "hello" };
    return {
      state,
      paths: [
        {
          paths: ["/echo/"],
          faults: {
            error: (c, rule) => c.json({ echo_error: rule.code ?? "boom" }, rule.status as 500),
            timeout: (c) => c.json({ echo_error: "slow" }, 504),
          },
          notFound: (c) => c.json({ echo_error: "no such echo" }, 404),
          onError: (err, c) => c.json({ echo_error: err.message }, 500),
        },
      ],
      rateLimits: {
        body: z.object({ greeting: z.string().optional() }).strict(),
        get: () => ({ greeting: state.greeting }),
        set: (p: { greeting?: string }) => {
          state.greeting = p.greeting ?? state.greeting;
        },
      },
      view: {
        nav: (current) => `<a href="/echo-view"${current === "/echo-view" ? ' class="current"' : ""}>Echo</a>`,
        counts: () => [`${state.hits} echo(s)`],
      },
      reset: () => Object.assign(state, { hits: 0, greeting: "hello" }),
      mount(app) {
        app.get("/echo/say/:word", (c) => {
          state.hits++;
          return c.json({ said: `${state.greeting} ${c.req.param("word")}` });
        });
        app.get("/echo/throw", () => {
          throw new Error("thrown");
        });
        app.get("/__sandbox/echo/hits", (c) => c.json({ hits: state.hits }));
        app.get("/echo-view", (c) => core.view.send(c, { title: "Echo", current: "/echo-view", body: `<p>${state.hits} hits</p>` }));
      },
    };
  },
};

describe("sandbox: modules on the core", () => {
  const build = () => buildSandbox({ modules: [notionSandbox, echoSandbox] });
  const json = async (res: Response | Promise<Response>) => {
    const r = await res;
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };

  it("mounts a third module beside Notion: its routes, control routes, view part and reset", async () => {
    const sb = build();
    const { app } = sb;
    expect(await json(app.request("/echo/say/hi"))).toEqual({ status: 200, body: { said: "hello hi" } });
    expect(await json(app.request("/__sandbox/echo/hits"))).toEqual({ status: 200, body: { hits: 1 } });
    expect(sb.instance(echoSandbox).state.hits).toBe(1);

    const home = await (await app.request("/")).text();
    expect(home).toContain("0 workspace(s), 0 page(s), 0 database(s), 1 echo(s). Pick one on the left.");
    expect(home).toContain('<a href="/echo-view">Echo</a>');
    const page = await app.request("/echo-view");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await page.text()).toContain('<a href="/echo-view" class="current">Echo</a>');

    await app.request("/__sandbox/reset", { method: "POST" });
    expect(sb.instance(echoSandbox).state.hits).toBe(0);
  });

  it("merges every module's settings in /__sandbox/rate-limits, validating each section", async () => {
    const { app } = build();
    const limits = await json(app.request("/__sandbox/rate-limits"));
    expect(limits.body).toMatchObject({ notion: { enabled: true, rate: 3 }, echo: { greeting: "hello" } });
    const put = await json(app.request("/__sandbox/rate-limits", { method: "PUT", body: JSON.stringify({ echo: { greeting: "hey" } }) }));
    expect(put.body).toMatchObject({ notion: { rate: 3 }, echo: { greeting: "hey" } });
    expect(await json(app.request("/echo/say/you"))).toMatchObject({ body: { said: "hey you" } });
    const bad = await json(app.request("/__sandbox/rate-limits", { method: "PUT", body: JSON.stringify({ echo: { greeting: 1 } }) }));
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { code: "validation_error", message: expect.stringContaining("echo.greeting") } },
    });
  });

  it("answers faults, unknown paths and errors in the shape of the module that claims the path", async () => {
    const { app } = build();
    await app.request("/__sandbox/faults", { method: "POST", body: JSON.stringify({ path: "say", status: 503, code: "down", count: 1 }) });
    expect(await json(app.request("/echo/say/hi"))).toEqual({ status: 503, body: { echo_error: "down" } });
    expect(await json(app.request("/echo/say/hi"))).toMatchObject({ status: 200 });
    expect(await json(app.request("/echo/nowhere"))).toEqual({ status: 404, body: { echo_error: "no such echo" } });
    expect(await json(app.request("/echo/throw"))).toEqual({ status: 500, body: { echo_error: "thrown" } });
    expect(await json(app.request("/v1/nowhere"))).toMatchObject({ status: 401, body: { object: "error", code: "unauthorized" } });
    expect(await json(app.request("/elsewhere"))).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    // A rule for every path leaves the control API alone.
    await app.request("/__sandbox/faults", { method: "POST", body: JSON.stringify({ status: 500 }) });
    expect(await json(app.request("/__sandbox/echo/hits"))).toMatchObject({ status: 200 });
  });

  it("works with the official Notion client when Notion is one module among others", async () => {
    const { app } = build();
    const minted = await json(app.request("/__sandbox/notion/tokens", { method: "POST" }));
    const notion = new Client({
      auth: String(minted.body.access_token),
      baseUrl: "http://sandbox.test",
      fetch: async (url, init) => app.request(url, init as RequestInit),
    });
    await expect(notion.users.me({})).resolves.toMatchObject({ object: "user", type: "bot" });
  });

  it("refuses two modules with one id, and ids that cannot be a path segment", () => {
    expect(() => buildSandbox({ modules: [echoSandbox, echoSandbox] })).toThrow(/two sandbox modules/);
    expect(() => buildSandbox({ modules: [{ ...echoSandbox, id: "Echo/1" }] })).toThrow(/must match/);
  });
});
