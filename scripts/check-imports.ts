/**
 * The import-direction check (`npm run lint` runs it): every module under src/ belongs to a layer,
 * and imports only from layers below its own. ARCHITECTURE.md draws the same table.
 *
 *   node --import tsx scripts/check-imports.ts        # exit 1 and one line per wrong-way import
 *
 * Besides the order: the sync engines (sync/push, sync/pull, sync/calendar) never import one
 * another; nothing outside an engine imports its `sql/` (routes, commands and jobs call the
 * engine's functions); and a folder, engine or root file that is not in the table is an error
 * too, so a new one must be given its place.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Layers from the bottom up; a unit is a folder of src/ (engines: sync/<name>) or a root file. */
export const LAYERS: ReadonlyArray<{ name: string; units: readonly string[] }> = [
  { name: "cross-cutting", units: ["errors", "clock", "logger", "secrets", "version", "local-secret", "settings"] },
  { name: "storage and pure parts", units: ["db", "sandbox", "sync/markdown"] },
  { name: "on the database", units: ["queue", "http-client", "vault"] },
  { name: "providers", units: ["providers"] },
  { name: "connections", units: ["connections"] },
  { name: "engine skeleton", units: ["sync"] },
  { name: "engines", units: ["sync/push", "sync/pull", "sync/calendar"] },
  { name: "scheduler", units: ["scheduler"] },
  { name: "jobs", units: ["jobs"] },
  { name: "config", units: ["config"] },
  { name: "edges", units: ["api", "demo"] },
  { name: "composition", units: ["runtime"] },
  { name: "entrypoints", units: ["cli", "lib"] },
];

/** Units of the same layer that may import each other (the cross-cutting helpers only). */
const PEERS_ALLOWED = new Set(["cross-cutting"]);

const ENGINES = new Set(["sync/push", "sync/pull", "sync/calendar"]);

const layerOf = new Map<string, number>(LAYERS.flatMap((l, i) => l.units.map((u) => [u, i] as const)));

/** The unit of a path under src/: `sync/<engine>` for an engine's files, else the first segment. */
export function unitOf(relPath: string): string {
  const parts = relPath.split(sep).join("/").split("/");
  const first = parts[0] ?? "";
  if (parts.length === 1) return first.replace(/\.ts$/, "");
  const second = parts[1] ?? "";
  if (first === "sync" && parts.length > 2 && second !== "sql") return `sync/${second}`;
  return first;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

/** `import … from "./x"`, `export … from "./x"`, `import "./x"` and `import("./x")`. */
const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\b[^"'`;]*?from\s*["'](\.{1,2}\/[^"']+)["']|(?:^|[\s;])import\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;

export interface Violation {
  file: string;
  imports: string;
  why: string;
}

/** Every wrong-way import under `srcDir`. */
export function check(srcDir: string): Violation[] {
  const out: Violation[] = [];
  const unplaced = new Set<string>();
  for (const file of files(srcDir)) {
    const from = relative(srcDir, file);
    const fromUnit = unitOf(from);
    const fromLayer = layerOf.get(fromUnit);
    if (fromLayer === undefined) {
      if (!unplaced.has(fromUnit)) out.push({ file: from, imports: "", why: `${fromUnit} has no layer in scripts/check-imports.ts` });
      unplaced.add(fromUnit);
      continue;
    }
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[1] ?? m[2] ?? "";
      const target = relative(srcDir, resolve(dirname(file), spec));
      if (target.startsWith("..")) continue;
      const toUnit = unitOf(target);
      if (toUnit === fromUnit) continue;
      const toLayer = layerOf.get(toUnit);
      const where = `${from} → ${target}`;
      if (toLayer === undefined) {
        out.push({ file: from, imports: target, why: `${where}: ${toUnit} has no layer` });
        continue;
      }
      const layer = LAYERS[fromLayer]?.name ?? "";
      if (toLayer > fromLayer)
        out.push({ file: from, imports: target, why: `${where}: ${fromUnit} may not import ${toUnit}, a layer above it` });
      else if (toLayer === fromLayer && !PEERS_ALLOWED.has(layer))
        out.push({
          file: from,
          imports: target,
          why: ENGINES.has(fromUnit)
            ? `${where}: the engines never import one another (shared code goes in sync/)`
            : `${where}: ${fromUnit} and ${toUnit} are peers (${layer}) and may not import each other`,
        });
      if (ENGINES.has(toUnit) && /(^|\/)sql\//.test(target.split(sep).join("/")))
        out.push({ file: from, imports: target, why: `${where}: only ${toUnit} itself imports its sql/; call the engine's functions` });
    }
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const src = fileURLToPath(new URL("../src", import.meta.url));
  const violations = check(src);
  for (const v of violations) console.error(`wrong-way import: ${v.why}`);
  if (violations.length > 0) {
    console.error(`\n${violations.length} import(s) go against the layers (see ARCHITECTURE.md, "Layers").`);
    process.exit(1);
  }
  console.log(`imports follow the layers (${LAYERS.length} layers, ${files(src).length} files)`);
}
