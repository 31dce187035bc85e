// `bytepair tokenize` against the nanoGPT/llm.c-style Python baseline (bench/tokenize_baseline.py:
// tiktoken's encode_ordinary in a multiprocessing.Pool, llm.c shards) on the same FineWeb text, in the
// same run: whole processes under /usr/bin/time, bytepair and Python in turn (A B A B ...), for 1 and
// 2 threads/processes. Reports tokens per second (wall), CPU seconds and peak memory, and checks
// that both wrote identical shards. Prints a Markdown section ready for bench/RESULTS.md. On a loaded
// machine compare CPU seconds, not wall time.
//
//   node bench/tokenize.js [--runs 3] [--tokenizer cl100k_base] [--python /work/venv/bin/python] [--node PATH] [--tools bytepair,python] [FILE ...]
//
// Default corpus: every FineWeb parquet file in ../shared/data/fineweb (about 68 MB of text).
// `--tools bytepair` times bytepair alone (any input it reads, e.g. the kernel corpus as JSON Lines:
// the Python baseline reads parquet only, and takes minutes on a gigabyte).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const BIN = fileURLToPath(new URL("../dist/cli/bin.js", import.meta.url));
const BASELINE = fileURLToPath(new URL("./tokenize_baseline.py", import.meta.url));
const SHARED = fileURLToPath(new URL("../../shared/data/fineweb/", import.meta.url));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: "string", default: "3" },
    tokenizer: { type: "string", default: "cl100k_base" },
    python: { type: "string", default: existsSync("/work/venv/bin/python") ? "/work/venv/bin/python" : "python3" },
    threads: { type: "string", default: "1,2" },
    node: { type: "string", default: process.execPath }, // the Node that runs bytepair (e.g. Node 24)
    tools: { type: "string", default: "bytepair,python" },
  },
});

/** Parquet files under a directory, in path order (as bytepair walks a directory). */
function parquetFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...parquetFiles(path));
    else if (name.endsWith(".parquet")) out.push(path);
  }
  return out;
}

const inputs = positionals.length > 0 ? positionals : parquetFiles(SHARED);
const runs = Number(values.runs);
const work = mkdtempSync(join(tmpdir(), "bytepair-bench-tokenize-"));

/** One whole process under /usr/bin/time: wall and CPU seconds, peak RSS (MiB), stdout. */
function timed(cmd, args) {
  const timeFile = join(work, "time");
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "-o", timeFile, cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  const [wall, user, sys, kb] = (readFileSync(timeFile, "utf8").trim().split("\n").at(-1) ?? "").split(" ").map(Number);
  return { wall, cpu: user + sys, peakMiB: kb / 1024, stdout: r.stdout };
}

/** @type {Record<string, (threads: number, out: string) => [string, string[]]>} */
const allTools = {
  bytepair: (threads, out) => [values.node, [BIN, "tokenize", ...inputs, "--tokenizer", values.tokenizer, "--out", out, "--name", "fineweb", "--bos", "<|endoftext|>", "--threads", String(threads), "--progress", "none"]],
  python: (threads, out) => [values.python, [BASELINE, ...inputs, "--tiktoken", values.tokenizer, "--out", out, "--name", "fineweb", "--bos", "<|endoftext|>", "--procs", String(threads)]],
};
const tools = Object.fromEntries(values.tools.split(",").map((t) => [t, allTools[t]]));

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const shardsOf = (dir) => readdirSync(dir).filter((f) => f.endsWith(".bin")).sort();

const results = [];
let tokens = 0;
let text = 0; // UTF-8 bytes of the documents' text
for (const threads of values.threads.split(",").map(Number)) {
  /** @type {Record<string, { wall: number, cpu: number, peakMiB: number }[]>} */
  const samples = { bytepair: [], python: [] };
  for (let i = 0; i <= runs; i++) {
    for (const [tool, make] of Object.entries(tools)) {
      const out = join(work, `${tool}-${threads}`);
      rmSync(out, { recursive: true, force: true }); // a fresh directory: no resuming
      const [cmd, args] = make(threads, out);
      const s = timed(cmd, args);
      if (i > 0) samples[tool].push(s); // run 0 warms the page cache
    }
    if (i === 0) {
      // both wrote the same shards, byte for byte
      const a = join(work, `bytepair-${threads}`);
      const b = join(work, `python-${threads}`);
      ({ tokens, bytes: text } = JSON.parse(readFileSync(join(a, "manifest.json"), "utf8")));
      if (!tools.python) continue;
      const files = shardsOf(a);
      if (files.join() !== shardsOf(b).join()) throw new Error(`different shard files: ${files} vs ${shardsOf(b)}`);
      for (const f of files) if (!readFileSync(join(a, f)).equals(readFileSync(join(b, f)))) throw new Error(`${f} differs between bytepair and Python`);
    }
  }
  for (const [tool, list] of Object.entries(samples)) {
    if (list.length === 0) continue;
    const wall = median(list.map((s) => s.wall));
    results.push({ tool, threads, wall, wallMin: Math.min(...list.map((s) => s.wall)), wallMax: Math.max(...list.map((s) => s.wall)), cpu: median(list.map((s) => s.cpu)), peakMiB: median(list.map((s) => s.peakMiB)), tokensPerSecond: tokens / wall });
  }
}
rmSync(work, { recursive: true, force: true });

const textBytes = inputs.reduce((n, f) => n + statSync(f).size, 0);
const python = spawnSync(values.python, ["-c", "import tiktoken; print(tiktoken.__version__)"], { encoding: "utf8" }).stdout.trim();
const nodeVersion = spawnSync(values.node, ["--version"], { encoding: "utf8" }).stdout.trim();
/** What the inputs are: the default set is FineWeb parquet; others are named by their files' formats. */
function describeInputs() {
  if (positionals.length === 0) return `${inputs.length} FineWeb parquet files`;
  const kind = (f) => (statSync(f).isDirectory() ? "directory" : f.endsWith(".parquet") ? "parquet" : /\.(jsonl|ndjson)(\.gz|\.zst)?$/.test(f) ? "JSON Lines" : "text");
  const kinds = [...new Set(inputs.map(kind))];
  return `${inputs.length} ${kinds.join(" and ")} file${inputs.length === 1 ? "" : "s"} (${inputs.map((f) => basename(f)).join(", ")})`;
}
const get = (tool, threads) => results.find((r) => r.tool === tool && r.threads === threads);
const lines = [
  "## Tokenize a dataset (bytepair tokenize vs the Python baseline, whole processes)",
  "",
  `${new Date().toISOString().slice(0, 10)}: ${cpus()[0]?.model ?? "?"}, ${cpus().length} cores; Node ${nodeVersion}; Python tiktoken ${python}. ` +
    `\`bytepair tokenize FILES --tokenizer ${values.tokenizer} --bos "<|endoftext|>" --threads N\` against \`bench/tokenize_baseline.py\` (llm.c's dev/data/fineweb.py: tiktoken's encode_ordinary in a multiprocessing.Pool of N processes, llm.c shards) ` +
    `on ${describeInputs()} (${(textBytes / 1e6).toFixed(1)} MB on disk, ${(text / 1e6).toFixed(1)} MB of text; ${tokens.toLocaleString("en")} tokens), both writing the same llm.c shards (checked byte for byte). ` +
    `\`bench/tokenize.js\`: /usr/bin/time, the tools in turn (A B A B ...), medians of ${runs} runs after a warm-up, min-max of wall time.`,
  "",
  "| tool | threads | wall s (min-max) | CPU s | peak MiB | M tokens/s | vs Python (wall) | vs Python (CPU) |",
  "|---|---|---|---|---|---|---|---|",
];
for (const r of results) {
  const py = get("python", r.threads);
  const vs = r.tool === "bytepair" && py ? [`${(py.wall / r.wall).toFixed(2)}x`, `${(py.cpu / r.cpu).toFixed(2)}x`] : ["", ""];
  lines.push(`| ${r.tool} | ${r.threads} | ${r.wall.toFixed(2)} (${r.wallMin.toFixed(2)}-${r.wallMax.toFixed(2)}) | ${r.cpu.toFixed(2)} | ${r.peakMiB.toFixed(0)} | ${(r.tokensPerSecond / 1e6).toFixed(2)} | ${vs.join(" | ")} |`);
}
const one = get("bytepair", 1);
const two = get("bytepair", 2);
const py1 = get("python", 1);
const py2 = get("python", 2);
lines.push("");
if (one && two) lines.push(`bytepair with 2 threads: ${(one.wall / two.wall).toFixed(2)}x its 1-thread speed (wall); Python with 2 processes: ${py1 && py2 ? (py1.wall / py2.wall).toFixed(2) : "?"}x.`);
console.log(lines.join("\n"));
