/**
 * The frame's stylesheet: header, sidebar, page column, type, tables, chips. System fonts and no
 * external assets, so the view works offline. Modules append their own CSS (`ViewPart.css`).
 */
export const FRAME_CSS = `
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
h1{font-size:38px;line-height:1.2;margin:20px 0 6px;font-weight:700}
.meta{font-size:12px;color:#91918e;margin:0 0 28px} .meta code{font-size:12px;color:inherit;background:none;padding:0}
h2{font-size:28px;line-height:1.3;margin:32px 0 6px} h3{font-size:22px;line-height:1.3;margin:24px 0 4px} h4{font-size:18px;margin:18px 0 2px}
p{margin:6px 0} p:empty::before{content:"\\00a0"}
ul,ol{margin:4px 0;padding-left:26px} li{margin:3px 0} ol ol{list-style-type:lower-alpha} ol ol ol{list-style-type:lower-roman}
:not(pre)>code{background:#f2f1ee;color:#eb5757;border-radius:4px;padding:1px 4px;font-size:85%}
.table-wrap{overflow-x:auto;margin:10px 0}
.chip{display:inline-block;padding:0 6px;border-radius:4px;font-size:13px;background:#f1f1ef}
table{border-collapse:collapse;font-size:14px} td,th{border:1px solid #e3e2e0;padding:6px 10px;text-align:left;vertical-align:top}
th{background:#f7f6f3;font-weight:600}
.muted{color:#9b9a97}
.home li{margin:4px 0} .home small{color:#91918e;margin-left:6px}
`;
