import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ApiOptions, ProviderStatus } from "../api/types.ts";
import type { Config } from "../config/load.ts";
import type { Logger } from "../logger.ts";
import type { ProviderSet } from "../providers/registry.ts";

/** Where the development token lives, under FERRY_DATA_DIR. */
export const DEV_TOKEN_FILE = "api-token";

/** Each provider, whether it has OAuth credentials (without, it uses the sandbox), and where it is served. */
function providerStatus(providers: ProviderSet): ProviderStatus[] {
  return [...providers.values()].map((p) => ({ name: p.id, configured: p.mode === "live", mode: p.mode, endpoints: { ...p.endpoints } }));
}

/**
 * The development token for sandbox mode: read from `<dataDir>/api-token`, or generated and
 * written there (mode 0600) on first start, so it survives restarts. The token itself is never
 * logged; the log names the file.
 */
async function developmentToken(dataDir: string, logger: Logger): Promise<string> {
  const path = join(dataDir, DEV_TOKEN_FILE);
  const existing = await readFile(path, "utf8").then(
    (t) => t.trim(),
    () => "",
  );
  if (existing.length >= 16) {
    logger.info({ path }, "ACTION_API_TOKEN is not set: /v1/ takes the development token in this file");
    return existing;
  }
  const token = randomBytes(32).toString("base64url");
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, `${token}\n`, { mode: 0o600 });
  logger.info({ path }, "ACTION_API_TOKEN is not set: generated a development token for /v1/ in this file");
  return token;
}

/** The HTTP API's options: its token (from ACTION_API_TOKEN, generated in sandbox mode, or none). */
export async function apiOptions(config: Config, providers: ProviderSet, logger: Logger): Promise<ApiOptions> {
  const base = { maxBodyBytes: config.http.maxBodyBytes, sandbox: config.sandbox, providers: providerStatus(providers) };
  if (config.http.apiToken) return { ...base, token: config.http.apiToken, tokenSource: "env" };
  if (config.sandbox && config.database.dataDir.startsWith("memory://")) {
    logger.warn("ACTION_API_TOKEN is not set and the data folder is in memory: /v1/ answers 503 not_configured");
    return { ...base, token: undefined, tokenSource: "env" };
  }
  if (config.sandbox) return { ...base, token: await developmentToken(config.database.dataDir, logger), tokenSource: "generated" };
  logger.warn("ACTION_API_TOKEN is not set (and DATABASE_URL is): /v1/ answers 503 not_configured until it is");
  return { ...base, token: undefined, tokenSource: "env" };
}
