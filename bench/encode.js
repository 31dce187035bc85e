// Encoding speed on the FineWeb text in ../shared/data (26.6 MB, 4,800 documents), single thread:
// bytepair (WebAssembly core, and the pure-TS twin), the `tiktoken` npm package (Rust compiled to
// wasm) and Python tiktoken (native Rust; run with $PYTHON or /tmp/hf/bin/python when present).
// Every tool must give the same ids (checked by a hash of all ids). Needs `npm run build`.
//
//   node bench/encode.js [--encoding cl100k_base|o200k_base|both] [--runs N] [--no-ts] [--no-python]
//
// Each figure is the median of N timed passes after one warm-up pass; bytepair's chunk cache is
// emptied before every pass, so no pass reuses work from the one before (tiktoken has no cache).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadTokenizerFile, readDocuments } from "../dist/node.js";
import { PATTERNS } from "../dist/pretokenize.js";

const DATA = fileURLToPath(new URL("../../shared/data/", import.meta.url));
const FILES = [
  "fineweb/fineweb-sample-10BT-legal-subset.dedup.parquet",
  "fineweb/lindahl-fineweb-CC-MAIN-2024-10/fineweb-CC-MAIN-2024-10-first1000.parquet",
  "fineweb/fineweb-c-danish/finewebC_danish.parquet",
].map((f) => DATA + f);

const { values } = parseArgs({
  options: {
    encoding: { type: "string", default: "both" },
    runs: { type: "string", default: "3" },
    "no-ts": { type: "boolean", default: false },
    "no-python": { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const encodings = values.encoding === "both" ? ["cl100k_base", "o200k_base"] : [values.encoding];
const require = createRequire(import.meta.url);

const docs = [];
for await (const doc of readDocuments(FILES)) docs.push(typeof doc === "string" ? doc : new TextDecoder().decode(doc));
const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d), 0);

/** sha256 of all ids as little-endian u32, document after document. */
function idsHash(all) {
  const hash = createHash("sha256");
  let tokens = 0;
  for (const ids of all) {
    const u32 = ids instanceof Uint32Array ? ids : Uint32Array.from(ids);
    hash.update(new Uint8Array(u32.buffer, u32.byteOffset, u32.byteLength));
    tokens += u32.length;
  }
  return { hash: hash.digest("hex").slice(0, 16), tokens };
}

/** Median seconds of `runs` passes after a warm-up; returns the ids of the warm-up. */
function time(pass, before = () => {}) {
  const ids = pass();
  const seconds = [];
  for (let i = 0; i < runs; i++) {
    before();
    const start = performance.now();
    pass();
    seconds.push((performance.now() - start) / 1000);
  }
  seconds.sort((a, b) => a - b);
  return { ids, seconds: seconds[Math.floor(seconds.length / 2)], min: seconds[0], max: seconds.at(-1) };
}

const PYTHON_BENCH = String.raw`
import base64, gzip, hashlib, json, sys, time, array
import tiktoken
name, pat, docs_path, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
path = sys.argv[5]
opener = gzip.open if path.endswith(".gz") else open
with opener(path, "rb") as f:
    ranks = {base64.b64decode(t): int(r) for t, r in (line.split() for line in f.read().splitlines() if line)}
enc = tiktoken.Encoding(name, pat_str=pat, mergeable_ranks=ranks, special_tokens={})
docs = json.load(open(docs_path, encoding="utf-8"))
out = [enc.encode_ordinary(d) for d in docs]
h = hashlib.sha256()
for ids in out:
    h.update(array.array("I", ids).tobytes())
times = []
for _ in range(runs):
    t = time.perf_counter()
    for d in docs:
        enc.encode_ordinary(d)
    times.append(time.perf_counter() - t)
times.sort()
print(json.dumps({"seconds": times[len(times) // 2], "min": times[0], "max": times[-1], "hash": h.hexdigest()[:16],
                  "tokens": sum(map(len, out)), "version": tiktoken.__version__}))
`;

function python() {
  const candidates = [process.env.PYTHON, "/tmp/hf/bin/python"].filter((p) => p !== undefined);
  return values["no-python"] ? undefined : candidates.find((p) => existsSync(p));
}

const rows = [];
const tmp = mkdtempSync(join(tmpdir(), "bytepair-bench-"));
const docsPath = join(tmp, "docs.json");
writeFileSync(docsPath, JSON.stringify(docs));
const { Tiktoken } = require("tiktoken");
const { Tiktoken: JsTiktoken } = await import("js-tiktoken/lite");
const version = (pkg) => JSON.parse(readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), "utf8")).version;
const tiktokenVersion = JSON.parse(readFileSync(join(dirname(require.resolve("tiktoken")), "package.json"), "utf8")).version;

for (const name of encodings) {
  const pattern = name.replace("_base", "");
  const wasm = await (await loadTokenizerFile(name)).useEngine("wasm");
  const add = (tool, r, version) => rows.push({ encoding: name, tool, version, mbps: bytes / 1e6 / r.seconds, ...r, ...(r.ids ? idsHash(r.ids) : {}) });
  add("bytepair wasm", time(() => wasm.encodeBatchToArrays(docs, { disallowedSpecial: [] }), () => wasm.clearCache()), "this checkout");
  if (!values["no-ts"]) {
    const ts = await loadTokenizerFile(name);
    add("bytepair ts", time(() => ts.encodeBatchToArrays(docs, { disallowedSpecial: [] }), () => ts.clearCache()), "this checkout");
  }
  const json = require(`tiktoken/encoders/${name}.json`);
  const oracle = new Tiktoken(json.bpe_ranks, json.special_tokens, PATTERNS[pattern].tiktoken);
  add("tiktoken npm (wasm)", time(() => docs.map((d) => oracle.encode_ordinary(d))), tiktokenVersion);
  oracle.free();
  // Pure-JS encoders users pick today, with their own built-in vocabularies and patterns.
  const jsTiktoken = new JsTiktoken((await import(`js-tiktoken/ranks/${name}`)).default);
  add("js-tiktoken", time(() => docs.map((d) => jsTiktoken.encode(d, [], []))), version("js-tiktoken"));
  const gptTokenizer = await import(`gpt-tokenizer/encoding/${name}`);
  add("gpt-tokenizer", time(() => docs.map((d) => gptTokenizer.encode(d, { disallowedSpecial: new Set() }))), version("gpt-tokenizer"));
  const re = new RegExp(PATTERNS[pattern].js.source, "uy");
  const regexOnly = time(() => {
    for (const d of docs) {
      re.lastIndex = 0;
      while (re.lastIndex < d.length && re.test(d));
    }
  });
  rows.push({ encoding: name, tool: "(JS regex pre-tokenization alone)", version: `Node ${process.version}`, mbps: bytes / 1e6 / regexOnly.seconds, ...regexOnly, ids: undefined });
  const py = python();
  if (py) {
    const file = ["", ".gz"].map((ext) => `${DATA}tiktoken/${name}.tiktoken${ext}`).find(existsSync);
    const out = execFileSync(py, ["-c", PYTHON_BENCH, name, PATTERNS[pattern].tiktoken, docsPath, String(runs), file], { maxBuffer: 1 << 26 });
    const r = JSON.parse(out.toString());
    rows.push({ encoding: name, tool: "Python tiktoken (native)", version: r.version, mbps: bytes / 1e6 / r.seconds, ...r });
  }
}

const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, Node ${process.version}`;
console.log(`date ${new Date().toISOString().slice(0, 10)}; ${machine}; ${docs.length} FineWeb documents, ${bytes} bytes; single thread, median of ${runs} after a warm-up\n`);
console.log("| encoding | tool | version | MB/s | median s | min-max s | tokens | ids (sha256) |");
console.log("|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  const ref = rows.find((x) => x.encoding === r.encoding && x.hash);
  const same = r.hash ? (r.hash === ref.hash ? "identical" : `DIFFERENT ${r.hash}`) : "";
  console.log(`| ${r.encoding} | ${r.tool} | ${r.version} | ${r.mbps.toFixed(1)} | ${r.seconds.toFixed(2)} | ${r.min.toFixed(2)}-${r.max.toFixed(2)} | ${r.tokens ?? ""} | ${same} |`);
}
if (rows.some((r) => r.hash && r.hash !== rows.find((x) => x.encoding === r.encoding && x.hash).hash)) process.exitCode = 1;
