// One run of the pipeline benchmark, in a fresh process: trainFiles on INPUT with THREADS, timing
// the count stage (wall, CPU of every thread, main-thread busy time) and the merge stage. The main
// thread counts units too (beside THREADS - 1 workers): its serial work is its busy time less the
// time it spent in its own units, which countShards leaves in a User Timing mark ("bytepair:count").
// usage: node bench/pipeline-run.js INPUT THREADS VOCAB PATTERN OUT   -> one JSON line on stdout
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { saveTokenizerFile, trainFiles } from "../dist/node.js";

const [input, threads, vocab, pattern, out] = process.argv.slice(2);
// main-thread CPU: process.threadCpuUsage (Node >= 23.9); else event-loop busy time (wall time: only right on a quiet machine)
const proc = /** @type {NodeJS.Process & { threadCpuUsage?: () => NodeJS.CpuUsage }} */ (process); // not in @types/node 20
const mainCpu = () => (proc.threadCpuUsage ? proc.threadCpuUsage() : null);
const began = { elu: performance.eventLoopUtilization(), cpu: process.cpuUsage(), main: mainCpu(), wall: performance.now(), faults: process.resourceUsage().minorPageFault };
// the same three when the count stage ended: its last report (made once the workers' tables are in
// the training engine), not the first "merge" report, which comes after the merge stage's own set-up
let counted = /** @type {{ elu: import("node:perf_hooks").EventLoopUtilization, cpu: NodeJS.CpuUsage, main: NodeJS.CpuUsage | null, wall: number, faults: number } | null} */ (null);
let merging = false;
const result = await trainFiles([input], {
  vocabSize: Number(vocab),
  pattern,
  threads: Number(threads),
  onProgress: (p) => {
    if (p.stage === "count" && !merging) counted = { elu: performance.eventLoopUtilization(began.elu), cpu: process.cpuUsage(began.cpu), main: mainCpu(), wall: performance.now(), faults: process.resourceUsage().minorPageFault };
    else merging = true;
  },
});
await saveTokenizerFile(result.tokenizer, out);
if (counted === null || !merging) throw new Error("training reported no count or no merge stage");
const cpuMs = (counted.cpu.user + counted.cpu.system) / 1000;
const mainMs = began.main && counted.main ? (counted.main.user + counted.main.system - began.main.user - began.main.system) / 1000 : counted.elu.active;
const [mark] = performance.getEntriesByName("bytepair:count", "mark");
if (!mark) throw new Error("countShards left no bytepair:count mark");
const countedHereMs = /** @type {{ countedHereMs: number }} */ (/** @type {PerformanceMark} */ (mark).detail).countedHereMs;
const s = result.stats;
console.log(
  JSON.stringify({
    input,
    threads: Number(threads),
    documents: s.documents,
    bytes: s.bytes,
    uniqueChunks: s.uniqueChunks,
    count: s.seconds.count,
    merge: s.seconds.merge,
    total: s.seconds.total,
    countMBps: s.bytes / 1e6 / s.seconds.count,
    mainBusyMs: mainMs,
    mainCountingMs: countedHereMs, // the main thread's own units (parallel work, not serial)
    mainMeasure: began.main ? "thread CPU" : "event loop busy (wall)",
    cpuMs,
    serialFraction: (mainMs - countedHereMs) / cpuMs,
    countCpuMBps: s.bytes / 1e3 / cpuMs, // text per CPU second of all threads: robust to a busy machine
    // memory touched for the first time while counting (4 KiB pages, every thread): on the VMs measured
    // a first touch cost ~13-15 us a page, so each extra thread's buffers and tables show here
    countFaults: counted.faults - began.faults,
    peakMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    sha256: createHash("sha256").update(readFileSync(out)).digest("hex").slice(0, 16),
  }),
);
