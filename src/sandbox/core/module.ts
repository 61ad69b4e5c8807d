import type { Context, Hono } from "hono";
import type { ZodType } from "zod";
import type { Clock } from "../../clock.ts";
import type { SandboxEnv } from "./env.ts";
import type { FaultShape } from "./faults.ts";
import type { SandboxView } from "./view/frame.ts";

/**
 * What the core hands a module when a sandbox is built: the things no provider owns. The core
 * itself runs the request log, fault rules, `/__sandbox/reset`, `/faults`, `/requests`,
 * `/rate-limits` and the view's frame; a module never touches those directly.
 */
export interface SandboxCore {
  /** The sandbox's clock (a `FakeClock` in tests): timestamps, token expiry, rate-limit refills. */
  readonly clock: Clock;
  /** The view's shared frame: `view.send(c, ...)` answers an HTML page with every module's nav. */
  readonly view: SandboxView;
}

/**
 * Paths a module answers for. The core applies fault rules there in the module's shape, and falls
 * back to the module's `notFound` and `onError` answers there.
 */
export interface PathClaim {
  /** `"/v1/"` (ends with `/`: every path under it) or `"/token"` (exactly that path). */
  readonly paths: readonly string[];
  /** How an injected fault (`POST /__sandbox/faults`) and a hang's end are worded on these paths. */
  readonly faults: FaultShape;
  /** The answer when no route matches; default: the core's `404 { error: { code: "not_found" } }`. */
  notFound?(c: Context): Response | Promise<Response>;
  /** The answer when a handler throws; default: the core's `500 { error: { code: "internal" } }`. */
  onError?(err: Error, c: Context): Response | Promise<Response>;
}

/**
 * A module's rate limits, in the shared `GET`/`PUT /__sandbox/rate-limits` under its id
 * (`{ notion: {...}, google: {...} }`).
 */
export interface RateLimitControl<Patch = unknown> {
  /** Validates the module's section of a `PUT` (a strict zod object; errors name `<id>.<field>`). */
  readonly body: ZodType<Patch>;
  /** The current settings, as `GET` shows them. */
  get(): unknown;
  /** Applies a validated section (fields left out keep their value). */
  set(patch: Patch): void;
}

/** A module's part of the HTML view (`/`): its sidebar section and what the home page says of it. */
export interface ViewPart {
  /** Its sidebar HTML; `current` is the path of the page being shown (`/pages/<id>`, `/calendars`), if any. */
  nav(current: string | undefined): string;
  /** Its counts for the home page's summary line, e.g. `["2 workspace(s)", "5 page(s)"]`. */
  counts(): string[];
  /** More home-page HTML, below the summary line (Notion: the recently edited pages). */
  home?(): string;
  /** CSS for its pages, appended to the frame's stylesheet. */
  readonly css?: string;
}

/** One module in one sandbox: its state and how it plugs into the app. */
export interface SandboxInstance {
  /**
   * Registers its routes on the app: the provider's API and OAuth server, its control routes
   * (under `/__sandbox/<id>/`) and its view pages. Called once per sandbox, in module order, after
   * the core's routes and middleware (request log, fault injection) are in place.
   */
  mount(app: Hono<SandboxEnv>): void;
  /** Back to a fresh sandbox's state (default clients, default limits); `POST /__sandbox/reset` calls it. */
  reset(): void;
  /** The paths it owns, with its fault shape and fallback answers there. */
  readonly paths?: readonly PathClaim[];
  /** Its rate limits, if it has any. */
  readonly rateLimits?: RateLimitControl;
  /** Its part of the HTML view, if it has one. */
  readonly view?: ViewPart;
}

/**
 * A provider's part of the sandbox, as a value: `buildSandbox({ modules: [notionSandbox, ...] })`
 * creates one instance of each per sandbox. `I` is the instance type, so a test can reach the
 * module's state with `sandbox.instance(module)`.
 */
export interface SandboxModule<I extends SandboxInstance = SandboxInstance> {
  /** Lower case (`notion`): its control routes live under `/__sandbox/<id>/`, its rate limits under this key. */
  readonly id: string;
  create(core: SandboxCore): I;
}
