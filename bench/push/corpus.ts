import { readdirSync, readFileSync } from "node:fs";
import type { DocumentInput } from "../../src/sync/push/documents.ts";
import { generatedNote } from "./generate.ts";

/** The markdown corpus of the converter's tests, used as some notes' bodies (read as files, not imported). */
const FIXTURES = new URL("../../test/fixtures/markdown/", import.meta.url);

export interface Corpus {
  /** Workspaces and folders, parents first. */
  containers: DocumentInput[];
  notes: DocumentInput[];
  /** How many notes took each kind of body. */
  bodies: Record<string, number>;
}

/** A small seeded generator (mulberry32): the same corpus on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const node = (kind: string, id: string, parent: DocumentInput["parent"], title: string, position: number, body: string | null = null) => ({
  kind,
  id,
  parent,
  title,
  body,
  position,
  updatedAt: null,
});

/**
 * `workspaces` workspaces, each with three folders of two sub-folders (the first of which has
 * one more level), and `notes` notes spread over all of them. A note's body is one of the
 * markdown fixtures (a quarter of them), or generated: short (3–15 blocks, most notes),
 * medium (20–80) or long (110–320 top-level blocks, a tenth: their bodies need appends).
 */
export function buildCorpus(notes: number, workspaces: number, seed: number): Corpus {
  const rng = seeded(seed);
  const fixtures = readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".md") && f !== "empty.md")
    .sort()
    .map((f) => ({ name: f, body: readFileSync(new URL(f, FIXTURES), "utf8") }));
  const containers: DocumentInput[] = [];
  const homes: Array<{ kind: string; id: string }> = [];
  for (let w = 0; w < workspaces; w++) {
    const ws = { kind: "workspace", id: `w${w}` };
    containers.push(node(ws.kind, ws.id, null, `Workspace ${w + 1}`, w));
    homes.push(ws);
    for (let f = 0; f < 3; f++) {
      const folder = { kind: "folder", id: `${ws.id}-f${f}` };
      containers.push(node(folder.kind, folder.id, ws, `Folder ${f + 1}`, f));
      homes.push(folder);
      for (let s = 0; s < 2; s++) {
        const sub = { kind: "folder", id: `${folder.id}-s${s}` };
        containers.push(node(sub.kind, sub.id, folder, `Sub-folder ${s + 1}`, s));
        homes.push(sub);
        if (s > 0) continue;
        const deep = { kind: "folder", id: `${sub.id}-d` };
        containers.push(node(deep.kind, deep.id, sub, "Archive", 0));
        homes.push(deep);
      }
    }
  }
  const bodies: Record<string, number> = {};
  const out: DocumentInput[] = [];
  for (let n = 0; n < notes; n++) {
    const home = homes[Math.floor(rng() * homes.length)] as (typeof homes)[number];
    const roll = rng();
    let kind: string;
    let body: string;
    if (roll < 0.25) {
      const fixture = fixtures[n % fixtures.length] as (typeof fixtures)[number];
      kind = `fixture ${fixture.name}`;
      body = fixture.body;
    } else {
      const [label, min, max] =
        roll < 0.8 ? (["short", 3, 15] as const) : roll < 0.9 ? (["medium", 20, 80] as const) : (["long", 110, 320] as const);
      kind = `generated ${label}`;
      body = generatedNote(rng, min + Math.floor(rng() * (max - min + 1)));
    }
    bodies[kind] = (bodies[kind] ?? 0) + 1;
    out.push(node("note", `n${n}`, home, `Note ${n + 1}`, n, body));
  }
  return { containers, notes: out, bodies };
}
