/**
 * Ferry's error vocabulary: one base class, a closed set of codes, type guards.
 * The HTTP, CLI and MCP edges map every FerryError to `{ error: { code, message, details } }`.
 */

/** Every code with its HTTP status and what it means; docs/api.md renders this table. `ErrorCode` is its keys. */
export const ERROR_CODES = {
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
  non_retryable: {
    status: 500,
    meaning: "a job failed in a way retrying cannot fix; `details.reason` is one of the dead-letter reasons below",
  },
  provider_error: { status: 502, meaning: "a provider (Notion, Google) refused or failed a request Ferry made" },
  provider_unavailable: {
    status: 503,
    meaning: "a provider is rate limiting, unavailable or slow; retry after `details.retry_after_ms` or later",
  },
  not_entitled: { status: 403, meaning: "the user lacks the entitlement the action needs (`notion_sync`, `calendar_sync`)" },
  decryption_failed: { status: 500, meaning: "a stored secret could not be decrypted with any configured key" },
  sync_failed: { status: 500, meaning: "a sync run ended in failure after its retries; `details.reason` says why" },
  internal: { status: 500, meaning: "an unexpected error; the logs hold the details, under the same request id" },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Why a job (or a calendar outbox row) was dead-lettered: a closed set, like the error codes.
 * `NonRetryableError` takes one of these; the queue adds its own (`invalid_payload`,
 * `max_attempts_reached`). docs/api.md renders this table.
 */
export const DEAD_LETTER_REASONS = {
  auth_revoked: "the provider revoked the grant or rejected a freshly refreshed token: the user must connect again",
  no_connection: "the user has no active connection to the provider the work needs",
  connection_gone: "the connection the job was made for no longer exists",
  connection_deleted: "the connection was deleted (disconnected) while the job waited",
  not_entitled: "the user no longer holds the entitlement the work needs",
  not_found: "the provider answered 404: the page, database, calendar or event is gone or not shared",
  forbidden: "the provider answered 403 (not a rate limit): the integration may not do this",
  invalid_request: "the provider refused the request as malformed (400, 422, ...); retrying the same request cannot help",
  unknown_provider: "the connection names a provider this Ferry does not know",
  run_gone: "the pull run the job was made for no longer exists",
  sync_failed: "the sync run had already ended in failure",
  invalid_payload: "the payload does not match its job type's (or the outbox operation's) schema",
  max_attempts_reached: "every attempt failed with a retryable error, or the worker died each time",
} as const;

export type DeadLetterReason = keyof typeof DEAD_LETTER_REASONS;

export const isDeadLetterReason = (v: unknown): v is DeadLetterReason => typeof v === "string" && Object.hasOwn(DEAD_LETTER_REASONS, v);

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
 * Thrown by a job handler (or a provider client) for failures that retrying cannot fix:
 * revoked auth, a 404, a malformed request. The queue dead-letters the job at once with
 * `reason` (one of DEAD_LETTER_REASONS) as its `dead_letter_reason`.
 */
export class NonRetryableError extends FerryError {
  readonly reason: DeadLetterReason;

  constructor(reason: DeadLetterReason, message: string, options?: ErrorOptions) {
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
