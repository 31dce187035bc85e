// End-to-end training benchmarks, as whole processes: wall time and peak memory (max RSS, from
// /usr/bin/time) of `bytepair train` (wasm and ts engines, 1 thread and all cores) and of
// HuggingFace tokenizers (Python, when /tmp/hf/bin/python or $HF_PYTHON has it), same documents.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../dist/cli/bin.js", import.meta.url));
const HF_SCRIPT = fileURLToPath(new URL("./hf_train.py", import.meta.url));

export function findPython() {
  for (const py of [process.env.HF_PYTHON, "/tmp/hf/bin/python", "python3"]) {
    if (!py) continue;
    const r = spawnSync(py, ["-c", "import tokenizers, pyarrow; print(tokenizers.__version__)"], { encoding: "utf8" });
    if (r.status === 0) return { python: py, version: r.stdout.trim() };
  }
  return null;
}

/** Runs a command under /usr/bin/time; returns wall seconds and max RSS in MiB. */
function timed(cmd, args) {
  const dir = mkdtempSync(join(tmpdir(), "bytepair-bench-"));
  const timeFile = join(dir, "time");
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", "-o", timeFile, cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  const [wall, kb] = execFileSync("tail", ["-n1", timeFile], { encoding: "utf8" }).trim().split(" ").map(Number);
  rmSync(dir, { recursive: true, force: true });
  return { seconds: wall, peakMiB: kb / 1024, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Each configuration `runs` times on each corpus and vocab size; medians with min and max. */
export function e2eSuite({ corpora, vocabs, runs = 3, pattern = "cl100k" }) {
  const hf = findPython();
  const out = join(mkdtempSync(join(tmpdir(), "bytepair-bench-")), "t.bpe");
  const cores = availableParallelism();
  const rows = [];
  for (const corpus of corpora) {
    for (const vocab of vocabs) {
      const configs = [
        ["bytepair wasm, 1 thread", process.execPath, [BIN, "train", corpus, "--vocab-size", vocab, "--pattern", pattern, "--threads", "1", "--progress", "none", "--out", out]],
        [`bytepair wasm, ${cores} threads`, process.execPath, [BIN, "train", corpus, "--vocab-size", vocab, "--pattern", pattern, "--threads", String(cores), "--progress", "none", "--out", out]],
        ["bytepair ts, 1 thread", process.execPath, [BIN, "train", corpus, "--vocab-size", vocab, "--pattern", pattern, "--engine", "ts", "--threads", "1", "--progress", "none", "--out", out]],
      ];
      if (hf) configs.push([`HF tokenizers ${hf.version} (Python, ${cores} cores)`, hf.python, [HF_SCRIPT, corpus, vocab, pattern]]);
      for (const [tool, cmd, args] of configs) {
        const samples = Array.from({ length: runs }, () => timed(cmd, args.map(String)));
        const secs = samples.map((s) => s.seconds);
        const mems = samples.map((s) => s.peakMiB);
        const detail = tool.startsWith("bytepair") ? /time: ([\d.]+) s counting, ([\d.]+) s merging/.exec(samples[0].stdout) : null;
        rows.push({
          corpus, bytes: statSync(corpus).size, vocab, tool,
          seconds: median(secs), min: Math.min(...secs), max: Math.max(...secs), peakMiB: median(mems),
          countSeconds: detail ? Number(detail[1]) : null, mergeSeconds: detail ? Number(detail[2]) : null,
        });
        const r = rows.at(-1);
        console.error(`${tool} ${corpus.split("/").pop()} vocab ${vocab}: ${r.seconds}s (${r.min}-${r.max}) ${Math.round(r.peakMiB)} MiB`);
      }
    }
  }
  return { hf: hf?.version ?? null, rows };
}

/** A bigger corpus for scale runs: the documents of `source` repeated `times` times, as JSON Lines. */
export async function repeatedCorpus(docs, times) {
  const path = join(tmpdir(), `bytepair-bench-x${times}.jsonl`);
  if (!existsSync(path)) writeFileSync(path, Array.from({ length: times }, () => docs.map((d) => JSON.stringify({ text: d })).join("\n")).join("\n") + "\n");
  return path;
}
