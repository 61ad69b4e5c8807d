import { loadConfig } from "../../src/config/load.ts";
import { type ProviderSettings, providerSettings, registerSandboxClients } from "../../src/providers/registry.ts";

/** Provider settings pointing both providers at a sandbox, with Ferry's OAuth clients registered there. */
export async function sandboxProviders(sandboxUrl: string, env: Record<string, string> = {}): Promise<ProviderSettings> {
  const settings = providerSettings(loadConfig({ PUBLIC_URL: "http://127.0.0.1:3999", ...env }), sandboxUrl, "test-sandbox-secret");
  await registerSandboxClients(settings);
  return settings;
}
