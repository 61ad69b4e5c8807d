import { MAX_TEXT } from "./limits.ts";

const REPLACEMENT = "\uFFFD";
const CONTROL = /\p{Cc}/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text Notion can store: control characters other than newline and tab, and lone
 * surrogates, become U+FFFD, so the reader sees that something was there.
 */
export function cleanText(text: string): string {
  return text.replace(CONTROL, (c) => (c === "\n" || c === "\t" ? c : REPLACEMENT)).replace(LONE_SURROGATE, REPLACEMENT);
}

const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/** A unit that belongs to the character before it (a low surrogate, a mark or variation selector, a joiner or what follows one). */
const joinsPrevious = (text: string, at: number): boolean =>
  isLowSurrogate(text.charCodeAt(at)) || text.charAt(at) === "\u200D" || text.charAt(at - 1) === "\u200D" || /\p{M}/u.test(text.charAt(at));

/**
 * `text` in pieces of at most `max` UTF-16 units (Notion's count), never cutting a surrogate
 * pair and, where it can, not in front of a combining mark, variation selector or joiner.
 */
export function splitText(text: string, max = MAX_TEXT): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = max;
    while (cut > max / 2 && joinsPrevious(rest, cut)) cut--;
    if (isLowSurrogate(rest.charCodeAt(cut))) cut--;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest !== "" || pieces.length === 0) pieces.push(rest);
  return pieces;
}
