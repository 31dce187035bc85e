// "Count once + train 3 vocab sizes" against three separate trainings, as whole processes: wall
// time and peak memory (max RSS) from /usr/bin/time. Corpus: FineWeb CC-MAIN-2024-10, first 1,000
// rows (3.4 MB of text), pattern cl100k, one thread, vocab sizes 8192, 32768, 65536.
//   node bench/counts.js [CORPUS] [--runs N]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../dist/cli/bin.js", import.meta.url));
const DEFAULT = fileURLToPath(new URL("../../shared/data/fineweb/lindahl-fineweb-CC-MAIN-2024-10/fineweb-CC-MAIN-2024-10-first1000.parquet", import.meta.url));
const args = process.argv.slice(2);
const runs = args.includes("--runs") ? Number(args[args.indexOf("--runs") + 1]) : 3;
const corpus = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--runs") ?? DEFAULT;
const SIZES = [8192, 32768, 65536];
const common = ["--threads", "1", "--progress", "none"];

/** One `bytepair` process under /usr/bin/time: wall and CPU (user + sys) seconds, peak MiB. */
function timed(argv, dir) {
  const timeFile = join(dir, "time");
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "-o", timeFile, process.execPath, BIN, ...argv], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bytepair ${argv.join(" ")} failed: ${r.stderr}`);
  const [seconds, user, sys, kb] = (readFileSync(timeFile, "utf8").trim().split("\n").at(-1) ?? "").split(" ").map(Number);
  return { seconds, cpu: user + sys, peakMiB: kb / 1024 };
}

/** Steps run one after another: summed times, the largest peak. */
function sequence(steps) {
  const dir = mkdtempSync(join(tmpdir(), "bytepair-counts-bench-"));
  try {
    const each = steps(dir).map((argv) => timed(argv, dir));
    const sum = (f) => each.reduce((s, x) => s + f(x), 0);
    return { seconds: sum((x) => x.seconds), cpu: sum((x) => x.cpu), peakMiB: Math.max(...each.map((x) => x.peakMiB)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ways = {
  "count once + train 3 sizes (train --counts --vocab-size 8192,32768,65536)": (dir) => [
    ["count", corpus, "--out", join(dir, "c.parquet"), ...common],
    ["train", "--counts", join(dir, "c.parquet"), "--vocab-size", SIZES.join(","), "--out", join(dir, "tok-{vocab}.bpe"), "--progress", "none"],
  ],
  "3 separate trainings on the text": (dir) => SIZES.map((v) => ["train", corpus, "--vocab-size", String(v), "--out", join(dir, `t${v}.bpe`), ...common]),
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// The machine may be shared: CPU seconds (user + sys) say more than wall time when it is busy.
console.log(`| way | wall s (median of ${runs}) | min–max s | CPU s (median) | peak MiB |`);
console.log("|---|---|---|---|---|");
for (const [name, steps] of Object.entries(ways)) {
  const all = Array.from({ length: runs }, () => sequence(steps));
  const s = all.map((x) => x.seconds);
  const cpu = median(all.map((x) => x.cpu));
  console.log(`| ${name} | ${median(s).toFixed(2)} | ${Math.min(...s).toFixed(2)}–${Math.max(...s).toFixed(2)} | ${cpu.toFixed(2)} | ${Math.round(median(all.map((x) => x.peakMiB)))} |`);
}
