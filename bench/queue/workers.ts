import { type ChildProcess, fork } from "node:child_process";
import type { FromWorker, QueueSystem, ToWorker } from "./systems/types.ts";

/** The forked worker processes of one run, with their lifecycle state. */
export class WorkerGroup {
  readonly children: ChildProcess[] = [];
  /** First failure reported by any worker (error message or early exit). */
  failure: string | undefined;
  private readyCount = 0;
  private exited = 0;
  private stopping = false;

  constructor(system: QueueSystem, dbUrl: string) {
    for (let i = 0; i < system.processes; i++) {
      const child = fork(system.workerScript, system.workerArgs ?? [], {
        execArgv: ["--import", "tsx"],
        env: { ...process.env, BENCH_DB_URL: dbUrl },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      child.on("message", (msg: FromWorker) => {
        if (msg.type === "ready") this.readyCount++;
        else if (msg.type === "error") this.failure ??= `worker ${child.pid}: ${msg.message}`;
      });
      child.on("exit", (code, signal) => {
        this.exited++;
        if (!this.stopping) {
          this.failure ??= `worker ${child.pid} exited early (code ${code}, signal ${signal})`;
        }
      });
      this.children.push(child);
    }
  }

  get allReady(): boolean {
    return this.readyCount === this.children.length;
  }

  broadcast(msg: ToWorker): void {
    for (const child of this.children) {
      if (child.connected) child.send(msg);
    }
  }

  /** Ask every worker to stop; SIGKILL whatever is still alive after `graceMs`. */
  async stop(graceMs: number): Promise<{ killed: number }> {
    this.stopping = true;
    this.broadcast({ type: "stop" });
    const deadline = Date.now() + graceMs;
    while (this.exited < this.children.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    let killed = 0;
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        killed++;
      }
    }
    while (this.exited < this.children.length) {
      await new Promise((r) => setTimeout(r, 20));
    }
    return { killed };
  }
}
