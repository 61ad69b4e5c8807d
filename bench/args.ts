/** Command-line checks shared by the benchmark entrypoints. */

/** The server's maintenance database; each benchmark creates its own database beside it. */
export const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** `--name`'s value as a number above zero, or an error naming the flag. */
export function positive(name: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
}

/** `--name`'s value as a whole number above zero, or an error naming the flag. */
export function positiveInt(name: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
}
