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

/** The view's stylesheet: system fonts and no external assets, so it works offline. */
export const CSS = `
*{box-sizing:border-box}
body{font:16px/1.6 ui-sans-serif,system-ui,-apple-system,"Segoe UI",sans-serif;color:#37352f;margin:0;background:#fff}
a{color:#2383e2} code,pre{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace}
body>header{height:48px;padding:0 20px;display:flex;align-items:center;gap:10px;border-bottom:1px solid #ebebea;background:#fbfbfa;font-weight:600}
body>header a{color:inherit;text-decoration:none} body>header .tag{font-weight:400;font-size:12px;color:#787774;border:1px solid #e3e2e0;border-radius:4px;padding:0 6px}
main{display:grid;grid-template-columns:270px minmax(0,1fr);min-height:calc(100vh - 48px)}
nav{border-right:1px solid #ebebea;padding:14px 10px;background:#fbfbfa;font-size:14px;overflow:auto}
nav ul{list-style:none;margin:0;padding-left:14px} nav .ws+ul{padding-left:0}
nav a{display:block;color:#5f5e5b;text-decoration:none;padding:2px 8px;border-radius:4px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
nav a:hover{background:#efefed} nav a.current{background:#e8e7e4;color:#37352f;font-weight:600}
nav .ws{font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:#91918e;margin:14px 8px 4px}
nav .ws:first-child{margin-top:0}
article{padding:0 0 80px;min-width:0}
.page{max-width:760px;margin:0 auto;padding:0 48px}
.cover{display:block;width:100%;height:200px;object-fit:cover;background:#f1f1ef}
.crumbs{font-size:13px;color:#787774;padding:14px 48px 0;max-width:760px;margin:0 auto}
.crumbs a{color:inherit;text-decoration:none} .crumbs a:hover{text-decoration:underline} .crumbs .sep{margin:0 6px;color:#c7c6c4}
.icon{font-size:64px;line-height:1;margin:36px 0 0} .icon img{width:72px;height:72px;object-fit:cover;border-radius:6px}
h1{font-size:38px;line-height:1.2;margin:20px 0 6px;font-weight:700}
.meta{font-size:12px;color:#91918e;margin:0 0 28px} .meta code{font-size:12px;color:inherit;background:none;padding:0}
.trash{display:inline-block;background:#fdebec;color:#d44c47;border-radius:4px;padding:0 6px;font-weight:600}
h2{font-size:28px;line-height:1.3;margin:32px 0 6px} h3{font-size:22px;line-height:1.3;margin:24px 0 4px} h4{font-size:18px;margin:18px 0 2px}
p{margin:6px 0} p:empty::before{content:"\\00a0"}
ul,ol{margin:4px 0;padding-left:26px} li{margin:3px 0} ol ol{list-style-type:lower-alpha} ol ol ol{list-style-type:lower-roman}
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
:not(pre)>code{background:#f2f1ee;color:#eb5757;border-radius:4px;padding:1px 4px;font-size:85%}
hr{border:0;border-top:1px solid #e3e2e0;margin:18px 0}
.media a{display:block;border:1px solid #e3e2e0;border-radius:6px;padding:10px 14px;text-decoration:none;color:#37352f;overflow-wrap:anywhere}
.media a:hover{background:#f7f6f3} .media small{display:block;color:#787774}
.equation{text-align:center;margin:10px 0} .equation code{font-size:16px;color:inherit;background:none}
.child-page a{color:#37352f;text-decoration:none;border-bottom:1px solid #d3d2cf;font-weight:500} .child-page img,nav img{width:1.1em;height:1.1em;vertical-align:-2px}
.table-wrap{overflow-x:auto;margin:10px 0}
.db h3{margin-bottom:4px} .chip{display:inline-block;padding:0 6px;border-radius:4px;font-size:13px;background:#f1f1ef}
table{border-collapse:collapse;font-size:14px} td,th{border:1px solid #e3e2e0;padding:6px 10px;text-align:left;vertical-align:top}
th{background:#f7f6f3;font-weight:600}
.muted{color:#9b9a97}
.home li{margin:4px 0} .home small{color:#91918e;margin-left:6px}
${COLORS}
`;
