/**
 * Ferry's error vocabulary: one base class, a closed set of codes, type guards.
 * The HTTP, CLI and MCP edges map every FerryError to `{ error: { code, message, details } }`.
 */
export type ErrorCode =
  | "invalid_config"
  | "validation_failed"
  | "unknown_job_type"
  | "not_found"
  | "conflict"
  | "unauthorized"
  | "not_configured"
  | "lease_lost"
  | "database_unavailable"
  | "data_dir_locked"
  | "migration_failed"
  | "non_retryable"
  | "provider_error"
  | "not_entitled"
  | "decryption_failed"
  | "internal";

const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_config: 500,
  validation_failed: 400,
  unknown_job_type: 400,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  not_configured: 503,
  lease_lost: 409,
  database_unavailable: 503,
  data_dir_locked: 503,
  migration_failed: 500,
  non_retryable: 500,
  provider_error: 502,
  not_entitled: 403,
  decryption_failed: 500,
  internal: 500,
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
    return HTTP_STATUS[this.code];
  }
}

/** Input that failed validation. `issues` names every offending field. */
export class ValidationError extends FerryError {
  readonly issues: FieldIssue[];

  constructor(message: string, issues: FieldIssue[], code: "validation_failed" | "invalid_config" = "validation_failed") {
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

/** Turns zod-style issues (`path` arrays) into field issues with dotted names. */
export function fieldIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, prefix = ""): FieldIssue[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    const field = [prefix, path].filter(Boolean).join(".") || prefix || "(root)";
    return { field, message: issue.message };
  });
}

/** A one-line description of an issue list, for error messages. */
export function describeIssues(issues: FieldIssue[]): string {
  return issues.map((i) => `${i.field}: ${i.message}`).join("; ");
}
