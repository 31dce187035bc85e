// `npm run bench [-- --quick] [-- --corpus FILE] [-- --no-e2e]`: runs the benchmark suites, writes
// bench/results.json and prints markdown tables (copied into bench/RESULTS.md with the date).
//   kernels (tinybench): pair counting and pattern-none training, WASM core vs pure-TS twin
//   e2e (whole processes): `bytepair train` vs HuggingFace tokenizers, wall time and peak memory
import { writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { readDocuments } from "../dist/node.js";
import { e2eSuite, repeatedCorpus } from "./e2e.js";
import { kernelSuite } from "./kernels.js";

const DATA = fileURLToPath(new URL("../../shared/data/fineweb/", import.meta.url));
const CC_MAIN = `${DATA}lindahl-fineweb-CC-MAIN-2024-10/fineweb-CC-MAIN-2024-10-first1000.parquet`;
const DEDUP = `${DATA}fineweb-sample-10BT-legal-subset.dedup.parquet`;

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    corpus: { type: "string", default: CC_MAIN },
    "no-e2e": { type: "boolean", default: false },
    big: { type: "string" },
  },
});
const quick = values.quick;
const encoder = new TextEncoder();
const texts = [];
for await (const doc of readDocuments([values.corpus])) texts.push(typeof doc === "string" ? doc : new TextDecoder().decode(doc));
const docs = texts.map((t) => encoder.encode(t));

const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
const kernels = await kernelSuite(texts, docs, { quick });
let e2e = null;
if (!values["no-e2e"]) {
  const dedupTexts = [];
  for await (const doc of readDocuments([DEDUP])) dedupTexts.push(doc);
  const corpora = quick ? [CC_MAIN] : [CC_MAIN, DEDUP, values.big ?? (await repeatedCorpus(dedupTexts, 8))];
  e2e = e2eSuite({ corpora, vocabs: quick ? [4096] : [4096, 32768], runs: quick ? 1 : 3 });
}
const result = { date: new Date().toISOString(), machine, corpus: { path: values.corpus, documents: docs.length, bytes: kernels.bytes }, kernels, e2e };
await writeFile(new URL("./results.json", import.meta.url), JSON.stringify(result, null, 2) + "\n");

console.log(`date ${result.date.slice(0, 10)}; ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`);
console.log(`\n### Kernels (tinybench, medians)\n\ncorpus ${values.corpus.split("/").pop()} (${docs.length} documents, ${kernels.bytes} bytes); count, merge: cl100k (merge to vocab 32768); train-none: pattern none to vocab 2048\n`);
console.log("| kernel | engine | median s | min-max s | samples | MB/s | wasm / ts |");
console.log("|---|---|---|---|---|---|---|");
for (const r of kernels.rows) {
  console.log(`| ${r.kernel} | ${r.engine} | ${r.medianSeconds.toFixed(3)} | ${r.minSeconds.toFixed(3)}-${r.maxSeconds.toFixed(3)} | ${r.samples} | ${r.mbPerSecond.toFixed(1)} | ${r.wasmOverTs ? r.wasmOverTs.toFixed(2) + "x" : ""} |`);
}
if (e2e) {
  console.log(`\n### End to end (whole processes, pattern cl100k, medians of ${quick ? 1 : 3} runs)\n`);
  console.log("| corpus | MB | vocab | tool | wall s | min-max s | count s | merge s | peak MiB |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const r of e2e.rows) {
    console.log(`| ${r.corpus.split("/").pop()} | ${(r.bytes / 1e6).toFixed(1)} | ${r.vocab} | ${r.tool} | ${r.seconds.toFixed(2)} | ${r.min.toFixed(2)}-${r.max.toFixed(2)} | ${r.countSeconds ?? ""} | ${r.mergeSeconds ?? ""} | ${Math.round(r.peakMiB)} |`);
  }
}
