import type { Command } from "commander";
import { ValidationError } from "../../errors.ts";
import { startProviderSandbox } from "../../providers/sandbox.ts";
import { onShutdownSignals } from "../../runtime/start.ts";
import { type CliContext, int } from "../context.ts";

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ValidationError(`--port must be a port number (got ${JSON.stringify(value)})`, [
      { field: "--port", message: "expected 0..65535" },
    ]);
  }
  return n;
}

export function registerSandbox(program: Command, ctx: CliContext): void {
  program
    .command("sandbox")
    .description("serve the provider sandbox (Notion API emulator, control API) on 127.0.0.1")
    .option("--port <port>", "port to listen on (0: any free port)", port, 4010)
    .option("--host <host>", "address to bind", "127.0.0.1")
    .option("--request-log-limit <n>", "requests GET /__sandbox/requests keeps", int("--request-log-limit", 0), 10_000)
    .action(async (opts: { port: number; host: string; requestLogLimit: number }) => {
      const sandbox = await startProviderSandbox({ port: opts.port, host: opts.host, requestLogLimit: opts.requestLogLimit });
      ctx.out(`sandbox listening on ${sandbox.url}`);
      ctx.out(`  Notion API:  ${sandbox.url}/v1   (new Client({ baseUrl: "${sandbox.url}" }))`);
      ctx.out(`  control API: ${sandbox.url}/__sandbox/  (POST /__sandbox/notion/tokens for a token)`);
      onShutdownSignals(
        () => sandbox.close(),
        (msg) => ctx.err(msg),
      );
    });
}
