import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

/** Keys whose values are secrets wherever they appear (top level, one or two levels down). */
const SECRET_KEYS = [
  "password",
  "secret",
  "client_secret",
  "token",
  "access_token",
  "refresh_token",
  "id_token",
  "apiToken",
  "authorization",
  "cookie",
  '["set-cookie"]',
  "databaseUrl",
];

/**
 * Paths whose values never reach a log line (censored as `[redacted]`). pino matches `*` at one
 * level only, hence the explicit depths. OAuth authorization codes are redacted where a request's
 * input is logged (`query`, `body`, `params`), not as every `code` key: error codes such as
 * `err.code` stay readable.
 */
export const REDACT_PATHS = [
  "vault.key",
  "vault.oldKeys",
  "*.vault.key",
  "*.vault.oldKeys",
  ...SECRET_KEYS.flatMap((k) => {
    const sep = k.startsWith("[") ? "" : ".";
    return [k, `*${sep}${k}`, `*.*${sep}${k}`];
  }),
  ...["query", "body", "params"].flatMap((where) => [`${where}.code`, `*.${where}.code`]),
];

export interface LoggerOptions {
  level: string;
  format: "json" | "pretty" | "auto";
  /** Where lines go; defaults to stdout. Tests pass a buffer. */
  destination?: NodeJS.WritableStream;
  isTTY?: boolean;
}

export function createLogger(opts: LoggerOptions): Logger {
  const dest = opts.destination ?? process.stdout;
  const tty = opts.isTTY ?? Boolean((dest as { isTTY?: boolean }).isTTY);
  const usePretty = opts.format === "pretty" || (opts.format === "auto" && tty);
  const base = {
    level: opts.level,
    base: { pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (usePretty) {
    return pino(base, pretty({ destination: dest, colorize: tty, sync: true, translateTime: "SYS:HH:MM:ss.l" }));
  }
  return pino(base, dest);
}

/** A logger that writes nothing, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
