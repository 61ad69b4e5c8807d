import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { FaultShape } from "../core/faults.ts";
import { notionRequestId } from "./errors.ts";

/**
 * Injected failures as Notion's error object; a rule's `code` is Notion's error code (default
 * `internal_server_error`), e.g. `{"status":529,"code":"service_overload"}`. A hang ends in 504.
 */
export const notionFaultShape: FaultShape = {
  timeout: (c) => c.json({ object: "error", status: 504, code: "gateway_timeout", message: "Gateway timeout." }, 504),
  error: (c, rule) => {
    const code = rule.code ?? "internal_server_error";
    const message = rule.message ?? `Injected fault (${code}).`;
    return c.json(
      { object: "error", status: rule.status, code, message, request_id: notionRequestId(c) },
      rule.status as ContentfulStatusCode,
    );
  },
};
