import type { Context, Hono } from "hono";
import type { SandboxEnv } from "../env.ts";
import type { ViewPart } from "../module.ts";
import { layout } from "./html.ts";

/** No scripts, no frames, no forms; images only over http(s) (covers and icons). */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src http: https:; base-uri 'none'; form-action 'none'";

/** What a view page says: its title, body, the path that marks it in the sidebar, and its status. */
export interface ViewPage {
  title: string;
  body: string;
  current?: string;
  status?: 200 | 404;
}

/**
 * The HTML view's frame: one layout, one sidebar made of every module's nav section, one home page
 * at `/` summing up what each module holds. Modules add their parts when the sandbox is built and
 * answer their own pages with `send`.
 */
export class SandboxView {
  private readonly parts: ViewPart[] = [];

  add(part: ViewPart): void {
    this.parts.push(part);
  }

  /** A page in the frame, with the Content-Security-Policy every view page carries. */
  send(c: Context, page: ViewPage): Response {
    const nav = this.parts.map((p) => p.nav(page.current)).join("");
    const css = this.parts.map((p) => p.css ?? "").join("");
    c.header("Content-Security-Policy", CSP);
    return c.html(layout(page.title, nav, page.body, css), page.status ?? 200);
  }

  /** `GET /`: what the sandbox holds, module by module. */
  mountHome(app: Hono<SandboxEnv>): void {
    app.get("/", (c) => {
      const counts = this.parts.flatMap((p) => p.counts()).join(", ");
      const more = this.parts.map((p) => p.home?.() ?? "").join("");
      const body = `<div class="page home"><h1>Sandbox</h1>
<p class="meta">${counts}. Pick one on the left.</p>${more}</div>`;
      return this.send(c, { title: "Workspaces", body });
    });
  }
}
