// What a first-touched page costs on this machine, and how many of them a second counting thread adds.
// 1. A page fault on first touch: fresh ArrayBuffer pages and fresh wasm memory pages written once
//    each (256 MiB, 3 times), CPU per fault. Touching them again costs nothing: only first touches.
// 2. bench/pipeline-run.js on the kernel JSON Lines file (bench/corpus.js) with 1 and 2 threads,
//    alternated, each in a fresh process: the count stage's page faults (every thread), count seconds,
//    and each thread's faults and CPU over the whole run (sampled from /proc/self/task every 20 ms, so
//    Linux only; the main thread's include the merge stage, the same in both runs).
// 3. The speed-up as measured, and as it would be if first touches were free: count time less the
//    count stage's faults at the cost measured in 1 (halved with two threads, which share them out).
//    An estimate: faults slow a thread by their own cost and nothing else is assumed.
// usage: node bench/page-faults.js [--repeat 2] [--input FILE] [--out FILE]   (Node >= 23.9, Linux)
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CORPUS, JSONL } from "./corpus.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const repeat = Number(arg("--repeat", "2"));
const input = arg("--input", JSONL);
const out = arg("--out", null);
if (!existsSync(input)) throw new Error(`${input} is missing: run node bench/corpus.js first.`);
if (!existsSync("/proc/self/task")) throw new Error("this benchmark reads /proc/self/task (Linux)");

const proc = /** @type {NodeJS.Process & { threadCpuUsage: () => NodeJS.CpuUsage }} */ (process); // not in @types/node 20
const cpuMs = () => {
  const { user, system } = proc.threadCpuUsage();
  return (user + system) / 1000;
};
const faults = () => process.resourceUsage().minorPageFault;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

// 1. first touches
const PAGES = 65536; // 256 MiB of 4 KiB pages
function touch(view) {
  const f0 = faults();
  const c0 = cpuMs();
  for (let i = 0; i < PAGES; i++) view[i * 4096] = 1;
  const c1 = cpuMs();
  const f1 = faults();
  for (let i = 0; i < PAGES; i++) view[i * 4096] = 2;
  return { faults: f1 - f0, firstMs: c1 - c0, againMs: cpuMs() - c1 };
}
const touches = [];
for (let r = 0; r < 3; r++) touches.push({ kind: "ArrayBuffer", ...touch(new Uint8Array(PAGES * 4096)) });
for (let r = 0; r < 3; r++) {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 }); // wasm pages: 64 KiB
  memory.grow((PAGES * 4096) / 65536);
  touches.push({ kind: "wasm memory", ...touch(new Uint8Array(memory.buffer, 65536)) });
}
const usPerFault = median(touches.map((t) => (1000 * t.firstMs) / t.faults));
for (const t of touches) console.error(`${t.kind}: ${t.faults} faults in ${t.firstMs.toFixed(0)} CPU ms (${((1000 * t.firstMs) / t.faults).toFixed(2)} us each); the same pages again ${t.againMs.toFixed(1)} ms`);

// 2. one and two threads
const preload = join(here, "thread-stats.js");
function run(threads) {
  const r = spawnSync(process.execPath, ["--import", preload, join(here, "pipeline-run.js"), input, String(threads), "32768", "cl100k", join(CORPUS, `tok-faults-${threads}.bpe`)], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`pipeline-run.js ${threads}: ${r.stderr}`);
  const stats = JSON.parse(r.stderr.split("\n").find((l) => l.startsWith('{"threadStats"')) ?? "null");
  if (!stats) throw new Error(`no thread stats from the ${threads}-thread run`);
  const result = JSON.parse(r.stdout);
  const group = (name) => stats.threadStats.filter((t) => t.name === name);
  const sum = (ts, key) => ts.reduce((a, t) => a + t[key], 0);
  const main = group("MainThread").concat(group("node"));
  const workers = group("WorkerThread");
  const helpers = stats.threadStats.filter((t) => !main.includes(t) && !workers.includes(t));
  return {
    threads,
    count: result.count,
    countFaults: result.countFaults,
    countCpu: result.cpuMs / 1000,
    sha256: result.sha256,
    main: { faults: sum(main, "faults"), cpu: sum(main, "cpuMs") / 1000 },
    workers: { faults: sum(workers, "faults"), cpu: sum(workers, "cpuMs") / 1000 },
    helpers: { faults: sum(helpers, "faults"), cpu: sum(helpers, "cpuMs") / 1000 },
  };
}
const runs = [];
for (let rep = 1; rep <= repeat; rep++) {
  for (const threads of rep % 2 === 1 ? [1, 2] : [2, 1]) {
    const r = { rep, ...run(threads) };
    runs.push(r);
    console.error(JSON.stringify(r));
  }
}

// 3. the speed-up, measured and without first touches
const lines = [
  `Page faults, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}; ${input}, cl100k, vocab 32768.`,
  "",
  `A first touch of a 4 KiB page costs ${usPerFault.toFixed(2)} us of CPU here (median of ${touches.length}: ${touches.map((t) => ((1000 * t.firstMs) / t.faults).toFixed(2)).join(", ")}).`,
  "",
  "| rep | threads | count s | count-stage faults (K) | their CPU s | main faults (K) | worker faults (K) | helper faults (K) | main CPU s | worker CPU s | helper CPU s |",
  "|---|---|---|---|---|---|---|---|---|---|---|",
  ...runs.map(
    (r) =>
      `| ${r.rep} | ${r.threads} | ${r.count.toFixed(2)} | ${(r.countFaults / 1000).toFixed(1)} | ${((r.countFaults * usPerFault) / 1e6).toFixed(2)} | ${(r.main.faults / 1000).toFixed(1)} | ${(r.workers.faults / 1000).toFixed(1)} | ${(r.helpers.faults / 1000).toFixed(1)} | ${r.main.cpu.toFixed(2)} | ${r.workers.cpu.toFixed(2)} | ${r.helpers.cpu.toFixed(2)} |`,
  ),
  "",
];
for (let rep = 1; rep <= repeat; rep++) {
  const one = runs.find((r) => r.rep === rep && r.threads === 1);
  const two = runs.find((r) => r.rep === rep && r.threads === 2);
  if (!one || !two) continue;
  const free = (r) => r.count - (r.countFaults * usPerFault) / 1e6 / r.threads;
  lines.push(
    `rep ${rep}: 2 threads took ${two.countFaults - one.countFaults} more count-stage faults (${(((two.countFaults - one.countFaults) * usPerFault) / 1e6).toFixed(2)} CPU s); speed-up ${(one.count / two.count).toFixed(2)}x measured, ${(free(one) / free(two)).toFixed(2)}x with first touches free (estimate).`,
  );
}
if (new Set(runs.map((r) => r.sha256)).size !== 1) lines.push("", "WARNING: the runs wrote different tokenizer files");
console.log(lines.join("\n"));
if (out) writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, input, usPerFault, touches, runs }, null, 2)}\n`);
