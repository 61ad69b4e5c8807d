import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** Writes a benchmark's report as JSON (creating bench/results/ if needed) and says where. */
export async function writeResults(file: string, report: object): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
}
