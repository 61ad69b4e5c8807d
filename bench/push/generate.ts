const WORDS = (
  "sync page note folder draft meeting plan budget review idea list task garden river morning letter " +
  "project launch market travel recipe lemon coffee table window signal bridge harbor summer winter quiet " +
  "green measure count answer method paper window chapter season record ledger voice pattern system"
).split(" ");

type Rng = () => number;

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const between = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));

/** One sentence-like line, now and then with bold, inline code or a link. */
function sentence(rng: Rng, min: number, max: number): string {
  const words = Array.from({ length: between(rng, min, max) }, () => pick(rng, WORDS));
  const at = between(rng, 0, words.length - 1);
  const mark = rng();
  if (mark < 0.15) words[at] = `**${words[at]}**`;
  else if (mark < 0.25) words[at] = `\`${words[at]}\``;
  else if (mark < 0.3) words[at] = `[${words[at]}](https://example.com/${words[at]})`;
  const text = words.join(" ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** A section of a note and how many top-level blocks it makes. */
function section(rng: Rng, room: number): { md: string; blocks: number } {
  const roll = rng();
  const items = Math.min(room, between(rng, 2, 5));
  if (roll < 0.5) return { md: sentence(rng, 8, 40), blocks: 1 };
  if (roll < 0.6) return { md: `${"#".repeat(between(rng, 1, 3))} ${sentence(rng, 2, 5).slice(0, -1)}`, blocks: 1 };
  if (roll < 0.75) {
    // A bulleted list; some items carry a nested item (a block with children).
    const lines = Array.from({ length: items }, () => `- ${sentence(rng, 3, 12)}${rng() < 0.3 ? `\n  - ${sentence(rng, 2, 8)}` : ""}`);
    return { md: lines.join("\n"), blocks: items };
  }
  if (roll < 0.83)
    return { md: Array.from({ length: items }, () => `- [${rng() < 0.5 ? "x" : " "}] ${sentence(rng, 2, 8)}`).join("\n"), blocks: items };
  if (roll < 0.9) return { md: Array.from({ length: items }, (_, i) => `${i + 1}. ${sentence(rng, 3, 10)}`).join("\n"), blocks: items };
  if (roll < 0.95) {
    const code = Array.from({ length: between(rng, 2, 12) }, (_, i) => `const ${pick(rng, WORDS)}${i} = "${pick(rng, WORDS)}";`);
    return { md: ["```ts", ...code, "```"].join("\n"), blocks: 1 };
  }
  return { md: `> ${sentence(rng, 6, 20)}`, blocks: 1 };
}

/** A generated note of about `blocks` top-level blocks: paragraphs mostly, headings, lists, to-dos, code and quotes. */
export function generatedNote(rng: Rng, blocks: number): string {
  const parts: string[] = [];
  for (let made = 0; made < blocks; ) {
    const s = section(rng, blocks - made);
    parts.push(s.md);
    made += s.blocks;
  }
  return `${parts.join("\n\n")}\n`;
}
