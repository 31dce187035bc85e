// What two threads could reach on this machine at best: the kernel JSON Lines file (bench/corpus.js)
// cut in two halves of equal bytes at a line end, each counted by its own one-thread process, both at
// once; against one one-thread process on the whole file, alone. Two processes share nothing but the
// machine (caches, memory, the hypervisor), and no tables are merged, so their CPU time over the one
// process's is what a second thread costs before any cost of its own: the ceiling of a split here is
// 2 x (one process's CPU) / (the two halves' CPU), less the merge. Prints one line per repetition.
// usage: node bench/pipeline-ceiling.js [--repeat 3]   (Node >= 23.9, like bench/pipeline.js; ~1 min a repetition)
import { spawn } from "node:child_process";
import { closeSync, createReadStream, createWriteStream, existsSync, openSync, readSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { CORPUS, JSONL } from "./corpus.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const repeat = Number(process.argv.includes("--repeat") ? process.argv[process.argv.indexOf("--repeat") + 1] : "3");
if (!existsSync(JSONL)) throw new Error(`${JSONL} is missing: run node bench/corpus.js first.`);

// the halves, cut at the first line end past the middle byte (cached beside the corpus)
const halves = [join(CORPUS, "kernel-half-1.jsonl"), join(CORPUS, "kernel-half-2.jsonl")];
if (!halves.every(existsSync)) {
  const size = statSync(JSONL).size;
  const fd = openSync(JSONL, "r");
  const probe = Buffer.alloc(1 << 26);
  const got = readSync(fd, probe, 0, probe.length, Math.floor(size / 2));
  closeSync(fd);
  const newline = probe.subarray(0, got).indexOf(0x0a);
  if (newline < 0) throw new Error("no line end within 64 MiB past the middle of the corpus");
  const cut = Math.floor(size / 2) + newline + 1;
  await pipeline(createReadStream(JSONL, { end: cut - 1 }), createWriteStream(halves[0]));
  await pipeline(createReadStream(JSONL, { start: cut }), createWriteStream(halves[1]));
}

/** One pipeline-run.js process on `input` with one thread: its JSON line. */
function run(input, tag) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, "pipeline-run.js"), input, "1", "32768", "cl100k", join(CORPUS, `tok-ceiling-${tag}.bpe`)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`pipeline-run.js ${input} exited ${code}`))));
  });
}

const rows = [];
for (let rep = 1; rep <= repeat; rep++) {
  const whole = await run(JSONL, "whole");
  const [a, b] = await Promise.all([run(halves[0], "half-1"), run(halves[1], "half-2")]);
  const cpu = (r) => r.cpuMs / 1000;
  const row = { rep, wholeCount: whole.count, wholeCpu: cpu(whole), halvesCpu: cpu(a) + cpu(b), halvesCount: [a.count, b.count], ceiling: (2 * cpu(whole)) / (cpu(a) + cpu(b)) };
  rows.push(row);
  console.log(
    `rep ${rep}: one process on the whole: count ${whole.count.toFixed(2)} s, ${cpu(whole).toFixed(2)} CPU s; two at once on the halves: count ${a.count.toFixed(2)} s and ${b.count.toFixed(2)} s, ${row.halvesCpu.toFixed(2)} CPU s (+${(100 * (row.halvesCpu / cpu(whole) - 1)).toFixed(1)}%): ceiling of a split ${row.ceiling.toFixed(2)}x`,
  );
}
writeFileSync(join(here, "pipeline-ceiling.json"), `${JSON.stringify(rows, null, 2)}\n`);
