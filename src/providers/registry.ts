import { randomBytes } from "node:crypto";
import { googleProvider } from "./google/index.ts";
import { notionProvider } from "./notion/index.ts";
import type { ProviderRuntime } from "./runtime.ts";
import type { Provider, ProviderDescriptor, ProviderId } from "./types.ts";

/** The providers Ferry knows: the only list of them. A new provider is a folder and a line here. */
export const PROVIDERS: readonly ProviderDescriptor[] = [notionProvider, googleProvider];

/** A provider's descriptor with its settings, as the config read them. */
export interface ConfiguredProvider {
  readonly descriptor: ProviderDescriptor;
  readonly settings: unknown;
  /** Whether it has credentials for the real service; without, it runs against the sandbox. */
  readonly live: boolean;
}

/** The providers of one process, by id. */
export type ProviderSet = ReadonlyMap<ProviderId, Provider>;

/** Whether any configured provider lacks credentials and so needs the built-in sandbox. */
export const needsSandbox = (configured: readonly ConfiguredProvider[]) => configured.some((p) => !p.live);

/** A random secret for the sandbox clients of one Ferry process. */
export const sandboxClientSecret = () => randomBytes(24).toString("base64url");

/**
 * Builds every configured provider for this process: live ones against the real service, the
 * others against the sandbox at `sandbox.url` (with `sandbox.clientSecret` for Ferry's client there).
 */
export function buildProviders(
  configured: readonly ConfiguredProvider[],
  ctx: { runtime: ProviderRuntime; sandbox?: { url: string; clientSecret: string } },
): ProviderSet {
  const out = new Map<ProviderId, Provider>();
  for (const { descriptor, settings, live } of configured) {
    if (!live && !ctx.sandbox) throw new Error(`${descriptor.id} has no credentials and no sandbox was started for it`);
    const provider = descriptor.create(settings, { runtime: ctx.runtime, ...(live ? {} : { sandbox: ctx.sandbox }) });
    out.set(descriptor.id, provider);
  }
  return out;
}

/** A provider named by its descriptor or by a built provider: either carries its client's type. */
export type ProviderRef<Api> = { readonly id: ProviderId; readonly name: string } & (
  | Pick<ProviderDescriptor<never, Api>, "create">
  | Pick<Provider<Api>, "api">
);

/** This process's provider for `ref`, typed by it (engines use this to get their provider's client type). */
export function providerOf<Api>(providers: ProviderSet, ref: ProviderRef<Api>): Provider<Api> {
  const p = providers.get(ref.id);
  if (!p) throw new Error(`the ${ref.name} provider is not configured in this process`);
  return p as Provider<Api>;
}

/** Registers Ferry's redirect URIs with the sandbox (over its control API) for the sandboxed providers. */
export async function registerSandboxClients(providers: ProviderSet, fetchImpl: typeof fetch = fetch): Promise<void> {
  for (const p of providers.values()) {
    const c = p.sandboxClient;
    if (!c) continue;
    const res = await fetchImpl(c.registerUrl, {
      method: "POST",
      body: JSON.stringify({ client_id: c.clientId, client_secret: c.clientSecret, redirect_uris: [c.redirectUri], name: "Ferry" }),
    });
    if (res.status !== 201) throw new Error(`registering Ferry's ${p.name} OAuth client with the sandbox failed: ${res.status}`);
  }
}
