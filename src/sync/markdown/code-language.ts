import type { BlockObjectRequest } from "@notionhq/client";

/** The `language` values Notion's code block accepts. */
export type NotionLanguage = Extract<BlockObjectRequest, { code: unknown }>["code"]["language"];

// biome-ignore format: a list, kept compact
const LANGUAGES: readonly NotionLanguage[] = [
  "abap", "abc", "agda", "arduino", "ascii art", "assembly", "bash", "basic", "bnf", "c", "c#", "c++", "clojure",
  "coffeescript", "coq", "css", "dart", "dhall", "diff", "docker", "ebnf", "elixir", "elm", "erlang", "f#", "flow",
  "fortran", "gherkin", "glsl", "go", "graphql", "groovy", "haskell", "hcl", "html", "idris", "java", "javascript",
  "json", "julia", "kotlin", "latex", "less", "lisp", "livescript", "llvm ir", "lua", "makefile", "markdown", "markup",
  "matlab", "mathematica", "mermaid", "nix", "notion formula", "objective-c", "ocaml", "pascal", "perl", "php",
  "plain text", "powershell", "prolog", "protobuf", "purescript", "python", "r", "racket", "reason", "ruby", "rust",
  "sass", "scala", "scheme", "scss", "shell", "smalltalk", "solidity", "sql", "swift", "toml", "typescript", "vb.net",
  "verilog", "vhdl", "visual basic", "webassembly", "xml", "yaml", "java/c/c++/c#",
];
const KNOWN = new Set<string>(LANGUAGES);

/** Names code fences commonly use for a language Notion knows by another name. */
// biome-ignore format: a table, kept compact
const ALIASES: Record<string, NotionLanguage> = {
  js: "javascript", jsx: "javascript", mjs: "javascript", cjs: "javascript", node: "javascript",
  ts: "typescript", tsx: "typescript", mts: "typescript", cts: "typescript",
  sh: "shell", zsh: "shell", fish: "shell", console: "shell", shellsession: "shell", bash: "bash",
  py: "python", python3: "python", py3: "python", rb: "ruby", rs: "rust", golang: "go",
  yml: "yaml", md: "markdown", txt: "plain text", text: "plain text", plaintext: "plain text", plain: "plain text",
  cpp: "c++", cxx: "c++", cc: "c++", hpp: "c++", h: "c", cs: "c#", csharp: "c#", fs: "f#", fsharp: "f#",
  kt: "kotlin", kts: "kotlin", objc: "objective-c", "objective c": "objective-c", ps1: "powershell", pwsh: "powershell",
  dockerfile: "docker", make: "makefile", mk: "makefile", tf: "hcl", terraform: "hcl", proto: "protobuf",
  tex: "latex", htm: "html", xhtml: "html", svg: "xml", jsonc: "json", json5: "json", gql: "graphql",
  patch: "diff", ex: "elixir", exs: "elixir", erl: "erlang", hs: "haskell", clj: "clojure", cljs: "clojure",
  ml: "ocaml", pl: "perl", vb: "visual basic", vbnet: "vb.net", wasm: "webassembly", wat: "webassembly",
  asm: "assembly", nasm: "assembly", sol: "solidity", postgres: "sql", postgresql: "sql", mysql: "sql", sqlite: "sql",
  mermaidjs: "mermaid", ino: "arduino", coffee: "coffeescript", jl: "julia", scm: "scheme", rkt: "racket",
};

/** Notion's language for a fence's info word, or null when Notion has none (the caller shows it as plain text). */
export function notionLanguage(lang: string | null | undefined): NotionLanguage | null {
  const key = (lang ?? "").trim().toLowerCase();
  if (key === "") return "plain text";
  if (KNOWN.has(key)) return key as NotionLanguage;
  return ALIASES[key] ?? null;
}
