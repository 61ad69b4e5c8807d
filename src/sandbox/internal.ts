/** True for the sandbox's own requests to itself (see `SandboxEnv` in app.ts). */
export const isInternal = (c: { env: { internal?: boolean } | undefined }): boolean => c.env?.internal === true;
