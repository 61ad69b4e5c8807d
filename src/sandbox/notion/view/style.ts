/** Notion's colour names with their text and background shades. */
const PALETTE: Record<string, [text: string, background: string]> = {
  gray: ["#787774", "#f1f1ef"],
  brown: ["#9f6b53", "#f4eeee"],
  orange: ["#d9730d", "#fbecdd"],
  yellow: ["#cb912f", "#fbf3db"],
  green: ["#448361", "#edf3ec"],
  blue: ["#337ea9", "#e7f3f8"],
  purple: ["#9065b0", "#f6f3f9"],
  pink: ["#c14c8a", "#f9eef3"],
  red: ["#d44c47", "#fdebec"],
};

/** The CSS class for a Notion colour (`red`, `blue_background`, ...); "" for `default` or anything unknown. */
export function colorClass(color: unknown): string {
  if (typeof color !== "string") return "";
  const name = color.endsWith("_background") ? color.slice(0, -"_background".length) : color;
  return name in PALETTE ? `c-${color}` : "";
}

const COLORS = Object.entries(PALETTE)
  .map(([name, [fg, bg]]) => `.c-${name}{color:${fg}} .c-${name}_background{background:${bg}}`)
  .join("\n");

/** Notion's pages: cover, breadcrumbs, icon, blocks, database tables and the colours (after the frame's `.chip`). */
export const NOTION_CSS = `
.cover{display:block;width:100%;height:200px;object-fit:cover;background:#f1f1ef}
.crumbs{font-size:13px;color:#787774;padding:14px 48px 0;max-width:760px;margin:0 auto}
.crumbs a{color:inherit;text-decoration:none} .crumbs a:hover{text-decoration:underline} .crumbs .sep{margin:0 6px;color:#c7c6c4}
.icon{font-size:64px;line-height:1;margin:36px 0 0} .icon img{width:72px;height:72px;object-fit:cover;border-radius:6px}
.trash{display:inline-block;background:#fdebec;color:#d44c47;border-radius:4px;padding:0 6px;font-weight:600}
.kids{padding-left:26px}
.to-do{display:flex;gap:8px;align-items:baseline;margin:4px 0} .to-do input{margin:0;transform:translateY(2px)}
.to-do.done>span{color:#9b9a97;text-decoration:line-through}
details{margin:4px 0} summary{cursor:pointer} details>.kids{padding-left:22px} summary>h2,summary>h3,summary>h4{display:inline}
blockquote{border-left:3px solid currentColor;margin:8px 0;padding:2px 14px;font-size:17px}
.callout{display:flex;gap:10px;background:#f1f1ef;border-radius:6px;padding:14px 16px;margin:8px 0}
.callout>.emoji{font-size:20px;line-height:1.4} .callout>div{min-width:0}
.callout p:first-child{margin-top:0}
figure{margin:10px 0} figcaption{font-size:14px;color:#787774;margin-top:4px}
.code{background:#f7f6f3;border-radius:6px;padding:8px 14px 12px}
.code .lang{font-size:12px;color:#91918e;margin:0 0 4px} .code pre{margin:0;overflow:auto;font-size:14px;line-height:1.5}
hr{border:0;border-top:1px solid #e3e2e0;margin:18px 0}
.media a{display:block;border:1px solid #e3e2e0;border-radius:6px;padding:10px 14px;text-decoration:none;color:#37352f;overflow-wrap:anywhere}
.media a:hover{background:#f7f6f3} .media small{display:block;color:#787774}
.equation{text-align:center;margin:10px 0} .equation code{font-size:16px;color:inherit;background:none}
.child-page a{color:#37352f;text-decoration:none;border-bottom:1px solid #d3d2cf;font-weight:500} .child-page img,nav img{width:1.1em;height:1.1em;vertical-align:-2px}
.db h3{margin-bottom:4px}
${COLORS}
`;
