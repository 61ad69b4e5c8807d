/**
 * Ferry's error vocabulary: one base class, a closed set of codes, type guards.
 * The HTTP, CLI and MCP edges map every FerryError to `{ error: { code, message, details } }`.
 */
export type ErrorCode =
  | "invalid_config"
  | "validation_failed"
  | "invalid_json"
  | "unknown_job_type"
  | "not_found"
  | "conflict"
  | "unauthorized"
  | "method_not_allowed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "not_configured"
  | "lease_lost"
  | "database_unavailable"
  | "data_dir_locked"
  | "migration_failed"
  | "non_retryable"
  | "provider_error"
  | "provider_unavailable"
  | "not_entitled"
  | "decryption_failed"
  | "sync_failed"
  | "internal";

/** Every code with its HTTP status and what it means; docs/api.md renders this table. */
export const ERROR_CODES: Record<ErrorCode, { status: number; meaning: string }> = {
  invalid_config: { status: 500, meaning: "an environment variable is missing or malformed (named in the message)" },
  validation_failed: {
    status: 400,
    meaning: "input failed its schema; `details.issues` names each field (`body.limit`, `query.page_size`)",
  },
  invalid_json: { status: 400, meaning: "the request body is not valid JSON" },
  unknown_job_type: { status: 400, meaning: "a job was enqueued with a type Ferry does not know" },
  not_found: { status: 404, meaning: "no such route or resource" },
  conflict: { status: 409, meaning: "the request conflicts with the current state" },
  unauthorized: { status: 401, meaning: "missing or wrong bearer token or secret" },
  method_not_allowed: { status: 405, meaning: "the path exists but not with this method; the `Allow` header lists the methods" },
  payload_too_large: { status: 413, meaning: "the request body is larger than `API_MAX_BODY_BYTES`" },
  unsupported_media_type: { status: 415, meaning: "the route takes `application/json` and the body was sent as something else" },
  not_configured: { status: 503, meaning: "the feature needs a setting that is not set (named in the message)" },
  lease_lost: { status: 409, meaning: "a worker lost its lease on a job" },
  database_unavailable: { status: 503, meaning: "the database does not answer" },
  data_dir_locked: { status: 503, meaning: "another process holds the embedded database's folder" },
  migration_failed: { status: 500, meaning: "a migration could not be applied" },
  non_retryable: { status: 500, meaning: "a job failed in a way retrying cannot fix" },
  provider_error: { status: 502, meaning: "a provider (Notion, Google) refused or failed a request Ferry made" },
  provider_unavailable: {
    status: 503,
    meaning: "a provider is rate limiting, unavailable or slow; retry after `details.retry_after_ms` or later",
  },
  not_entitled: { status: 403, meaning: "the user lacks the entitlement the action needs (`notion_sync`, `calendar_sync`)" },
  decryption_failed: { status: 500, meaning: "a stored secret could not be decrypted with any configured key" },
  sync_failed: { status: 500, meaning: "a sync run ended in failure after its retries; `details.reason` says why" },
  internal: { status: 500, meaning: "an unexpected error; the logs hold the details, under the same request id" },
};

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `payload.userId` or `DATABASE_URL`. */
  field: string;
  message: string;
}

export class FerryError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.name = "FerryError";
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].status;
  }
}

/** Input that failed validation. `issues` names every offending field. */
export class ValidationError extends FerryError {
  readonly issues: FieldIssue[];

  constructor(message: string, issues: FieldIssue[], code: "validation_failed" | "invalid_config" | "invalid_json" = "validation_failed") {
    super(code, message, { issues });
    this.name = "ValidationError";
    this.issues = issues;
  }
}

/**
 * Thrown by a job handler (or a provider layer) for failures that retrying cannot fix:
 * revoked auth, a 404, a malformed request. The queue dead-letters the job at once with
 * `reason` as its `dead_letter_reason`.
 */
export class NonRetryableError extends FerryError {
  readonly reason: string;

  constructor(reason: string, message: string, options?: ErrorOptions) {
    super("non_retryable", message, { reason }, options);
    this.name = "NonRetryableError";
    this.reason = reason;
  }
}

/** Thrown to a handler whose job lease was lost (expired and claimed elsewhere, or released). */
export class LeaseLostError extends FerryError {
  constructor(jobId: string) {
    super("lease_lost", `lease on job ${jobId} was lost; another worker may own it now`, { job_id: jobId });
    this.name = "LeaseLostError";
  }
}

export function isFerryError(value: unknown): value is FerryError {
  return value instanceof FerryError;
}

export function isValidationError(value: unknown): value is ValidationError {
  return value instanceof ValidationError;
}

export function isNonRetryable(value: unknown): value is NonRetryableError {
  return value instanceof NonRetryableError;
}

type IssueLike = { path: ReadonlyArray<PropertyKey>; message: string; code?: string; keys?: ReadonlyArray<string> };

/**
 * Turns zod-style issues (`path` arrays) into field issues with dotted names. An unknown-keys issue
 * becomes one issue per key, named after the key itself (`body.colour`), not after its parent.
 */
export function fieldIssues(issues: ReadonlyArray<IssueLike>, prefix = ""): FieldIssue[] {
  const name = (path: ReadonlyArray<PropertyKey>) => [prefix, path.map(String).join(".")].filter(Boolean).join(".") || "(root)";
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys" && issue.keys?.length) {
      return issue.keys.map((key) => ({ field: name([...issue.path, key]), message: "unknown field" }));
    }
    return [{ field: name(issue.path), message: issue.message }];
  });
}

/** A one-line description of an issue list, for error messages. */
export function describeIssues(issues: FieldIssue[]): string {
  return issues.map((i) => `${i.field}: ${i.message}`).join("; ");
}
