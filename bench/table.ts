/**
 * A plain-text table. Text columns (the first `text` columns, or those listed) are left-aligned,
 * the rest right-aligned.
 */
export function printTable(header: string[], rows: string[][], text: number | number[] = 1): void {
  const isText = (i: number) => (typeof text === "number" ? i < text : text.includes(i));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (isText(i) ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(line(header).trimEnd());
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r).trimEnd());
}
