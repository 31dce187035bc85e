// `npm run bench [-- --quick] [-- --big FILE]`: runs every benchmark suite in one process and writes
// bench/results.json (for machines), bench/RESULTS.md (for people) and the charts in bench/charts/.
//   kernels (tinybench): WASM core vs pure-TS twin on the same FineWeb text
//   training, end to end (whole processes): bytepair vs HuggingFace tokenizers, by corpus size and vocab
// --quick: small inputs, one run each (under 2 minutes). The full run takes about 20 minutes.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { readDocuments } from "../dist/node.js";
import { lineChart } from "./charts.js";
import { e2eSuite, repeated, slice } from "./e2e.js";
import { kernelSuite } from "./kernels.js";
import { browserSuite } from "./browser.js";
import { execFileSync } from "node:child_process";

const DATA = fileURLToPath(new URL("../../shared/data/fineweb/", import.meta.url));
const CC_MAIN = `${DATA}lindahl-fineweb-CC-MAIN-2024-10/fineweb-CC-MAIN-2024-10-first1000.parquet`;
const DEDUP = `${DATA}fineweb-sample-10BT-legal-subset.dedup.parquet`;
const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, big: { type: "string" } } });
const quick = values.quick;

async function texts(path) {
  const out = [];
  for await (const doc of readDocuments([path])) out.push(typeof doc === "string" ? doc : new TextDecoder().decode(doc));
  return out;
}

// 1. kernels, on the 3.4 MB CC-MAIN-2024-10 sample
const ccTexts = await texts(CC_MAIN);
const ccDocs = ccTexts.map((t) => new TextEncoder().encode(t));
console.error("kernels …");
const kernels = await kernelSuite(ccTexts, ccDocs, { quick });

// 2. training end to end: growing slices of the 19 MB sample at vocab 32768, then vocab sizes on 19 MB
const dedup = await texts(DEDUP);
const sizes = quick ? [1, 3] : [1, 3, 10, 19.5];
const bySize = sizes.map((mb) => ({ corpus: slice(dedup, mb, "dedup"), label: `FineWeb ${mb} MB`, mb, vocab: quick ? 4096 : 32768 }));
const byVocab = quick ? [] : [4096, 65536].map((vocab) => ({ corpus: slice(dedup, 19.5, "dedup"), label: "FineWeb 19.5 MB", mb: 19.5, vocab }));
const big = quick ? [] : [{ corpus: values.big ?? repeated(dedup, 8, "dedup"), label: values.big ? values.big : "FineWeb 19.5 MB x 8", mb: values.big ? null : 156, vocab: 32768 }];
console.error("training end to end …");
const e2e = e2eSuite([...bySize, ...byVocab, ...big], {
  runs: quick ? 1 : 3,
  only: (tool, c) => !(c.mb >= 100 && tool.includes("ts")), // the TS twin on 156 MB would take minutes
});

// 3. encoding: bench/encode.js (bytepair wasm/ts, tiktoken npm, Python tiktoken) on 26.6 MB
console.error("encoding …");
const encodeArgs = quick ? ["--runs", "1", "--no-ts", "--encoding", "cl100k_base"] : ["--runs", "3"];
const encodeTable = execFileSync(process.execPath, [fileURLToPath(new URL("./encode.js", import.meta.url)), ...encodeArgs], { encoding: "utf8", maxBuffer: 1 << 24 });

// 4. the browser: the web/ page in Chromium against Node
console.error("browser …");
const browser = await browserSuite(CC_MAIN, { vocabs: quick ? [1024] : [1024, 32768], runs: quick ? 1 : 3 }).catch((error) => ({ error: error.message }));

// 5. results
const pkg = async (name) => JSON.parse(await readFile(new URL(`../node_modules/${name}/package.json`, import.meta.url), "utf8")).version;
const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
const versions = {
  bytepair: JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")).version,
  assemblyscript: await pkg("assemblyscript"),
  tinybench: await pkg("tinybench"),
  "HF tokenizers (Python)": e2e.hf ?? "not found",
};
const date = new Date().toISOString();
const results = { date, quick, machine, versions, corpora: { kernels: { path: CC_MAIN, documents: ccDocs.length, bytes: kernels.bytes }, training: DEDUP }, kernels, e2e, encodeTable, browser };
await writeFile(new URL("./results.json", import.meta.url), JSON.stringify(results, null, 2) + "\n");

await mkdir(new URL("./charts/", import.meta.url), { recursive: true });
const sizeRows = e2e.rows.filter((r) => r.vocab === bySize[0].vocab && r.mb !== null);
const charts = {
  "time-by-size.svg": await lineChart({ title: `Training time, cl100k, vocab ${bySize[0].vocab}`, rows: sizeRows, x: "mb", y: "seconds", xTitle: "corpus (MB of text)", yTitle: "wall seconds (median)", logX: true, logY: true }),
  "memory-by-size.svg": await lineChart({ title: `Peak memory, cl100k, vocab ${bySize[0].vocab}`, rows: sizeRows, x: "mb", y: "peakMiB", xTitle: "corpus (MB of text)", yTitle: "peak RSS (MiB)", logX: true }),
};
if (!quick) {
  const vocabRows = e2e.rows.filter((r) => r.mb === 19.5);
  charts["time-by-vocab.svg"] = await lineChart({ title: "Training time on 19.5 MB, cl100k", rows: vocabRows, x: "vocab", y: "seconds", xTitle: "vocabulary size", yTitle: "wall seconds (median)", logX: true });
}
for (const [name, svg] of Object.entries(charts)) await writeFile(new URL(`./charts/${name}`, import.meta.url), svg);

const md = [];
md.push(`# bytepair benchmark results`, "");
md.push(`Generated by \`npm run bench${quick ? " -- --quick" : ""}\` on ${date.slice(0, 10)}: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}.`);
md.push(`Versions: ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(", ")}. Raw numbers: [results.json](results.json).`, "");
md.push(`## Kernels: WASM core vs pure-TS twin (tinybench)`, "");
md.push(`Corpus: FineWeb CC-MAIN-2024-10, first 1,000 rows (${ccDocs.length} documents, ${(kernels.bytes / 1e6).toFixed(1)} MB of text). Medians of ${kernels.rows[0].samples}+ samples, with min–max.`);
md.push(`pairs: count adjacent byte pairs; count: cl100k pre-tokenization + unique chunk counting; merge: the merge loop on the fixed cl100k chunk table to vocab 32768; train-none: pattern none (whole documents) to vocab 2048.`, "");
md.push("| kernel | engine | median s | min–max s | MB/s | WASM / TS |", "|---|---|---|---|---|---|");
for (const r of kernels.rows) md.push(`| ${r.kernel} | ${r.engine} | ${r.medianSeconds.toFixed(3)} | ${r.minSeconds.toFixed(3)}–${r.maxSeconds.toFixed(3)} | ${r.mbPerSecond.toFixed(1)} | ${r.wasmOverTs ? r.wasmOverTs.toFixed(1) + "×" : ""} |`);
md.push("", `## Training end to end (whole processes)`, "");
md.push(`\`bytepair train CORPUS --pattern cl100k --vocab-size V\` against HuggingFace tokenizers (\`bench/hf_train.py\`: Split(cl100k pattern) + ByteLevel, BpeTrainer, \`train_from_iterator\`, min_frequency 2) on the same documents (JSON Lines slices of \`fineweb-sample-10BT-legal-subset.dedup.parquet\`). Wall time and peak RSS from /usr/bin/time; medians of ${quick ? 1 : 3} runs with min–max.`, "");
md.push("| corpus | vocab | tool | wall s | min–max s | count s | merge s | peak MiB | vs HF |", "|---|---|---|---|---|---|---|---|---|");
for (const r of e2e.rows) {
  const hf = e2e.rows.find((h) => h.tool.startsWith("HF") && h.corpus === r.corpus && h.vocab === r.vocab);
  const ratio = hf && !r.tool.startsWith("HF") ? `${(hf.seconds / r.seconds).toFixed(1)}× faster` : "";
  md.push(`| ${r.corpus} | ${r.vocab} | ${r.tool} | ${r.seconds.toFixed(2)} | ${r.min.toFixed(2)}–${r.max.toFixed(2)} | ${r.countSeconds ?? ""} | ${r.mergeSeconds ?? ""} | ${Math.round(r.peakMiB)} | ${ratio} |`);
}
md.push("", "## Encoding (single thread, ids checked identical across tools)", "", encodeTable.trim());
md.push("", "## Training in the browser (web/ page, Web Worker) vs Node", "");
if (!browser || browser.error) md.push(`Not measured: ${browser?.error ?? "/usr/bin/chromium is absent"}.`);
else {
  md.push(`FineWeb CC-MAIN-2024-10 (3.3 MB) over HTTP from 127.0.0.1, cl100k, one counting thread; Chromium ${browser.chromium}; medians of ${quick ? 1 : 3}. Node = read the local parquet + train.`, "");
  md.push("| vocab | Chromium s | Node s | Chromium / Node |", "|---|---|---|---|");
  for (const r of browser.rows) md.push(`| ${r.vocab} | ${r.chromium.toFixed(3)} | ${r.node.toFixed(3)} | ${r.ratio.toFixed(2)}× |`);
}
md.push("", ...Object.keys(charts).map((name) => `![${name}](charts/${name})`), "");
md.push(`Reproduce: \`npm ci && npm run bench\` (add \`-- --quick\` for a 2-minute run, \`-- --big FILE\` for your own large corpus; HF runs when \`$HF_PYTHON\` or \`python3\` has \`tokenizers\` and \`pyarrow\`).`);
await writeFile(new URL("./RESULTS.md", import.meta.url), md.join("\n") + "\n");
console.log(md.join("\n"));
