// Progress on stderr: a bar with ETA on a terminal, JSON lines (stage, done, total, elapsed) otherwise.
import cliProgress from "cli-progress";
import type { Progress } from "../train.js";
import type { CliIO } from "./io.js";

export type ProgressMode = "auto" | "bar" | "json" | "none";

export interface Reporter {
  update(p: Progress): void;
  stop(): void;
}

export function createReporter(mode: ProgressMode, io: CliIO): Reporter {
  const chosen = mode === "auto" ? (io.stderrIsTTY ? "bar" : "json") : mode;
  if (chosen === "none") return { update() {}, stop() {} };
  if (chosen === "json") return jsonReporter(io);
  return barReporter(io);
}

function jsonReporter(io: CliIO): Reporter {
  let last = 0;
  let lastStage = "";
  return {
    update(p) {
      const now = Date.now();
      // At most a few lines a second, but always the first and last of a stage.
      if (p.stage === lastStage && now - last < 250 && p.done < p.total) return;
      last = now;
      lastStage = p.stage;
      io.stderr.write(JSON.stringify({ stage: p.stage, done: p.done, total: p.total, elapsed: Math.round(p.elapsed * 1000) / 1000 }) + "\n");
    },
    stop() {},
  };
}

function barReporter(io: CliIO): Reporter {
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr as unknown as NodeJS.WritableStream,
      format: " {stage} |{bar}| {percentage}% | {value}/{total} | ETA {eta_formatted} | {duration_formatted}",
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let stage = "";
  return {
    update(p) {
      const total = Math.max(p.total, p.done, 1);
      if (p.stage !== stage) {
        if (stage) bar.stop();
        stage = p.stage;
        bar.start(total, p.done, { stage: p.stage.padEnd(5) });
      } else {
        bar.setTotal(total);
        bar.update(p.done);
      }
    },
    stop() {
      if (stage) bar.stop();
    },
  };
}
