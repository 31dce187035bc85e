// End-to-end training benchmarks, as whole processes: wall time and peak memory (max RSS, from
// /usr/bin/time) of `bytepair train` (wasm and ts engines, 1 thread and all cores) and of
// HuggingFace tokenizers (Python, when $HF_PYTHON, /tmp/hf/bin/python or python3 has it).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../dist/cli/bin.js", import.meta.url));
const HF_SCRIPT = fileURLToPath(new URL("./hf_train.py", import.meta.url));
const CORES = availableParallelism();

/** A Python with HuggingFace tokenizers and pyarrow, or null. */
export function findPython() {
  for (const py of [process.env.HF_PYTHON, "/tmp/hf/bin/python", "python3"]) {
    if (!py) continue;
    const r = spawnSync(py, ["-c", "import tokenizers, pyarrow; print(tokenizers.__version__)"], { encoding: "utf8" });
    if (r.status === 0) return { python: py, version: r.stdout.trim() };
  }
  return null;
}

/** The tools compared; `hf` only when a Python with tokenizers is found. */
export function tools(hf) {
  /** @typedef {(corpus: string, vocab: string, out: string) => [string, (string | number)[]]} Command */
  /** @type {(engine: string, threads: number) => Command} */
  const bp = (engine, threads) => (corpus, vocab, out) => [process.execPath, [BIN, "train", corpus, "--vocab-size", vocab, "--pattern", "cl100k", "--engine", engine, "--threads", threads, "--progress", "none", "--out", out]];
  /** @type {Record<string, Command>} */
  const list = {
    "bytepair wasm, 1 thread": bp("wasm", 1),
    [`bytepair wasm, ${CORES} threads`]: bp("wasm", CORES),
    "bytepair ts, 1 thread": bp("ts", 1),
  };
  if (hf) list[`HF tokenizers ${hf.version} (${CORES} cores)`] = (corpus, vocab) => [hf.python, [HF_SCRIPT, corpus, vocab, "cl100k"]];
  return list;
}

/** Runs a command under /usr/bin/time; returns wall seconds, max RSS in MiB and stdout. */
function timed(cmd, args) {
  const dir = mkdtempSync(join(tmpdir(), "bytepair-bench-"));
  const timeFile = join(dir, "time");
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", "-o", timeFile, cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  const [wall, kb] = (readFileSync(timeFile, "utf8").trim().split("\n").at(-1) ?? "").split(" ").map(Number);
  rmSync(dir, { recursive: true, force: true });
  return { seconds: wall, peakMiB: kb / 1024, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Every tool on every case ({ corpus, label, mb, vocab }), `runs` times; medians with min and max.
 * @param {any[]} cases
 * @param {{ runs?: number, only?: (tool: string, c: any) => boolean }} [options] only: which tools run on which case (default all)
 */
export function e2eSuite(cases, { runs = 3, only } = {}) {
  const hf = findPython();
  const list = tools(hf);
  const out = join(mkdtempSync(join(tmpdir(), "bytepair-bench-")), "t.bpe");
  const rows = [];
  for (const c of cases) {
    for (const [tool, make] of Object.entries(list)) {
      if (only && !only(tool, c)) continue;
      const [cmd, args] = make(c.corpus, String(c.vocab), out);
      const samples = Array.from({ length: runs }, () => timed(cmd, args.map(String)));
      const secs = samples.map((s) => s.seconds);
      const detail = /time: ([\d.]+) s counting, ([\d.]+) s merging/.exec(samples[0].stdout);
      const row = {
        corpus: c.label, mb: c.mb, vocab: c.vocab, tool,
        seconds: median(secs), min: Math.min(...secs), max: Math.max(...secs), runs,
        peakMiB: median(samples.map((s) => s.peakMiB)),
        countSeconds: detail ? Number(detail[1]) : null,
        mergeSeconds: detail ? Number(detail[2]) : null,
      };
      rows.push(row);
      console.error(`  ${tool}, ${c.label}, vocab ${c.vocab}: ${row.seconds} s (${row.min}-${row.max}), ${Math.round(row.peakMiB)} MiB`);
    }
  }
  return { hf: hf?.version ?? null, rows };
}

/** The first documents of `texts` adding up to `mb` MB of UTF-8, as a JSON Lines file in tmp. */
export function slice(texts, mb, name) {
  const path = join(tmpdir(), `bytepair-bench-${name}-${mb}mb.jsonl`);
  if (!existsSync(path)) {
    const lines = [];
    let bytes = 0;
    for (const t of texts) {
      if (bytes >= mb * 1e6) break;
      lines.push(JSON.stringify({ text: t }));
      bytes += Buffer.byteLength(t);
    }
    writeFileSync(path, lines.join("\n") + "\n");
  }
  return path;
}

/** The documents of `texts` repeated `times` times, as JSON Lines in tmp (a big corpus for scale runs). */
export function repeated(texts, times, name) {
  const path = join(tmpdir(), `bytepair-bench-${name}-x${times}.jsonl`);
  if (!existsSync(path)) writeFileSync(path, Array.from({ length: times }, () => texts.map((t) => JSON.stringify({ text: t })).join("\n")).join("\n") + "\n");
  return path;
}

export function textBytes(path) {
  return statSync(path).size;
}

export { execFileSync };

/** The JSON Lines corpus as plain text (documents joined by newlines) for file-based trainers. */
export function asText(jsonl) {
  const path = jsonl.replace(/\.jsonl$/, ".txt");
  if (!existsSync(path)) {
    const lines = readFileSync(jsonl, "utf8").trim().split("\n").map((line) => JSON.parse(line).text);
    writeFileSync(path, lines.join("\n") + "\n");
  }
  return path;
}

/**
 * The `tokenizers` npm package's `train(files)` (fixed defaults: vocab 30000, min_frequency 0,
 * ByteLevel with GPT-2's regex; see hf_npm_train.mjs) against bytepair configured the same way
 * (--pattern gpt2 --vocab-size 30000 --min-frequency 1), on the same .txt file.
 */
export function npmTrainSuite(cases, { runs = 3 } = {}) {
  const npmScript = fileURLToPath(new URL("./hf_npm_train.mjs", import.meta.url));
  const out = join(mkdtempSync(join(tmpdir(), "bytepair-bench-")), "t.bpe");
  const rows = [];
  for (const c of cases) {
    const text = asText(c.corpus);
    const configs = {
      "bytepair wasm, 1 thread (gpt2, vocab 30000, min frequency 1)": [process.execPath, [BIN, "train", text, "--pattern", "gpt2", "--vocab-size", "30000", "--min-frequency", "1", "--threads", "1", "--progress", "none", "--out", out]],
      "tokenizers npm 0.23.2 train(files), defaults": [process.execPath, [npmScript, text]],
    };
    for (const [tool, [cmd, args]] of Object.entries(configs)) {
      const samples = Array.from({ length: runs }, () => timed(cmd, args));
      const secs = samples.map((s) => s.seconds);
      rows.push({ corpus: c.label, tool, seconds: median(secs), min: Math.min(...secs), max: Math.max(...secs), peakMiB: median(samples.map((s) => s.peakMiB)) });
      console.error(`  ${tool}, ${c.label}: ${rows.at(-1)?.seconds} s`);
    }
  }
  return rows;
}
