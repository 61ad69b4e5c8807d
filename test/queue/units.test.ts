import { describe, expect, it } from "vitest";
import { z } from "zod";
import { NonRetryableError, ValidationError } from "../../src/errors.ts";
import { decideFailure } from "../../src/queue/failure.ts";
import { JobRegistry } from "../../src/queue/registry.ts";
import { DEFAULT_SCHEDULE, EXPONENTIAL_1S_TO_1H, retryDelayMs } from "../../src/queue/retry.ts";
import { ALLOWED, canTransition, JOB_STATUSES, TRANSITIONS } from "../../src/queue/transitions.ts";
import type { ClaimedJob } from "../../src/queue/types.ts";

describe("state machine", () => {
  it("allows exactly the transitions in the table", () => {
    expect([...ALLOWED].sort()).toEqual([
      "dead_letter->queued",
      "processing->completed",
      "processing->dead_letter",
      "processing->queued",
      "queued->dead_letter",
      "queued->processing",
    ]);
    expect(canTransition("completed", "queued")).toBe(false);
    expect(canTransition("queued", "completed")).toBe(false);
    for (const s of JOB_STATUSES) expect(canTransition(s, s)).toBe(false);
  });

  it("owner-checked operations all start from processing (the owner check tests that status)", () => {
    for (const name of ["complete", "retry", "deadLetter", "release", "leaseExpired", "leaseExpiredFinal"] as const) {
      expect(TRANSITIONS[name].from).toEqual(["processing"]);
    }
  });
});

describe("retry policies", () => {
  it("uses the deterministic schedule and repeats its last delay", () => {
    expect([1, 2, 3, 4, 5, 9].map((a) => retryDelayMs(DEFAULT_SCHEDULE, a))).toEqual([
      30_000, 120_000, 600_000, 1_800_000, 1_800_000, 1_800_000,
    ]);
  });

  it("grows exponentially up to the one-hour cap, with full jitter", () => {
    const noJitter = { ...EXPONENTIAL_1S_TO_1H, jitter: "none" as const };
    expect([1, 2, 3, 4, 12, 13, 30].map((a) => retryDelayMs(noJitter, a))).toEqual([
      1000, 2000, 4000, 8000, 2_048_000, 3_600_000, 3_600_000,
    ]);
    expect(retryDelayMs(EXPONENTIAL_1S_TO_1H, 3, () => 0.25)).toBe(1000);
    expect(retryDelayMs(EXPONENTIAL_1S_TO_1H, 3, () => 0)).toBe(100);
    expect(retryDelayMs(EXPONENTIAL_1S_TO_1H, 40, () => 0.999)).toBeLessThanOrEqual(3_600_000);
  });
});

describe("failure decisions", () => {
  const registry = new JobRegistry().register({ type: "t", payload: z.object({}), maxAttempts: 3 });
  const def = registry.get("t");
  const job = (attempts: number): ClaimedJob => ({
    id: "1",
    queue: "default",
    type: "t",
    payload: {},
    priority: 0,
    attempts,
    maxAttempts: 3,
    runAt: new Date(0),
    createdAt: new Date(0),
    dedupeKey: null,
  });
  const now = new Date(1_000_000);

  it("retries by policy until max attempts, then dead-letters", () => {
    expect(decideFailure(job(1), def, new Error("x"), now)).toMatchObject({ retryAt: new Date(1_030_000), deadLetterReason: null });
    expect(decideFailure(job(3), def, new Error("x"), now)).toMatchObject({ retryAt: null, deadLetterReason: "max_attempts_reached" });
  });

  it("dead-letters non-retryable errors and invalid payloads at once, and caps retry hints at an hour", () => {
    expect(decideFailure(job(1), def, new NonRetryableError("auth_revoked", "no"), now).deadLetterReason).toBe("auth_revoked");
    expect(decideFailure(job(1), def, new ValidationError("bad", []), now).deadLetterReason).toBe("invalid_payload");
    const hinted = decideFailure(job(1), def, Object.assign(new Error("429"), { retryAfterMs: 86_400_000 }), now);
    expect(hinted.retryAt?.getTime()).toBe(now.getTime() + 3_600_000);
  });

  it("records a bounded error message with the attempt", () => {
    const f = decideFailure(job(2), def, new Error("y".repeat(5000)), now);
    expect(f.error.message.length).toBeLessThanOrEqual(2001);
    expect(f.error).toMatchObject({ code: "handler_error", attempt: 2, at: now.toISOString() });
  });
});

describe("job registry", () => {
  it("refuses bad definitions and names unknown types", () => {
    const r = new JobRegistry();
    expect(() => r.register({ type: "Bad Name", payload: z.object({}) })).toThrow(/the name must match/);
    expect(() => r.register({ type: "a", payload: z.object({}), maxAttempts: 0 })).toThrow(/maxAttempts/);
    r.register({ type: "a", payload: z.object({}) });
    expect(() => r.register({ type: "a", payload: z.object({}) })).toThrow(/twice/);
    expect(() => r.get("b")).toThrow(/unknown job type "b"/);
  });
});
