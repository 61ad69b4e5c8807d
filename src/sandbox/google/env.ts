import type { GoogleAccessToken } from "./types.ts";

/** The Google sub-app's context: the caller's access token, set by the bearer check. */
export type GoogleEnv = { Variables: { googleAccess: GoogleAccessToken } };
