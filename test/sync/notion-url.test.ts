import { describe, expect, it } from "vitest";
import { pageIdFrom } from "../../src/sync/push/notion-url.ts";

const ID = "1429989f-e8ac-4eff-bc8f-57f56486db54";
const HEX = ID.replaceAll("-", "");

describe("Notion page id from a pasted URL or id", () => {
  it.each([
    [ID, ID],
    [ID.toUpperCase(), ID],
    [HEX, ID],
    [`https://www.notion.so/acme/Notic-Sync-${HEX}`, ID],
    [`https://www.notion.so/Notic-Sync-${HEX}?pvs=4`, ID],
    [`https://www.notion.so/${HEX}`, ID],
    [`notion.so/acme/${HEX}#section`, ID],
    [`https://acme.notion.site/Public-Page-${HEX}`, ID],
    [`https://www.notion.so/acme/Board-${HEX}?v=0123456789abcdef0123456789abcdef`, ID],
    [`https://www.notion.so/acme?p=${HEX}&pm=s`, ID],
    [`https://www.notion.so/x?page_id=${ID}`, ID],
  ])("%s", (input, want) => {
    expect(pageIdFrom(input)).toBe(want);
  });

  it.each([
    "",
    "not a page",
    "https://example.com/Page-1429989fe8ac4effbc8f57f56486db54",
    "https://www.notion.so/acme/Page-1234",
    "javascript:alert(1)",
  ])("refuses %j", (input) => {
    expect(pageIdFrom(input)).toBeNull();
  });
});
