/**
 * The Hono env of the sandbox app. `internal` is set only on requests the sandbox makes to itself
 * (a module seeding through its own API): they skip the request log, fault injection and rate
 * limits. Sockets cannot set it. Modules that keep per-request variables (the caller's token, say)
 * extend this type for their own sub-app.
 */
export type SandboxEnv = { Bindings: { internal?: boolean } };

/** True for the sandbox's own requests to itself. */
export const isInternal = (c: { env: { internal?: boolean } | undefined }): boolean => c.env?.internal === true;
