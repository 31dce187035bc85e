// Progress on stderr: a bar with ETA on a terminal, JSON lines (stage, done, total, elapsed) otherwise.
// Stages: "read" (the data layer: rows, bytes, fetched, shards), "count" and "merge" (training).
import cliProgress from "cli-progress";
import type { ReadProgress } from "../sources/types.js";
import type { Progress } from "../train.js";
import type { TokenizeProgress } from "../node/tokenize.js";
import type { CliIO } from "./io.js";

export type ProgressMode = "auto" | "bar" | "json" | "none";

export interface Reporter {
  update(p: Progress | ReadProgress | TokenizeProgress): void;
  stop(): void;
}

export function createReporter(mode: ProgressMode, io: CliIO): Reporter {
  const chosen = mode === "auto" ? (io.stderrIsTTY ? "bar" : "json") : mode;
  if (chosen === "none") return { update() {}, stop() {} };
  if (chosen === "json") return jsonReporter(io);
  return barReporter(io);
}

function jsonReporter(io: CliIO): Reporter {
  const last = new Map<string, number>(); // stage -> when its last line was written
  return {
    update(p) {
      const now = Date.now();
      // At most a few lines a second per stage, but always the first and last of a stage.
      if (last.has(p.stage) && now - last.get(p.stage)! < 250 && p.done < p.total) return;
      last.set(p.stage, now);
      const extra = p.stage === "read" ? { rows: p.rows, bytes: p.bytes, fetched: p.fetched, shard: p.shard, shards: p.shards } : {};
      if (p.stage === "tokenize") Object.assign(extra, { documents: p.documents, tokens: p.tokens, bytes: p.bytes, mbPerSecond: Math.round(p.mbPerSecond * 10) / 10 });
      io.stderr.write(JSON.stringify({ stage: p.stage, done: p.done, total: p.total, elapsed: Math.round(p.elapsed * 1000) / 1000, ...extra }) + "\n");
    },
    stop() {},
  };
}

function barReporter(io: CliIO): Reporter {
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr as unknown as NodeJS.WritableStream,
      format: " {stage} |{bar}| {percentage}% | {value}/{total} | ETA {eta_formatted} | {duration_formatted}{info}",
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let stage = "";
  return {
    update(p) {
      if (p.stage === "read" && stage !== "" && stage !== "read") return; // reading goes on under "count"
      const total = Math.max(p.total, p.done, 1);
      if (p.stage !== stage) {
        if (stage) bar.stop();
        stage = p.stage;
        bar.start(total, p.done, { stage: p.stage.padEnd(5), info: info(p) });
      } else {
        bar.setTotal(total);
        bar.update(p.done, { info: info(p) });
      }
    },
    stop() {
      if (stage) bar.stop();
    },
  };
}

/** The tokenize stage's counts after the bar: documents, tokens, MB/s. */
function info(p: Progress | ReadProgress | TokenizeProgress): string {
  return p.stage === "tokenize" ? ` | ${p.documents} docs, ${p.tokens} tokens, ${p.mbPerSecond.toFixed(1)} MB/s` : "";
}
