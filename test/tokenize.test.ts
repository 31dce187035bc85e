// `bytepair tokenize` / tokenizeDataset: shards read back (header, dtype, count) against a single-thread
// encode of the same documents plus separators, for 1 and 2 threads and both formats; resuming; and the
// Python baseline's shards (llm.c's fineweb.py with tiktoken, test/fixtures/tokenize/) byte for byte.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { readDocuments } from "../src/node/sources.js";
import { loadTokenizerFile } from "../src/node/tokenizers.js";
import { tokenizeDataset, type TokenizeManifest, type TokenizeOptions } from "../src/node/tokenize.js";
import { partRows } from "../src/node/tokenize-pool.js";
import { npyHeader } from "../src/node/shards.js";
import type { Tokenizer } from "../src/tokenizer.js";
import { CC_MAIN, DEDUP, HAVE_SHARED, SHARED, tempDir } from "./helpers.js";
import { BIN, runCli as cli } from "./helpers-cli.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/tokenize/", import.meta.url));
const SMALL = join(FIXTURES, "small.tiktoken"); // 2,000 ids: uint16 shards
const ROWS = 60;

interface Shard {
  dtype: "uint16" | "uint32";
  count: number;
  ids: number[];
}

/** Reads an llm.c .bin shard as llm.c's dataloader does: header, then the count must match the size. */
function readLlmc(bytes: Buffer): Shard {
  const header = new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 1024));
  const [magic, version, count] = header;
  expect(header.subarray(3).every((x) => x === 0)).toBe(true);
  const dtype = magic === 20240520 && version === 1 ? "uint16" : magic === 20240801 && version === 7 ? "uint32" : undefined;
  if (!dtype) throw new Error(`bad magic/version ${magic}/${version}`);
  const width = dtype === "uint16" ? 2 : 4;
  expect(bytes.length).toBe(1024 + count * width);
  const body = bytes.buffer.slice(bytes.byteOffset + 1024, bytes.byteOffset + bytes.length);
  return { dtype, count, ids: Array.from(dtype === "uint16" ? new Uint16Array(body) : new Uint32Array(body)) };
}

/** Reads a .npy v1.0 1-D array of '<u2' or '<u4'. */
function readNpy(bytes: Buffer): Shard {
  expect([...bytes.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const headerLength = bytes.readUInt16LE(8);
  expect((10 + headerLength) % 64).toBe(0);
  const dict = bytes.subarray(10, 10 + headerLength).toString("latin1");
  const m = /^\{'descr': '<u([24])', 'fortran_order': False, 'shape': \((\d+),\), \} *\n$/.exec(dict);
  if (!m) throw new Error(`bad npy header ${JSON.stringify(dict)}`);
  const width = Number(m[1]);
  const count = Number(m[2]);
  expect(bytes.length).toBe(10 + headerLength + count * width);
  const body = bytes.buffer.slice(bytes.byteOffset + 10 + headerLength, bytes.byteOffset + bytes.length);
  return { dtype: width === 2 ? "uint16" : "uint32", count, ids: Array.from(width === 2 ? new Uint16Array(body) : new Uint32Array(body)) };
}

async function readAll(dir: string): Promise<{ manifest: TokenizeManifest; shards: (Shard & { file: string })[] }> {
  const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as TokenizeManifest;
  const shards = [];
  for (const s of manifest.shards) {
    const bytes = await readFile(join(dir, s.file));
    shards.push({ file: s.file, ...(s.file.endsWith(".npy") ? readNpy(bytes) : readLlmc(bytes)) });
  }
  return { manifest, shards };
}

/** The reference: each document's ids from the TypeScript encoder on this thread, with the separator. */
async function expected(tokenizer: Tokenizer, rows: number, separator: { place: "bos" | "eos"; id: number }): Promise<{ ids: number[]; docs: number }> {
  const ids: number[] = [];
  let docs = 0;
  for await (const doc of readDocuments([CC_MAIN], { rows })) {
    const own = tokenizer.encodeOrdinary(doc as string);
    if (separator.place === "bos") ids.push(separator.id, ...own);
    else ids.push(...own, separator.id);
    docs++;
  }
  return { ids, docs };
}

const references = new Map<string, Promise<{ ids: number[]; docs: number }>>();
/** The reference ids of the first ROWS documents, made once per tokenizer and separator (llmc and npy share them). */
function reference(name: string, place: "bos" | "eos"): Promise<{ ids: number[]; docs: number }> {
  const key = `${name} ${place}`;
  if (!references.has(key)) {
    references.set(
      key,
      loadTokenizerFile(name).then((tokenizer) => expected(tokenizer, ROWS, { place, id: tokenizer.specialTokens.get("<|endoftext|>")! })), // the TypeScript encoder
    );
  }
  return references.get(key)!;
}

const fileBytes = async (dir: string) => {
  const out = new Map<string, Buffer>();
  for (const f of (await readdir(dir)).sort()) if (f !== "manifest.json") out.set(f, await readFile(join(dir, f)));
  return out;
};

/** Where two id lists first differ (-1: nowhere); vitest's deep equality is slow on a million numbers. */
function firstDifference(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}

const sameFiles = (a: Map<string, Buffer>, b: Map<string, Buffer>) => a.size === b.size && [...a].every(([name, bytes]) => b.get(name)?.equals(bytes));

let tmp: string;
beforeAll(async () => {
  tmp = await tempDir("tokenize");
});

describe.skipIf(!HAVE_SHARED)("tokenize: shards against single-thread encode", () => {
  const cases = [
    { tokenizer: "cl100k_base", dtype: "uint32", separator: { bos: "<|endoftext|>" } },
    { tokenizer: SMALL, dtype: "uint16", separator: { eos: "<|endoftext|>" } },
  ] as const;
  for (const c of cases) {
    for (const format of ["llmc", "npy"] as const) {
      // 2 threads: this thread and one worker encode units; 3: and a second worker (units finish out of order)
      it(`${c.dtype} (${c.tokenizer.split("/").pop()}), ${format}, ${c.dtype === "uint16" ? "1, 2 and 3" : "1 and 2"} threads give the same shards`, async () => {
        const want = await reference(c.tokenizer, "bos" in c.separator ? "bos" : "eos");
        const shardTokens = 9_000;
        const valTokens = 4_000;
        const outputs: Map<string, Buffer>[] = [];
        for (const threads of c.dtype === "uint16" ? [1, 2, 3] : [1, 2]) {
          const out = join(tmp, `${c.dtype}-${format}-${threads}`);
          const options: TokenizeOptions = { tokenizer: c.tokenizer, out, name: "fw", format, rows: ROWS, shardTokens, valTokens, threads, partBytes: 20_000, ...c.separator };
          const result = await tokenizeDataset([CC_MAIN], options);
          const { manifest, shards } = await readAll(out);
          expect(result.manifest).toEqual(manifest);
          expect(manifest.complete).toBe(true);
          // dtype and count in every header; the val shard first, then full train shards, the last holds the rest
          for (const s of shards) {
            expect(s.dtype).toBe(c.dtype);
            expect(s.ids.length).toBe(s.count);
          }
          expect(shards[0].file).toBe(`fw_val_000000.${format === "llmc" ? "bin" : "npy"}`);
          expect(shards[0].count).toBe(valTokens);
          shards.slice(1, -1).forEach((s, i) => {
            expect(s.file).toBe(`fw_train_${String(i + 1).padStart(6, "0")}.${format === "llmc" ? "bin" : "npy"}`);
            expect(s.count).toBe(shardTokens);
          });
          expect(shards.at(-1)!.count).toBeGreaterThan(0);
          expect(shards.at(-1)!.count).toBeLessThanOrEqual(shardTokens);
          // the concatenated shards are the documents' ids with their separators, in input order
          const all = shards.flatMap((s) => s.ids);
          expect(all.length).toBe(want.ids.length);
          expect(all).toEqual(want.ids);
          expect(manifest.tokens).toBe(want.ids.length);
          expect(manifest.documents).toBe(want.docs);
          expect(manifest.shards.reduce((n, s) => n + s.documents, 0)).toBe(want.docs);
          expect(manifest.settings.tokenType).toBe(c.dtype);
          expect(manifest.settings.tokenizer.sha256).toMatch(/^[0-9a-f]{64}$/);
          outputs.push(await fileBytes(out));
        }
        for (const output of outputs.slice(1)) expect(output).toEqual(outputs[0]);
      }, 120_000);
    }
  }

  it("names the SHA-256 tiktoken checks for cl100k_base", async () => {
    const { manifest } = await readAll(join(tmp, "uint32-llmc-1"));
    // tiktoken_ext/openai_public.py: cl100k_base's expected_hash
    expect(manifest.settings.tokenizer).toMatchObject({ name: "cl100k_base", sha256: "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7", nVocab: 100277 });
  });
});

describe.skipIf(!HAVE_SHARED)("tokenize: many units (row groups, JSON Lines ranges, text pieces) on 1 to 3 threads", () => {
  const ORDINARY = { allowedSpecial: [], disallowedSpecial: [] };
  type Selection = Pick<TokenizeOptions, "shards" | "skip" | "rows" | "bytes" | "where">;
  const BATCHES = `${SHARED}fineweb/noeflandre-fineweb-legal-batches`;
  let jsonl: string;
  let texts: string[];
  let docs: string[] = [];
  let tokenizer: Tokenizer;
  beforeAll(async () => {
    tokenizer = await loadTokenizerFile(SMALL); // the TypeScript encoder: the reference
    // CC_MAIN's documents as JSON Lines (with a number to select on) and as three text files
    docs = [];
    for await (const doc of readDocuments([CC_MAIN], { rows: 400 })) docs.push(doc as string);
    jsonl = join(tmp, "docs.jsonl");
    await writeFile(jsonl, docs.map((text, n) => JSON.stringify({ n, text })).join("\n") + "\n");
    await mkdir(join(tmp, "texts"), { recursive: true });
    texts = [0, 1, 2].map((i) => join(tmp, "texts", `part-${i}.txt`));
    for (const [i, path] of texts.entries()) await writeFile(path, docs.slice(i * 120, i * 120 + 120 + i).join("\n\n"));
  });

  /** The ids single-thread encode gives the documents readDocuments selects, <|endoftext|> before each. */
  async function want(inputs: string[], selection: Selection): Promise<number[]> {
    const sep = tokenizer.specialTokens.get("<|endoftext|>")!;
    const ids: number[] = [];
    for await (const doc of readDocuments(inputs, selection)) {
      ids.push(sep);
      for (const id of typeof doc === "string" ? tokenizer.encodeOrdinary(doc) : tokenizer.encodeBytes(doc, ORDINARY)) ids.push(id);
    }
    return ids;
  }

  const cases: { name: string; inputs: () => string[]; selection: Selection & Pick<TokenizeOptions, "groupBytes"> }[] = [
    { name: "parquet files, --shards", inputs: () => [BATCHES], selection: { shards: "3-5" } },
    { name: "parquet files, --skip --rows (by position)", inputs: () => [BATCHES], selection: { shards: "0-3", skip: 130, rows: 222 } },
    // row groups of ~0.7 MB over 400 kB: each shared by the threads, a share of its rows each
    { name: "parquet row groups shared by the threads", inputs: () => [BATCHES], selection: { shards: "0-2", groupBytes: 400_000 } },
    { name: "parquet row groups shared, --skip --rows (by position)", inputs: () => [BATCHES], selection: { shards: "0-3", skip: 130, rows: 222, groupBytes: 10_000 } },
    { name: "parquet, --where --bytes (measured)", inputs: () => [DEDUP], selection: { where: ["legal_score>=4"], bytes: 600_000 } },
    { name: "JSON Lines ranges", inputs: () => [jsonl], selection: {} },
    { name: "JSON Lines ranges, --where --skip --rows (measured)", inputs: () => [jsonl], selection: { where: ["n>=10"], skip: 15, rows: 301 } },
    { name: "JSON Lines ranges, --bytes (measured)", inputs: () => [jsonl], selection: { bytes: 600_000 } },
    { name: "text files cut in pieces across units", inputs: () => texts, selection: {} },
    { name: "text files, --skip --rows (measured)", inputs: () => texts, selection: { skip: 1, rows: 1 } },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const ids = await want(c.inputs(), c.selection);
      let first: Map<string, Buffer> | undefined;
      for (const threads of [1, 2, 3]) {
        const out = join(tmp, `units-${c.name.replace(/\W+/g, "-")}-${threads}`);
        const result = await tokenizeDataset(c.inputs(), { tokenizer: SMALL, out, name: "u", bos: "<|endoftext|>", shardTokens: 50_000, threads, unitBytes: 64 << 10, pieceBytes: 10_000, partBytes: 30_000, ...c.selection });
        const { shards } = await readAll(out);
        expect(firstDifference(shards.flatMap((s) => s.ids), ids)).toBe(-1);
        expect(result.manifest.tokens).toBe(ids.length);
        const files = await fileBytes(out);
        first ??= files;
        expect(sameFiles(files, first)).toBe(true);
      }
    }, 120_000);
  }

  it("units of many parts, on this thread and workers: neither waits for the other's parts to be written", async () => {
    // this thread's encoding waits while its unit has many parts unwritten; were it to count the
    // workers' parts too, which wait behind its unit, it would wait forever
    const ids = await want([jsonl], {});
    for (const threads of [2, 3]) {
      const out = join(tmp, `units-many-parts-${threads}`);
      await tokenizeDataset([jsonl], { tokenizer: SMALL, out, name: "u", bos: "<|endoftext|>", shardTokens: 50_000, threads, unitBytes: 64 << 10, partBytes: 500 });
      const { shards } = await readAll(out);
      expect(firstDifference(shards.flatMap((s) => s.ids), ids)).toBe(-1);
    }
  }, 60_000);

  it("JSON Lines escapes are unescaped by the core as the reader's twin does; a bad one names its line", async () => {
    // every escape JSON has (surrogate pairs, a lone surrogate, \/ \b \f), raw UTF-8, no escape, an empty text
    const lines = [
      String.raw`{"text": "caf\u00e9 \ud83d\ude00 \ud800 lone, tab\tquote\" slash\/ \\ back\b feed\f\r\n"}`,
      `{"text": "plain text, no escape at all, and raw UTF-8: naïve 東京 🙂"}`,
      `{"text": ""}`,
      ...docs.map((text) => JSON.stringify({ text })),
    ];
    const path = join(tmp, "escapes.jsonl");
    await writeFile(path, lines.join("\n") + "\n");
    const ids = await want([path], {});
    for (const threads of [1, 2]) {
      const out = join(tmp, `units-escapes-${threads}`);
      await tokenizeDataset([path], { tokenizer: SMALL, out, name: "u", bos: "<|endoftext|>", shardTokens: 50_000, threads, unitBytes: 64 << 10, partBytes: 30_000 });
      const { shards } = await readAll(out);
      expect(firstDifference(shards.flatMap((s) => s.ids), ids)).toBe(-1);
    }
    // a bad escape far into the file (a worker's unit on 2 threads): the reader's sentence, nothing written
    const bad = join(tmp, "bad-escape.jsonl");
    await writeFile(bad, [...lines, String.raw`{"text": "a \q is no escape"}`, ...lines].join("\n") + "\n");
    for (const threads of [1, 2]) {
      const out = join(tmp, `units-bad-escape-${threads}`);
      await expect(tokenizeDataset([bad], { tokenizer: SMALL, out, name: "u", bos: "<|endoftext|>", threads, unitBytes: 64 << 10, partBytes: 30_000 })).rejects.toThrow(`${bad}:${lines.length + 1}: this line is not valid JSON.`);
      expect((await readdir(out)).filter((f) => f.endsWith(".bin") || f === "manifest.json")).toEqual([]);
    }
    // its body still waits for its part when a later piece of the unit fails to parse: the bad escape, the earlier line, is named
    const later = join(tmp, "bad-escape-then-not-json.jsonl");
    const long = JSON.stringify({ text: "z ".repeat(3000) });
    await writeFile(later, [...lines, String.raw`{"text": "a \q is no escape"}`, long, long, "not json"].join("\n") + "\n");
    const options = { tokenizer: SMALL, out: join(tmp, "units-bad-escape-later"), name: "u", bos: "<|endoftext|>", threads: 1, pieceBytes: 1_000 };
    await expect(tokenizeDataset([later], options)).rejects.toThrow(`${later}:${lines.length + 1}: this line is not valid JSON.`);
  }, 60_000);

  it("a document of several megabytes goes through the encoder a megabyte at a time, with the same ids", async () => {
    const big = join(tmp, "texts-big", "big.txt");
    await mkdir(join(tmp, "texts-big"), { recursive: true });
    const docs: string[] = [];
    for await (const doc of readDocuments([CC_MAIN])) docs.push(doc as string);
    await writeFile(big, docs.join("\n\n"));
    const ids = await want([big], {});
    expect(ids.length).toBeGreaterThan(1_000_000);
    for (const threads of [1, 2]) {
      const out = join(tmp, `units-big-${threads}`);
      await tokenizeDataset([big], { tokenizer: SMALL, out, name: "u", bos: "<|endoftext|>", shardTokens: 400_000, threads });
      const { shards } = await readAll(out);
      expect(firstDifference(shards.flatMap((s) => s.ids), ids)).toBe(-1);
    }
  }, 120_000);

  it("resumes a measured selection (JSON Lines, text) after a damaged shard", async () => {
    for (const inputs of [[jsonl], texts]) {
      const options = { tokenizer: SMALL, out: join(tmp, `units-resume-${inputs.length}`), name: "u", eos: "<|endoftext|>", shardTokens: 30_000, valTokens: 5_000, unitBytes: 64 << 10, pieceBytes: 10_000, partBytes: 30_000, skip: 1 };
      const whole = await tokenizeDataset(inputs, { ...options, threads: 2 });
      const files = await fileBytes(options.out);
      expect(whole.manifest.shards.length).toBeGreaterThanOrEqual(4);
      const manifest = JSON.parse(await readFile(join(options.out, "manifest.json"), "utf8")) as TokenizeManifest;
      await truncate(join(options.out, manifest.shards[2].file), 100);
      manifest.complete = false;
      await writeFile(join(options.out, "manifest.json"), JSON.stringify(manifest));
      const resumed = await tokenizeDataset(inputs, { ...options, threads: 3 });
      expect(resumed.kept).toBe(2);
      expect(resumed.manifest).toEqual(whole.manifest);
      expect(sameFiles(await fileBytes(options.out), files)).toBe(true);
    }
  }, 120_000);
});

describe.skipIf(!HAVE_SHARED)("tokenize: the Python baseline's shards, byte for byte", () => {
  // made by bench/tokenize_baseline.py (tiktoken + multiprocessing.Pool, llm.c's write_datafile / np.save):
  //   --rows 12 --name fineweb --shard-tokens 3000 --val-tokens 1500 (--bos <|endoftext|>, the default)
  const fixtures = [
    { dir: "cl100k-llmc", tokenizer: "cl100k_base", format: "llmc" },
    { dir: "small-llmc", tokenizer: SMALL, format: "llmc" },
    { dir: "small-npy", tokenizer: SMALL, format: "npy" },
  ] as const;
  for (const f of fixtures) {
    it(`${f.dir}: identical files, 3 threads`, async () => {
      const out = join(tmp, `fixture-${f.dir}`);
      await tokenizeDataset([CC_MAIN], { tokenizer: f.tokenizer, out, name: "fineweb", format: f.format, rows: 12, shardTokens: 3000, valTokens: 1500, bos: "<|endoftext|>", threads: 3, partBytes: 5_000 });
      const want = await fileBytes(join(FIXTURES, f.dir));
      expect(want.size).toBeGreaterThanOrEqual(4);
      expect(await fileBytes(out)).toEqual(want);
    }, 60_000);
  }
});

describe.skipIf(!HAVE_SHARED)("encodeOrdinaryBytesJoined (what tokenize encodes with)", () => {
  it("the wasm encoder and the TypeScript one give the same joined ids and ends, separators included", async () => {
    const docs: { bytes: Uint8Array; before?: number; after?: number }[] = [];
    const encoder = new TextEncoder();
    for await (const doc of readDocuments([CC_MAIN], { rows: 40 })) docs.push({ bytes: encoder.encode(doc as string), before: docs.length % 3 === 0 ? 1999 : undefined, after: docs.length % 5 === 0 ? 7 : undefined });
    docs.push({ bytes: new Uint8Array(0) }, { bytes: Uint8Array.of(0xff, 0x3c, 0x7c, 0x65, 0x6e, 0x64, 0x6f, 0x66, 0x74, 0x65, 0x78, 0x74, 0x7c, 0x3e) }); // empty; invalid UTF-8 and "<|endoftext|>" as text
    const tokenizer = await loadTokenizerFile(SMALL);
    const wasm = tokenizer.encodeOrdinaryBytesJoined(docs);
    const ts = (await loadTokenizerFile(SMALL, { engine: "ts" })).encodeOrdinaryBytesJoined(docs);
    expect(firstDifference(Array.from(wasm.ids), Array.from(ts.ids))).toBe(-1);
    expect(Array.from(wasm.ends)).toEqual(Array.from(ts.ends));
    expect(wasm.ends.at(-2)).toBe(wasm.ends.at(-3)); // the empty document
    // into a buffer given (tokenize reuses the buffers of parts written): big enough, it is written
    // from its start; too small, the ids go to a new one; either way the same ids
    const big = new Uint32Array(wasm.ids.length + 100).fill(0xdead);
    const intoBig = tokenizer.encodeOrdinaryBytesJoined(docs, big);
    expect(intoBig.ids.buffer).toBe(big.buffer);
    expect(intoBig.ids.byteOffset).toBe(0);
    expect(big[wasm.ids.length]).toBe(0xdead); // nothing written past the ids
    const intoSmall = tokenizer.encodeOrdinaryBytesJoined(docs, new Uint32Array(10));
    for (const got of [intoBig, intoSmall]) {
      expect(firstDifference(Array.from(got.ids), Array.from(ts.ids))).toBe(-1);
      expect(Array.from(got.ends)).toEqual(Array.from(ts.ends));
    }
  });
});

describe("partRows (a row group's shares by bytes)", () => {
  const rows = (...lengths: (number | null)[]) => lengths.map((n) => ({ text: n === null ? null : new Uint8Array(n) }));
  /** Every share's rows, by number. */
  const shares = (r: ReturnType<typeof rows>, of: number) => Array.from({ length: of }, (_, index) => partRows(r, { index, of }));

  it("covers every row once, in order, cut where the bytes reach each share", () => {
    expect(shares(rows(10, 10, 10, 10), 2)).toEqual([[0, 2], [2, 4]]);
    // one row holds most of the text: the rows before it share the first half
    expect(shares(rows(1, 1, 1, 1, 100, 1), 2)).toEqual([[0, 5], [5, 6]]);
    expect(shares(rows(100, 1, 1, 1, 1), 3)).toEqual([[0, 1], [1, 1], [1, 5]]); // the first row is two shares and more: the second is empty
  });

  it("empty and null rows count (an empty document still gets its separator), and no rows at all", () => {
    const r = rows(0, null, 0, 0, null, 0);
    const got = shares(r, 3);
    expect(got).toEqual([[0, 2], [2, 4], [4, 6]]);
    expect(shares([], 2)).toEqual([[0, 0], [0, 0]]);
    // any count of shares: contiguous, from 0 to the end
    for (const of of [1, 2, 3, 5, 8]) {
      const cuts = shares(rows(5, 0, 70, 3, null, 12, 9, 1), of);
      expect(cuts[0][0]).toBe(0);
      expect(cuts.at(-1)![1]).toBe(8);
      for (let i = 1; i < of; i++) expect(cuts[i][0]).toBe(cuts[i - 1][1]);
    }
  });
});

describe("npy header as numpy.save writes it", () => {
  it("pads the dict for 21 digits of growth and to 64 bytes", () => {
    const h = Buffer.from(npyHeader("uint16", 1500));
    expect(h.length).toBe(128);
    expect(h.subarray(10).toString("latin1")).toBe(`{'descr': '<u2', 'fortran_order': False, 'shape': (1500,), }${" ".repeat(57)}\n`);
    expect(npyHeader("uint32", 10 ** 12).length).toBe(128);
  });
});

describe.skipIf(!HAVE_SHARED)("tokenize: resuming", () => {
  const base = { tokenizer: SMALL, name: "fw", rows: 200, shardTokens: 20_000, valTokens: 7_000, bos: "<|endoftext|>", partBytes: 30_000 } as const;

  it("keeps complete shards, rewrites a damaged one and those after it, and ends with the same files", async () => {
    const whole = join(tmp, "resume-whole");
    const first = await tokenizeDataset([CC_MAIN], { ...base, out: whole, threads: 2 });
    const shards = first.manifest.shards.length;
    expect(shards).toBeGreaterThanOrEqual(5);
    const want = await fileBytes(whole);
    // a rerun of a complete run does nothing (the tokenizer is known by its SHA-256, not by its path)
    const again = await tokenizeDataset([CC_MAIN], { ...base, tokenizer: relative(process.cwd(), SMALL), out: whole, threads: 1 });
    expect(again.kept).toBe(shards);
    expect(again.run.tokens).toBe(0);
    // damage shard 2 (wrong size), delete the last, leave a stale temp file, mark the run incomplete
    const manifest = JSON.parse(await readFile(join(whole, "manifest.json"), "utf8")) as TokenizeManifest;
    await truncate(join(whole, manifest.shards[2].file), 3000);
    await rm(join(whole, manifest.shards.at(-1)!.file));
    await writeFile(join(whole, `.${manifest.shards[3].file}.99999.tmp`), "partial");
    manifest.complete = false;
    await writeFile(join(whole, "manifest.json"), JSON.stringify(manifest));
    const resumed = await tokenizeDataset([CC_MAIN], { ...base, out: whole, threads: 2 });
    expect(resumed.kept).toBe(2);
    expect(resumed.manifest.shards[2].start.token).toBeGreaterThan(0); // shard 2 starts inside a document
    expect(await fileBytes(whole)).toEqual(want);
    expect(resumed.manifest).toEqual(first.manifest);
  }, 120_000);

  it("an interrupted run leaves no partial shard under a final name, and the rerun finishes it", async () => {
    const out = join(tmp, "resume-interrupted");
    let batches = 0;
    await expect(
      tokenizeDataset([CC_MAIN], {
        ...base,
        out,
        threads: 2,
        onProgress: () => {
          if (++batches === 12) throw new Error("stopped");
        },
      }),
    ).rejects.toThrow("stopped");
    const left = await readdir(out);
    expect(left.filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const partial = JSON.parse(await readFile(join(out, "manifest.json"), "utf8")) as TokenizeManifest;
    expect(partial.complete).toBe(false);
    expect(left.filter((f) => f !== "manifest.json").sort()).toEqual(partial.shards.map((s) => s.file).sort());
    const done = await tokenizeDataset([CC_MAIN], { ...base, out, threads: 1 });
    expect(done.kept).toBe(partial.shards.length);
    expect(await fileBytes(out)).toEqual(await fileBytes(join(tmp, "resume-whole")));
  }, 120_000);

  it("refuses a directory holding a run with other settings", async () => {
    await expect(tokenizeDataset([CC_MAIN], { ...base, out: join(tmp, "resume-whole"), shardTokens: 30_000, threads: 1 })).rejects.toThrow(/other settings \(shardTokens\)/);
  });
});

describe.skipIf(!HAVE_SHARED)("bytepair tokenize (command line)", () => {
  it("writes shards and prints a summary", async () => {
    const out = join(tmp, "cli");
    const r = await cli(["tokenize", CC_MAIN, "--rows", "30", "--tokenizer", SMALL, "--out", out, "--bos", "<|endoftext|>", "--shard-tokens", "10000", "--threads", "2", "--progress", "json"]);
    expect(r.stderr).toMatch(/"stage":"tokenize"/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^30 documents \(\d+ bytes\) -> \d+ tokens with .*small\.tiktoken \(uint16, <\|endoftext\|> before each document\)$/m);
    expect(r.stdout).toContain("cli_train_000000.bin");
    expect(existsSync(join(out, "manifest.json"))).toBe(true);
  });

  it("bad input: one sentence, exit 1; bad usage: exit 2", async () => {
    const out = join(tmp, "cli-bad");
    const notSpecial = await cli(["tokenize", CC_MAIN, "--tokenizer", SMALL, "--out", out, "--bos", "<|im_start|>"]);
    expect(notSpecial.code).toBe(1);
    expect(notSpecial.stderr).toBe(`bytepair: "<|im_start|>" is not a special token of ${SMALL} (it has "<|endoftext|>").\n`);
    const both = await cli(["tokenize", CC_MAIN, "--tokenizer", SMALL, "--out", out, "--bos", "<|endoftext|>", "--eos", "<|endoftext|>"]);
    expect(both.code).toBe(2);
    const tooBig = await cli(["tokenize", CC_MAIN, "--tokenizer", SMALL, "--out", out, "--shard-tokens", String(2 ** 31)]);
    expect(tooBig.code).toBe(1);
    expect(tooBig.stderr).toMatch(/--shard-tokens must be a whole number from 1 to 2147483647/);
    expect(existsSync(join(out, "manifest.json"))).toBe(false);
    const notDir = await cli(["tokenize", CC_MAIN, "--tokenizer", SMALL, "--out", "/dev/null"]);
    expect(notDir.code).toBe(1);
    expect(notDir.stderr).toBe("bytepair: /dev/null is not a directory: tokenize writes its shards and manifest.json into one.\n");
  });

  it("SIGTERM mid-run removes the shard under way", async () => {
    const out = join(tmp, "cli-signal");
    const child = spawn(process.execPath, [BIN, "tokenize", DEDUP, "--tokenizer", "cl100k_base", "--out", out, "--threads", "1", "--progress", "json"], { stdio: ["ignore", "ignore", "pipe"] });
    await new Promise<void>((resolve) => child.stderr!.on("data", (d: Buffer) => d.toString().includes('"stage":"tokenize"') && resolve()));
    child.kill("SIGTERM");
    const signal = await new Promise((resolve) => child.on("exit", (_code, s) => resolve(s)));
    expect(signal).toBe("SIGTERM");
    expect((await readdir(out)).filter((f) => f.startsWith("."))).toEqual([]);
  }, 60_000);
});
