/**
 * Hostile inputs for the API fuzz test, generated from an operation of the OpenAPI document, so
 * a route added later is fuzzed without anyone writing a case for it.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  $ref?: string;
  anyOf?: JsonSchema[];
}

export interface FuzzOperation {
  method: string;
  /** The OpenAPI path, with `{param}` placeholders. */
  path: string;
  /** Names of the security schemes it requires; empty when public. */
  security: string[];
  /** The JSON body's schema (`$ref`s resolved at the top), when it takes one. */
  body: JsonSchema | undefined;
}

export interface FuzzCase {
  name: string;
  path: string;
  init: { method: string; headers: Record<string, string>; body?: string | FormData };
  /** True when the input is certainly invalid for a route that reads a JSON body: the answer must be 4xx. */
  invalid: boolean;
}

const ODD_SEGMENTS = [
  "%00",
  "..%2F..%2Fetc%2Fpasswd",
  "../../etc",
  "a".repeat(5000),
  "%E0%A4%A",
  "%3Cscript%3E",
  "%F0%9F%9A%A2",
  "%20",
  "-1",
  "null",
];

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

/** Paths with each `{param}` replaced by odd values; for a path without params, odd suffixes. */
export function oddPaths(path: string): string[] {
  if (!path.includes("{")) return ODD_SEGMENTS.map((s) => `${path.replace(/\/$/, "")}/${s}`);
  return ODD_SEGMENTS.map((s) => path.replace(/\{[^}]+\}/g, s));
}

/** Values of the wrong type for a property of type `type`. */
function wrongValues(type: string | string[] | undefined): unknown[] {
  const all: Record<string, unknown> = {
    string: 12345,
    number: "12",
    integer: 1.5,
    boolean: "yes",
    array: { not: "an array" },
    object: [1, 2],
  };
  const types = Array.isArray(type) ? type : type ? [type] : [];
  // Generic wrong values, minus those that are right for the declared type (an empty array for an array, any object for a record).
  const generic = [
    null,
    ...(types.includes("object") ? [] : [{ deep: nested(3) }]),
    ...(types.includes("array") ? [] : [[]]),
    ...(types.includes("string") ? [] : ["x".repeat(10_000)]),
  ];
  return [...types.map((t) => all[t]).filter((v) => v !== undefined), ...generic];
}

/** Body cases: structurally wrong JSON, wrong types per declared property, unknown properties, malformed JSON, wrong media types. */
export function bodyCases(op: FuzzOperation, path: string, headers: Record<string, string>): FuzzCase[] {
  const json = { ...headers, "Content-Type": "application/json" };
  const c = (name: string, body: string | FormData, h: Record<string, string>, invalid = true): FuzzCase => ({
    name,
    path,
    init: { method: op.method, headers: h, body },
    invalid,
  });
  const cases: FuzzCase[] = [
    c("empty JSON body", "", json, false),
    c("whitespace body", "  \n ", json, false),
    c("null", "null", json),
    c("array", "[]", json),
    c("array of objects", '[{"a":1}]', json),
    c("string", '"hello"', json),
    c("number", "42", json),
    c("boolean", "true", json),
    c("deeply nested object", nested(2000), json),
    c("huge string (2 MB)", JSON.stringify({ s: "x".repeat(2 * 1024 * 1024) }), json),
    c("unknown property", '{"unexpected_field":1}', json),
    c("__proto__ property", '{"__proto__":{"polluted":true}}', json),
    c("constructor property", '{"constructor":{"prototype":{"polluted":true}}}', json),
    c("malformed JSON: open brace", "{", json),
    c("malformed JSON: single quotes", "{'a':1}", json),
    c("malformed JSON: trailing comma", '{"a":1,}', json),
    c("malformed JSON: NUL byte", "\u0000", json),
    c("text/plain body", '{"a":1}', { ...headers, "Content-Type": "text/plain" }),
    c("form body", "a=1&b=2", { ...headers, "Content-Type": "application/x-www-form-urlencoded" }),
    c("XML body", "<a>1</a>", { ...headers, "Content-Type": "application/xml" }),
    c("body without content type", '{"a":1}', { ...headers }),
  ];
  const form = new FormData();
  form.set("a", "1");
  cases.push(c("multipart body", form, headers));
  for (const [key, prop] of Object.entries(op.body?.properties ?? {})) {
    wrongValues(prop.type).forEach((value, i) => {
      cases.push(c(`wrong type #${i} for ${key}`, JSON.stringify({ [key]: value }), json));
    });
  }
  return cases;
}

/** Query-string cases, for every operation. */
export function queryCases(op: FuzzOperation, path: string, headers: Record<string, string>): FuzzCase[] {
  const qs = ["?a=%00", "?limit=-1&limit=x", "?x[]=1&x[y]=2", `?q=${"z".repeat(8000)}`, "?%ZZ=%ZZ", "?page_size=1e999"];
  return qs.map((q) => ({ name: `query ${q.slice(0, 20)}`, path: `${path}${q}`, init: { method: op.method, headers }, invalid: false }));
}
