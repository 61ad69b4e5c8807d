import { describe, expect, it } from "vitest";
import { buildSandbox } from "../../src/sandbox/app.ts";
import { insertEvent } from "../../src/sandbox/google/event-store.ts";
import { googleSandbox } from "../../src/sandbox/google/index.ts";
import { renderCalendars } from "../../src/sandbox/google/view.ts";

/** The HTML fragment of Google calendars, for the sandbox's view. */
describe("sandbox: Google calendars view", () => {
  it("lists accounts, calendars and events, escaped, with cancelled events struck through", () => {
    const { state } = buildSandbox({ modules: [googleSandbox] }).instance(googleSandbox);
    expect(renderCalendars(state)).toContain("No Google accounts yet");
    const account = state.createAccount({ email: "ada@sandbox.test", name: "Ada <Lovelace>" });
    const cal = state.primaryCalendar(account.id);
    if (!cal) throw new Error("no primary calendar");
    const at = { start: { date: "2026-03-10" }, end: { date: "2026-03-11" } };
    insertEvent(cal, { summary: "<script>alert(1)</script>", ...at }, new Date());
    insertEvent(cal, { summary: "Dropped", status: "cancelled", ...at }, new Date());
    const html = renderCalendars(state);
    expect(html).toContain("Ada &#60;Lovelace&#62;");
    expect(html).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
    expect(html).not.toContain("<script>");
    expect(html).toContain("<s>Dropped</s>");
    expect(html).toContain("2026-03-10");
  });
});
