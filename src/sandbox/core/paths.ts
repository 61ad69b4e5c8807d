import type { PathClaim } from "./module.ts";

/** Whether `path` falls under a claimed path: `"/v1/"` claims everything below it, `"/token"` just itself. */
export const claims = (claimed: string, path: string) => (claimed.endsWith("/") ? path.startsWith(claimed) : path === claimed);

/** The claim that owns `path` (the first one, in module order), if any module claims it. */
export function claimOf(all: readonly PathClaim[], path: string): PathClaim | undefined {
  return all.find((claim) => claim.paths.some((p) => claims(p, path)));
}
