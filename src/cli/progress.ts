import cliProgress from "cli-progress";
import type { UserProgress } from "../sync/pull/pull-user.ts";

/**
 * The progress of a pull run for people: on a terminal, a bar over the databases with the current
 * one's rows and the rate (cli-progress); elsewhere (CI, a pipe), one line per finished database.
 */
export interface PullProgressView {
  update(p: UserProgress): void;
  stop(): void;
}

export function pullProgressView(stream: NodeJS.WriteStream, line: (text: string) => void, now = () => Date.now()): PullProgressView {
  const started = now();
  const rate = (rows: number) => {
    const s = (now() - started) / 1000;
    return s > 0 ? Math.round(rows / s) : 0;
  };
  if (!stream.isTTY) {
    let last: UserProgress | null = null;
    return {
      update(p) {
        if (last?.database && p.database === null) line(`  ${last.database}: ${last.rows} rows read (${p.done}/${p.databases})`);
        last = p;
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: "{bar} {value}/{total} databases | {database} | {rows} rows read | {rate} rows/s",
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let begun = false;
  return {
    update(p) {
      const payload = { database: p.database ?? "", rows: p.rowsDone + p.rows, rate: rate(p.rowsDone + p.rows) };
      if (!begun) {
        bar.start(Math.max(p.databases, 1), p.done, payload);
        begun = true;
      } else {
        bar.setTotal(Math.max(p.databases, 1));
        bar.update(p.done, payload);
      }
    },
    stop() {
      if (begun) bar.stop();
    },
  };
}
