import type { OAuthClient } from "../core/oauth-clients.ts";
import { esc } from "../core/view/html.ts";
import type { GoogleAccount } from "./types.ts";

/**
 * The consent page at /o/oauth2/v2/auth: which app asks, for which scopes, with which Google
 * account (an existing one or a new one), and Allow / Deny. Plain HTML, no script.
 */
export function googleConsentPage(
  client: OAuthClient,
  accounts: GoogleAccount[],
  scopes: string[],
  hidden: Record<string, string>,
): string {
  const fields = Object.entries(hidden)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("");
  const options = [
    ...accounts.map((a) => `<option value="${esc(a.id)}">${esc(a.name)} (${esc(a.email)})</option>`),
    `<option value="new">A new Google account</option>`,
  ].join("");
  const asks = scopes.map((s) => `<li><code>${esc(s)}</code></li>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in with Google (sandbox) – ${esc(client.name)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;background:#f0f4f9;color:#1f1f1f;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;border-radius:28px;padding:36px;max-width:460px}
h1{font-size:22px;font-weight:400;margin:0 0 8px} p,li{color:#444} select{width:100%;padding:8px;margin:8px 0 16px;font:inherit}
.row{display:flex;gap:12px;justify-content:flex-end} button{padding:10px 22px;border-radius:20px;border:1px solid #747775;background:#fff;font:inherit;cursor:pointer}
button[value=allow]{background:#0b57d0;color:#fff;border-color:#0b57d0}
</style></head><body><main>
<h1>${esc(client.name)} wants to access your Google Account</h1>
<p>This is Ferry's Google sandbox. Allowing lets the app use these scopes for the account you choose:</p>
<ul>${asks}</ul>
<form method="post" action="/o/oauth2/v2/auth">${fields}
<label for="account">Google account</label>
<select id="account" name="account">${options}</select>
<div class="row"><button name="decision" value="deny">Cancel</button><button name="decision" value="allow">Allow</button></div>
</form></main></body></html>`;
}
