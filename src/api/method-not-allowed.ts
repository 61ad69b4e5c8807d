import type { Hono } from "hono";
import { PatternRouter } from "hono/router/pattern-router";

/**
 * The methods the app serves on a path, for 405 answers and their `Allow` header. Built from
 * the app's own route table on first use, so it knows every route, however it was added.
 */
export function allowedMethods(app: Pick<Hono, "routes">): (path: string) => string[] {
  let router: PatternRouter<string> | undefined;
  let methods: string[] = [];
  return (path) => {
    if (!router) {
      router = new PatternRouter<string>();
      const routes = app.routes.filter((r) => r.method !== "ALL");
      for (const r of routes) router.add(r.method, r.path, r.method);
      methods = [...new Set(routes.map((r) => r.method))];
    }
    const found = methods.filter((m) => (router?.match(m, path)[0].length ?? 0) > 0);
    if (found.includes("GET") && !found.includes("HEAD")) found.push("HEAD");
    return found.sort();
  };
}
