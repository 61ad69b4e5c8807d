import type { OAuthClient } from "../core/oauth-clients.ts";
import type { SandboxWorkspace } from "./state.ts";

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The consent page a person sees at /v1/oauth/authorize: which app asks, which workspace it
 * will reach (an existing one or a new one), and Allow / Deny. Plain HTML, no script.
 */
export function consentPage(client: OAuthClient, workspaces: SandboxWorkspace[], hidden: Record<string, string>): string {
  const fields = Object.entries(hidden)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("");
  const options = [
    `<option value="new">A new workspace</option>`,
    ...workspaces.map((w) => `<option value="${esc(w.id)}">${esc(w.name)}</option>`),
  ].join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Connect ${esc(client.name)} to Notion (sandbox)</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;background:#f7f6f3;color:#37352f;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;border-radius:12px;box-shadow:0 4px 24px #0001;padding:32px;max-width:420px}
h1{font-size:20px;margin:0 0 8px} p{color:#6b6b6b} select{width:100%;padding:8px;margin:8px 0 20px;font:inherit}
.row{display:flex;gap:12px} button{flex:1;padding:10px;border-radius:8px;border:1px solid #ddd;font:inherit;cursor:pointer}
button[value=allow]{background:#2383e2;color:#fff;border-color:#2383e2}
</style></head><body><main>
<h1>${esc(client.name)} wants to access your Notion workspace</h1>
<p>This is Ferry's Notion sandbox. Allowing gives the app a token for the workspace you pick.</p>
<form method="post" action="/v1/oauth/authorize">${fields}
<label for="workspace">Workspace</label>
<select id="workspace" name="workspace">${options}</select>
<div class="row"><button name="decision" value="deny">Deny</button><button name="decision" value="allow">Allow access</button></div>
</form></main></body></html>`;
}
