// The ceiling of bench/pipeline-ceiling.js, inside one process: the kernel JSON Lines halves counted at
// once by two worker threads of one process (each with its own engine, one thread's countInputs, no
// merge), against one worker thread on the whole file. Each side is a fresh process; the figure is the
// counting threads' own CPU time from their engine's creation to the end of their count (Node's worker
// start and V8's helper threads are left out on both sides). Two threads of one process share its
// memory map, which two processes do not (page faults, TLB shootdowns), so this says whether a second
// thread costs more than a second process before any work of bytepair's pipeline (dealing, tables
// exported and added). Run bench/pipeline-ceiling.js once first: it cuts the halves.
// usage: node bench/pipeline-ceiling-threads.js [--repeat 4]   (Node >= 23.9: process.threadCpuUsage)
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { countInputs, createEngine } from "../dist/node.js";
import { CORPUS, JSONL } from "./corpus.js";

const halves = [join(CORPUS, "kernel-half-1.jsonl"), join(CORPUS, "kernel-half-2.jsonl")];
const proc = /** @type {NodeJS.Process & { threadCpuUsage?: (since?: NodeJS.CpuUsage) => NodeJS.CpuUsage }} */ (process);

if (!isMainThread) {
  // a counting thread: its own engine, one input, one thread
  const engine = await createEngine("wasm");
  const since = proc.threadCpuUsage?.();
  const wall = performance.now();
  const counted = await countInputs(engine, [workerData], { pattern: "cl100k", specialTokens: [], threads: 1 });
  const cpu = proc.threadCpuUsage?.(since);
  parentPort?.postMessage({ bytes: counted.bytes, chunks: engine.chunkCount(), seconds: (performance.now() - wall) / 1000, cpu: cpu ? (cpu.user + cpu.system) / 1e6 : Number.NaN });
} else if (process.argv[2] === "--side") {
  // one side, in this fresh process: a counting thread per input, all at once
  const inputs = process.argv[3] === "whole" ? [JSONL] : halves;
  const done = await Promise.all(
    inputs.map(
      (input) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(fileURLToPath(import.meta.url), { workerData: input });
          worker.once("message", resolve);
          worker.once("error", reject);
        }),
    ),
  );
  console.log(JSON.stringify(done));
  process.exit(0);
} else {
  if (!proc.threadCpuUsage) throw new Error("Node >= 23.9 is needed (process.threadCpuUsage).");
  if (!halves.every(existsSync)) throw new Error("the halves are missing: run node bench/pipeline-ceiling.js first.");
  const repeat = Number(process.argv.includes("--repeat") ? process.argv[process.argv.indexOf("--repeat") + 1] : "4");
  /** One side in a fresh process: each counting thread's result. */
  const side = (which) => {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--side", which], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${which}: ${r.stderr}`);
    return /** @type {{ bytes: number, chunks: number, seconds: number, cpu: number }[]} */ (JSON.parse(r.stdout));
  };
  for (let rep = 1; rep <= repeat; rep++) {
    // alternated order: a drift of the machine's speed favours neither side over two repetitions
    let whole;
    let parts;
    if (rep % 2 === 1) {
      whole = side("whole");
      parts = side("halves");
    } else {
      parts = side("halves");
      whole = side("whole");
    }
    const cpu = parts.reduce((a, p) => a + p.cpu, 0);
    console.log(
      `rep ${rep}: one thread on the whole: ${whole[0].seconds.toFixed(2)} s, ${whole[0].cpu.toFixed(2)} CPU s; two threads of one process on the halves: ${parts.map((p) => p.seconds.toFixed(2)).join(" s and ")} s, ${cpu.toFixed(2)} CPU s (${cpu >= whole[0].cpu ? "+" : ""}${(100 * (cpu / whole[0].cpu - 1)).toFixed(1)}%): ceiling of a split ${((2 * whole[0].cpu) / cpu).toFixed(2)}x`,
    );
  }
}
