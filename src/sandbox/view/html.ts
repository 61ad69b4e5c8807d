/** Escapes text for HTML content and attribute values. */
export const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const CSS = `
body{font:16px/1.6 ui-sans-serif,system-ui,sans-serif;color:#37352f;margin:0;background:#fff}
header{padding:14px 28px;border-bottom:1px solid #eee;font-weight:600;background:#fbfbfa}
header a{color:inherit;text-decoration:none}
main{display:grid;grid-template-columns:280px 1fr;min-height:calc(100vh - 52px)}
nav{border-right:1px solid #eee;padding:16px;background:#fbfbfa;font-size:14px}
nav ul{list-style:none;margin:0;padding-left:14px} nav>ul{padding-left:0}
nav a{color:#37352f;text-decoration:none} nav a:hover{text-decoration:underline}
nav .ws{font-weight:600;margin:12px 0 4px}
article{padding:32px 56px;max-width:760px}
h1{font-size:32px;margin:0 0 16px} .trash{color:#b3261e;font-size:13px}
pre{background:#f7f6f3;padding:12px;border-radius:6px;overflow:auto}
blockquote{border-left:3px solid #37352f;margin:4px 0;padding-left:14px}
.callout{background:#f1f1ef;border-radius:6px;padding:12px}
table{border-collapse:collapse} td{border:1px solid #e9e9e7;padding:6px 10px}
.muted{color:#9b9a97}
`;

export function layout(title: string, nav: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · Ferry sandbox</title><style>${CSS}</style></head>
<body><header><a href="/">Ferry sandbox</a></header><main><nav>${nav}</nav><article>${body}</article></main></body></html>`;
}
