import { describe, expect, it } from "vitest";
import type { PropertySchema } from "../../../src/sandbox/notion/model.ts";
import { fullValue } from "../../../src/sandbox/notion/properties.ts";
import type { SandboxBlock } from "../../../src/sandbox/notion/state.ts";
import { propertyValue } from "../../../src/sandbox/notion/values.ts";
import { extract, sqlTypeOf, toParam } from "../../../src/sync/pull/columns.ts";

const USER = "6f1c2a8e-4b7d-4e5a-9c3b-1d2e3f4a5b6c";
const PAGE = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

const prop = (type: string, config: Record<string, unknown> = {}): PropertySchema => ({
  id: `id_${type}`,
  name: type,
  type,
  description: null,
  config,
});

/** A page property value as the sandbox returns it: `{ id, type, [type]: value }`, the value validated by the sandbox. */
function sandboxValue(type: string, raw: unknown, config?: Record<string, unknown>) {
  const p = prop(type, config);
  return { id: p.id, type, [type]: propertyValue(p, { [type]: raw }, `properties.${type}`) };
}

/** A computed value (created_time, unique_id, formula, ...) as the sandbox computes it for a page. */
function computedValue(type: string, stored?: unknown, config: Record<string, unknown> = {}) {
  const p = prop(type, config);
  const page = {
    values: stored === undefined ? {} : { [p.id]: stored },
    createdTime: new Date("2024-03-01T10:00:00Z"),
    lastEditedTime: new Date("2024-03-02T11:30:00Z"),
    createdBy: USER,
    lastEditedBy: USER,
  } as unknown as SandboxBlock;
  return { id: p.id, type, [type]: fullValue(page, p) };
}

const text = (s: string) => [{ type: "text", text: { content: s } }];

describe("extract: every property type from the sandbox's value shapes", () => {
  it("reads editable types into their natural column values", () => {
    expect(extract("title", sandboxValue("title", [...text("Ada "), ...text("Lovelace")]))).toBe("Ada Lovelace");
    expect(extract("rich_text", sandboxValue("rich_text", text("A mathematician")))).toBe("A mathematician");
    expect(extract("number", sandboxValue("number", 42.5))).toBe(42.5);
    expect(extract("checkbox", sandboxValue("checkbox", true))).toBe(true);
    expect(extract("url", sandboxValue("url", "https://example.com"))).toBe("https://example.com");
    expect(extract("email", sandboxValue("email", "ada@example.com"))).toBe("ada@example.com");
    expect(extract("phone_number", sandboxValue("phone_number", "+44 20"))).toBe("+44 20");
    expect(extract("select", sandboxValue("select", { name: "Draft" }))).toBe("Draft");
    const status = { options: [{ id: "s1", name: "Done", color: "green" }] };
    expect(extract("status", sandboxValue("status", { name: "Done" }, status))).toBe("Done");
    expect(extract("multi_select", sandboxValue("multi_select", [{ name: "a" }, { name: "b" }]))).toEqual(["a", "b"]);
    expect(extract("date", sandboxValue("date", { start: "2024-05-01T09:00:00Z", end: null }))).toBe("2024-05-01T09:00:00Z");
    expect(extract("people", sandboxValue("people", [{ id: USER }]))).toEqual([USER]);
    expect(extract("relation", sandboxValue("relation", [{ id: PAGE }]))).toEqual([PAGE]);
    const files = [{ name: "a.png", external: { url: "https://example.com/a.png" } }];
    expect(extract("files", sandboxValue("files", files))).toEqual([
      { name: "a.png", type: "external", external: { url: "https://example.com/a.png" } },
    ]);
  });

  it("reads computed types as the sandbox computes them", () => {
    expect(extract("created_time", computedValue("created_time"))).toBe("2024-03-01T10:00:00.000Z");
    expect(extract("last_edited_time", computedValue("last_edited_time"))).toBe("2024-03-02T11:30:00.000Z");
    expect(extract("created_by", computedValue("created_by"))).toBe(USER);
    expect(extract("last_edited_by", computedValue("last_edited_by"))).toBe(USER);
    expect(extract("unique_id", computedValue("unique_id", 7, { prefix: "CHR" }))).toBe("CHR-7");
    expect(extract("unique_id", computedValue("unique_id", 7))).toBe("7");
    expect(extract("formula", computedValue("formula"))).toEqual({ type: "string", string: null });
    expect(extract("rollup", computedValue("rollup"))).toEqual({ type: "array", array: [], function: "show_original" });
  });

  it("is null-safe: empty, missing and malformed values", () => {
    for (const type of ["title", "rich_text", "number", "url", "select", "date", "unique_id", "files", "formula", "created_by"])
      expect(extract(type, undefined), type).toBeNull();
    expect(extract("title", sandboxValue("title", []))).toBeNull();
    expect(extract("number", sandboxValue("number", null))).toBeNull();
    expect(extract("select", sandboxValue("select", null))).toBeNull();
    expect(extract("date", sandboxValue("date", null))).toBeNull();
    expect(extract("unique_id", computedValue("unique_id"))).toBeNull();
    expect(extract("checkbox", { type: "checkbox" })).toBe(false);
    expect(extract("multi_select", { type: "multi_select", multi_select: "nope" })).toEqual([]);
    expect(extract("people", { type: "people", people: [{ id: 3 }, null, { id: USER }] })).toEqual([USER]);
    expect(extract("number", { type: "number", number: "12" })).toBeNull();
  });

  it("honours an override to text or jsonb, and keeps unknown types as jsonb", () => {
    expect(extract("number", sandboxValue("number", 3), "text")).toBe("3");
    expect(extract("multi_select", sandboxValue("multi_select", [{ name: "a" }, { name: "b" }]), "text")).toBe("a, b");
    expect(extract("checkbox", sandboxValue("checkbox", false), "text")).toBe("false");
    expect(extract("select", sandboxValue("select", { name: "X" }), "jsonb")).toMatchObject({ name: "X" });
    expect(sqlTypeOf("button")).toBe("jsonb");
    expect(extract("button", { type: "button", button: {} })).toEqual({});
    expect(toParam("jsonb", ["a"])).toBe('["a"]');
    expect(toParam("text[]", ["a"])).toEqual(["a"]);
    expect(toParam("jsonb", undefined)).toBeNull();
  });
});
