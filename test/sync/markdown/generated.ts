/** Documents too big to keep as fixtures, built for the limit tests. */
export const GENERATED: Record<string, string> = {
  "a 1,000,000-character code block": `\`\`\`python\n${"print('x')\n".repeat(90_910)}\`\`\``,
  "a 300,000-character paragraph of emoji": "😀🎉".repeat(75_000),
  "a paragraph with 300 style changes": Array.from({ length: 150 }, (_, i) => `**b${i}** p${i}`).join(" "),
  "a list item with 250 style changes": `- ${Array.from({ length: 125 }, (_, i) => `*i${i}* p${i}`).join(" ")}\n  - nested`,
  "20 list items with 100 children each": Array.from(
    { length: 20 },
    (_, i) => `- item ${i}\n${Array.from({ length: 100 }, (_, j) => `  - child ${i}.${j}`).join("\n")}`,
  ).join("\n"),
  "a table with 400 rows of long cells": `| a | b |\n|---|---|\n${Array.from({ length: 400 }, (_, i) => `| ${i} ${"x".repeat(1500)} | ${"é".repeat(900)} |`).join("\n")}`,
  "a cell over Notion's limits": `| a |\n|---|\n| ${Array.from({ length: 120 }, (_, i) => `**${i}** ${i}`).join(" ")} |`,
  "a quote nested 8 deep": Array.from({ length: 8 }, (_, i) => `${"> ".repeat(i + 1)}level ${i + 1}`).join("\n"),
};
