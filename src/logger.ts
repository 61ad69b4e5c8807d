import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

/** Paths whose values never reach a log line. Later layers add theirs through `redact`. */
export const REDACT_PATHS = [
  "password",
  "secret",
  "token",
  "access_token",
  "refresh_token",
  "authorization",
  "cookie",
  "*.password",
  "*.secret",
  "*.token",
  "*.access_token",
  "*.refresh_token",
  "*.authorization",
  "*.cookie",
  "headers.authorization",
  "headers.cookie",
  "req.headers.authorization",
  "req.headers.cookie",
  "databaseUrl",
  "*.databaseUrl",
  "vault.key",
  "vault.oldKeys",
  "*.vault.key",
  "*.vault.oldKeys",
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
