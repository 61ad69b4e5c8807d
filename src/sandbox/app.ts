import { Hono } from "hono";
import { type Clock, systemClock } from "../clock.ts";
import { coreControlRoutes } from "./core/control.ts";
import type { SandboxEnv } from "./core/env.ts";
import { Faults, faultInjection } from "./core/faults.ts";
import type { SandboxCore, SandboxInstance, SandboxModule } from "./core/module.ts";
import { claimOf } from "./core/paths.ts";
import { RequestLog, requestLogging } from "./core/request-log.ts";
import { SandboxView } from "./core/view/frame.ts";

export interface SandboxOptions {
  /** The providers' modules, mounted in this order (the sandbox keeps no list of its own). */
  modules: readonly SandboxModule[];
  clock?: Clock;
  /** How many requests `GET /__sandbox/requests` keeps (default 10,000); older ones are dropped. */
  requestLogLimit?: number;
}

export interface Sandbox {
  app: Hono<SandboxEnv>;
  core: SandboxCore;
  /** Each module's instance, by module id, in module order. */
  instances: ReadonlyMap<string, SandboxInstance>;
  /** One module's instance, typed (e.g. `sandbox.instance(notionSandbox).state`); throws if it is not mounted. */
  instance<I extends SandboxInstance>(module: SandboxModule<I>): I;
}

const MODULE_ID = /^[a-z][a-z0-9-]{0,31}$/;

function createInstances(modules: readonly SandboxModule[], core: SandboxCore): Map<string, SandboxInstance> {
  const instances = new Map<string, SandboxInstance>();
  for (const m of modules) {
    if (!MODULE_ID.test(m.id)) throw new Error(`sandbox module id ${JSON.stringify(m.id)} must match ${MODULE_ID}`);
    if (instances.has(m.id)) throw new Error(`two sandbox modules have the id ${JSON.stringify(m.id)}`);
    instances.set(m.id, m.create(core));
  }
  return instances;
}

/**
 * The provider sandbox as a Hono app (no socket): the core (request log, fault rules, the control
 * routes `/__sandbox/reset`, `/faults`, `/requests`, `/rate-limits`, the view's frame at `/`), then
 * each module's routes. See docs/sandbox.md.
 */
export function buildSandbox(opts: SandboxOptions): Sandbox {
  const clock = opts.clock ?? systemClock;
  const core: SandboxCore = { clock, view: new SandboxView() };
  const log = new RequestLog(opts.requestLogLimit);
  const faults = new Faults();
  const instances = createInstances(opts.modules, core);
  const claimed = [...instances.values()].flatMap((i) => i.paths ?? []);
  for (const i of instances.values()) if (i.view) core.view.add(i.view);

  const app = new Hono<SandboxEnv>();
  app.use(requestLogging(log, clock));
  coreControlRoutes(app, { faults, log, instances });
  app.use(faultInjection(faults, (path) => claimOf(claimed, path)?.faults));
  core.view.mountHome(app);
  for (const i of instances.values()) i.mount(app);

  app.notFound((c) => {
    const claim = claimOf(claimed, c.req.path);
    if (claim?.notFound) return claim.notFound(c);
    return c.json({ error: { code: "not_found", message: `no sandbox route for ${c.req.method} ${c.req.path}` } }, 404);
  });
  app.onError((err, c) => {
    const claim = claimOf(claimed, c.req.path);
    if (claim?.onError) return claim.onError(err, c);
    return c.json({ error: { code: "internal", message: err.message } }, 500);
  });

  const instance = <I extends SandboxInstance>(module: SandboxModule<I>): I => {
    const found = instances.get(module.id);
    if (!found) throw new Error(`the sandbox has no ${module.id} module`);
    return found as I;
  };
  return { app, core, instances, instance };
}
