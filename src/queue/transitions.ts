/**
 * The job state machine as data. Every queue operation names its transition here and the
 * SQL it runs takes its source and target statuses from this table (`fromSql`, `toSql`).
 */
export const JOB_STATUSES = ["queued", "processing", "completed", "dead_letter"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TRANSITIONS = {
  claim: { from: ["queued"], to: "processing" },
  complete: { from: ["processing"], to: "completed" },
  retry: { from: ["processing"], to: "queued" },
  deadLetter: { from: ["processing"], to: "dead_letter" },
  leaseExpired: { from: ["processing"], to: "queued" },
  leaseExpiredFinal: { from: ["processing"], to: "dead_letter" },
  release: { from: ["processing"], to: "queued" },
  replay: { from: ["dead_letter"], to: "queued" },
  /** Waiting work that can no longer succeed (its connection was revoked or deleted). */
  cancel: { from: ["queued"], to: "dead_letter" },
} as const satisfies Record<string, { from: readonly JobStatus[]; to: JobStatus }>;

export type TransitionName = keyof typeof TRANSITIONS;

/** Status pairs the machine allows, derived from the table above. */
export const ALLOWED: ReadonlySet<string> = new Set(Object.values(TRANSITIONS).flatMap((t) => t.from.map((f) => `${f}->${t.to}`)));

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return ALLOWED.has(`${from}->${to}`);
}

/** SQL literal list of a transition's source statuses, e.g. `'processing'`. */
export function fromSql(name: TransitionName): string {
  return TRANSITIONS[name].from.map((s) => `'${s}'`).join(", ");
}

export function toSql(name: TransitionName): string {
  return `'${TRANSITIONS[name].to}'`;
}
