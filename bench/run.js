// `npm run bench [-- --quick] [-- --corpus FILE]`: runs the benchmark suites and writes
// bench/results.json plus a markdown table to stdout (copy it into bench/RESULTS.md with the date).
import { writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { readDocuments } from "../dist/node.js";
import { kernelSuite } from "./kernels.js";

const DEFAULT_CORPUS = fileURLToPath(
  new URL("../../shared/data/fineweb/lindahl-fineweb-CC-MAIN-2024-10/fineweb-CC-MAIN-2024-10-first1000.parquet", import.meta.url),
);

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, corpus: { type: "string", default: DEFAULT_CORPUS } } });
const encoder = new TextEncoder();
const docs = [];
for await (const doc of readDocuments([values.corpus])) docs.push(typeof doc === "string" ? encoder.encode(doc) : doc);

const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
const kernels = await kernelSuite(docs, { quick: values.quick });
const result = { date: new Date().toISOString(), machine, corpus: { path: values.corpus, documents: docs.length, bytes: kernels.bytes }, kernels };
await writeFile(new URL("./results.json", import.meta.url), JSON.stringify(result, null, 2) + "\n");

console.log(`date ${result.date.slice(0, 10)}; ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
console.log(`corpus ${values.corpus} (${docs.length} documents, ${kernels.bytes} bytes); train = pattern none to vocab ${kernels.vocabSize}\n`);
console.log("| kernel | engine | median s | min-max s | MB/s | wasm / ts |");
console.log("|---|---|---|---|---|---|");
for (const r of kernels.rows) {
  console.log(`| ${r.kernel} | ${r.engine} | ${r.medianSeconds.toFixed(3)} | ${r.minSeconds.toFixed(3)}-${r.maxSeconds.toFixed(3)} | ${r.mbPerSecond.toFixed(1)} | ${r.wasmOverTs ? r.wasmOverTs.toFixed(2) + "x" : ""} |`);
}
