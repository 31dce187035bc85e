// The read-and-count pipeline (src/pipeline/): workers own whole units of input. Any thread count,
// any format (parquet, JSON Lines plain / gzip / zstd, text) of the same documents trains the same
// file as the one-thread document reader; selection picks the same documents; progress is in bytes.
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as zlib from "node:zlib";
import { gzipSync } from "node:zlib";
import { parquetWriteFile } from "hyparquet-writer";
import { beforeAll, describe, expect, it } from "vitest";
import { saveNative } from "../src/formats/native.js";
import { readDocuments, readRows, resolveShards } from "../src/node/sources.js";
import { nodeWorker, trainFiles } from "../src/node/train.js";
import { objectFields, stringBytes } from "../src/pipeline/json-bytes.js";
import { train, trainShards, type CountShardsOptions, type Progress, type ShardSelection, type TrainShardsOptions } from "../src/train.js";
import type { WorkerPort } from "../src/types.js";
import { CC_MAIN, HAVE_SHARED, rng, tempDir, zstdRaw } from "./helpers.js";
import { runCli as cli } from "./helpers-cli.js";

const SMALL = { parallelAfter: 0, unitBytes: 48 << 10, pieceBytes: 5000 }; // many units, many pieces
const BOM_DOC = "\uFEFFA document that starts with a byte order mark.\nIt is content: it must reach the counter.";
const encoder = new TextEncoder();

let dir: string;
let docs: string[];
let scores: number[];
let hasZstd = true;

beforeAll(async () => {
  dir = await tempDir("pipeline");
  const fineweb: string[] = [];
  if (HAVE_SHARED) for await (const row of readRows([CC_MAIN], { rows: 240 })) fineweb.push(row.text as string);
  else for (let i = 0; i < 240; i++) fineweb.push(`Document ${i}: the quick brown fox jumps over the lazy dog ${i * 7}.\n`.repeat(20));
  docs = [BOM_DOC, ...fineweb.slice(0, 120), "lone \ud800 surrogate and a pair \ud83d\ude00, tab\t, quote \" and \\ backslash", ...fineweb.slice(120), "\uFEFF"];
  const random = rng(7);
  scores = docs.map(() => Math.round(random() * 1000) / 1000);
  const columnData = [
    { name: "text", data: docs, type: "STRING" as const },
    { name: "language_score", data: scores, type: "DOUBLE" as const },
  ];
  parquetWriteFile({ filename: join(dir, "docs.parquet"), columnData, rowGroupSize: 25 });
  // zstd pages: on a Node with node:zlib zstd they are decompressed into reused buffers (PageBuffers)
  const zstd = (zlib as unknown as { zstdCompressSync?: (b: Uint8Array) => Uint8Array }).zstdCompressSync ?? zstdRaw;
  parquetWriteFile({ filename: join(dir, "docs.zstd.parquet"), columnData, rowGroupSize: 25, codec: "ZSTD", compressors: { ZSTD: (bytes: Uint8Array) => zstd(bytes) } });
  const jsonl = docs.map((text, i) => JSON.stringify({ id: i, text, meta: { a: [1, 2, { b: "}" }] }, language_score: scores[i] })).join("\n") + "\n";
  await writeFile(join(dir, "docs.jsonl"), jsonl);
  await writeFile(join(dir, "docs.jsonl.gz"), gzipSync(jsonl));
  try {
    await writeFile(join(dir, "docs.jsonl.zst"), execFileSync("zstd", ["-q", "-c"], { input: jsonl }));
  } catch {
    hasZstd = false;
  }
  await mkdir(join(dir, "txt"));
  for (const [i, text] of docs.entries()) await writeFile(join(dir, "txt", `doc-${String(i).padStart(4, "0")}.txt`), text);
});

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of source) out.push(x);
  return out;
}

const nativeOf = (r: { tokenizer: Parameters<typeof saveNative>[0] }) => saveNative(r.tokenizer);
const BASE = { vocabSize: 700, pattern: "cl100k", specialTokens: [] as string[] };

async function viaUnits(inputs: string[], threads: number, extra: Partial<TrainShardsOptions & Pick<CountShardsOptions, "bigUnitBytes" | "segmentBytes">> = {}) {
  const shards = await resolveShards(inputs);
  return trainShards(shards, { ...BASE, ...SMALL, threads, createWorker: nodeWorker, ...extra });
}

describe("threads x formats give byte-identical tokenizers", () => {
  it("parquet (snappy, zstd), jsonl, jsonl.gz, jsonl.zst and txt with 1, 2 and 3 threads = the documents as bytes on one thread", async () => {
    const reference = await train(
      docs.map((d) => encoder.encode(d)),
      { ...BASE, threads: 1 },
    );
    expect(reference.stats.documents).toBe(docs.length);
    const inputs = ["docs.parquet", "docs.zstd.parquet", "docs.jsonl", "docs.jsonl.gz", ...(hasZstd ? ["docs.jsonl.zst"] : []), "txt"];
    for (const input of inputs) {
      for (const threads of [1, 2, 3]) {
        const result = await viaUnits([join(dir, input)], threads);
        expect({ input, threads, documents: result.stats.documents, bytes: result.stats.bytes }).toEqual({ input, threads, documents: docs.length, bytes: reference.stats.bytes });
        expect(nativeOf(result), `${input} with ${threads} threads`).toBe(nativeOf(reference));
      }
    }
  }, 120_000);

  it("this thread counts beside threads - 1 workers, and leaves them the big units: the same file", async () => {
    const reference = nativeOf(await train(docs.map((d) => encoder.encode(d)), { ...BASE, threads: 1 }));
    for (const input of ["docs.zstd.parquet", "docs.jsonl"]) {
      for (const threads of [1, 2, 3]) {
        for (const [bigUnitBytes, segmentBytes] of [[undefined, undefined], [1, undefined], [undefined, 300]] as const) {
          // bigUnitBytes 1: every unit is big: held for the workers until each holds half as much text;
          // segmentBytes 300: documents counted in segments, this thread pausing between them
          performance.clearMarks("bytepair:count");
          const result = await viaUnits([join(dir, input)], threads, { bigUnitBytes, segmentBytes });
          expect(nativeOf(result), `${input}, ${threads} threads, big units ${bigUnitBytes}, segments of ${segmentBytes}`).toBe(reference);
          const [mark] = performance.getEntriesByName("bytepair:count", "mark") as PerformanceMark[];
          expect(mark.detail).toMatchObject({ workers: threads - 1 });
          expect(mark.detail.countedHereMs).toBeGreaterThanOrEqual(0);
        }
      }
    }
  }, 120_000);

  it("once every unit is dealt, a thread out of work takes back units a worker has not begun: the same file", async () => {
    const reference = nativeOf(await train(docs.map((d) => encoder.encode(d)), { ...BASE, threads: 1 }));
    // workers that hear of each unit 150 ms after it is sent: this thread runs out of work long before
    // them and takes back what they hold (they skip those); a unit counted twice or not at all changes the file
    const late = (): WorkerPort => {
      const real = nodeWorker();
      return { ...real, post: (message, transfer) => ((message as { type: string }).type === "unit" ? setTimeout(() => real.post(message, transfer), 150) : real.post(message, transfer)) };
    };
    for (const input of ["docs.zstd.parquet", "docs.jsonl"]) {
      for (const threads of [2, 3]) {
        performance.clearMarks("bytepair:count");
        const result = await viaUnits([join(dir, input)], threads, { createWorker: late });
        expect(nativeOf(result), `${input}, ${threads} threads`).toBe(reference);
        const [mark] = performance.getEntriesByName("bytepair:count", "mark") as PerformanceMark[];
        expect(mark.detail.takenBack, `${input}, ${threads} threads`).toBeGreaterThan(0);
      }
    }
  }, 60_000);

  it("a BOM-led document keeps its BOM in every format", async () => {
    const bom = [encoder.encode(BOM_DOC)];
    const reference = await train(bom, { ...BASE, vocabSize: 260, threads: 1 });
    expect(reference.stats.bytes).toBe(encoder.encode(BOM_DOC).length);
    for (const input of ["docs.parquet", "docs.jsonl", "txt/doc-0000.txt"]) {
      const result = await viaUnits([join(dir, input)], 1, { rows: 1, vocabSize: 260 });
      expect(result.stats.bytes, input).toBe(reference.stats.bytes);
      expect(nativeOf(result), input).toBe(nativeOf(reference));
    }
    // and the one-thread document reader keeps it too (hyparquet's own decoder dropped it)
    const [first] = await collect(readDocuments([join(dir, "docs.parquet")], { rows: 1 }));
    expect(first).toBe(BOM_DOC);
  });
});

describe("a big text file is counted in pieces without changing a count", () => {
  const big = () => {
    const random = rng(3);
    const lines: string[] = [];
    const bits = ["word", "  spaced", "\t\ttabs", "   ", "Ünïcödé", "数字 123456", "it's", "...!?", "\r", "\u3000ideographic space", "\u00a0nbsp", ""];
    for (let i = 0; i < 30_000; i++) lines.push(Array.from({ length: 1 + Math.floor(random() * 4) }, () => bits[Math.floor(random() * bits.length)]).join(" "));
    // adversarial whitespace, then FineWeb text (not first: ChunkCounter's regex path still decodes with a BOM-dropping TextDecoder)
    return encoder.encode([...lines, ...docs].join("\n"));
  };

  it("cl100k, gpt2, o200k and none (maxChunkBytes): pieces and ranges on 1-3 threads = the whole document", async () => {
    const bytes = big();
    const file = join(dir, "big.txt");
    await writeFile(file, bytes);
    await writeFile(join(dir, "big.txt.gz"), gzipSync(bytes));
    for (const [pattern, extra] of [["cl100k", {}], ["gpt2", {}], ["o200k", {}], ["none", { maxChunkBytes: 1000 }]] as const) {
      const reference = await train([bytes], { ...BASE, pattern, ...extra, threads: 1 });
      for (const [input, threads] of [[file, 1], [file, 3], [join(dir, "big.txt.gz"), 1]] as const) {
        const result = await viaUnits([input], threads, { pattern, ...extra });
        expect(result.stats.documents).toBe(1);
        expect(result.stats.bytes).toBe(bytes.length);
        expect(nativeOf(result), `${pattern} ${input} ${threads}`).toBe(nativeOf(reference));
      }
    }
  }, 120_000);
});

describe("a text file with no newline is still counted in pieces (cut before a space between two letters)", () => {
  // letters, spaces (one, several, at either end), digits, apostrophes, punctuation, non-ASCII letters
  // and spaces, uppercase runs: every piece boundary must leave every chunk's count as it was
  const line = (seed: number, n: number) => {
    const random = rng(seed);
    const bits = ["a", "word", "Word", "WORD", " ", "  ", "   ", "it's", "'s", " 'll", "123", "4567", "x1", ".", "...", "!?", "Ünïcödé", "數字", "\u00a0", "\u3000", "\t", "-", "a-b", "é", "I'M"];
    return Array.from({ length: n }, () => bits[Math.floor(random() * bits.length)] + (random() < 0.7 ? " " : "")).join("");
  };
  const counts = async (shards: Awaited<ReturnType<typeof resolveShards>>, o: Partial<CountShardsOptions>) => {
    const { createEngine } = await import("../src/engine.js");
    const { countShards } = await import("../src/train.js");
    const engine = await createEngine("wasm");
    await countShards(engine, shards, { pattern: "cl100k", specialTokens: [], threads: 1, createWorker: nodeWorker, ...o });
    return new Map([...engine.chunks()].map(([b, n]) => [Array.from(b).join(","), n]));
  };

  it("cl100k, gpt2 and o200k: pieces and ranges on 1 and 3 threads, plain and gzip = the whole document", async () => {
    const texts = [line(11, 40_000), line(12, 40_000).toUpperCase(), "ab ".repeat(20_000) + "a", "a b".repeat(20_000)];
    for (const [i, text] of texts.entries()) {
      const bytes = encoder.encode(text);
      expect(bytes.includes(0x0a)).toBe(false);
      const file = join(dir, `one-line-${i}.txt`);
      await writeFile(file, bytes);
      await writeFile(`${file}.gz`, gzipSync(bytes));
      for (const pattern of ["cl100k", "gpt2", "o200k"]) {
        const whole = await counts(await resolveShards([file]), { pattern, pieceBytes: 1 << 30, unitBytes: 1 << 30 });
        for (const [input, threads, pieceBytes] of [[file, 1, 997], [file, 3, 997], [file, 3, 64], [`${file}.gz`, 1, 997]] as const) {
          const pieces = await counts(await resolveShards([input]), { pattern, threads, pieceBytes, unitBytes: 4093, parallelAfter: 0 });
          expect(pieces, `text ${i}, ${pattern}, ${input}, ${threads} threads, pieces of ${pieceBytes}`).toEqual(whole);
        }
      }
    }
  }, 120_000);

  it("is read in pieces: a 1.3 MB line is counted 64 KB at a time, not whole", async () => {
    const { createEngine } = await import("../src/engine.js");
    const { countShards } = await import("../src/train.js");
    const file = join(dir, "one-line-big.txt");
    await writeFile(file, line(13, 300_000));
    const engine = await createEngine("wasm");
    const pieces: number[] = [];
    const { ChunkCounter } = await import("../src/count.js");
    const add = ChunkCounter.prototype.add;
    ChunkCounter.prototype.add = function (doc) {
      pieces.push(doc.length);
      return add.call(this, doc);
    };
    try {
      await countShards(engine, await resolveShards([file]), { pattern: "cl100k", specialTokens: [], threads: 1, pieceBytes: 64 << 10, unitBytes: 256 << 10 });
    } finally {
      ChunkCounter.prototype.add = add;
    }
    expect(pieces.length, String(pieces)).toBeGreaterThan(10);
    expect(Math.max(...pieces)).toBeLessThanOrEqual(2 * (64 << 10)); // a range's last piece runs on to the next cut
    // a special token holding a space: no cut at spaces, the line is read whole
    pieces.length = 0;
    ChunkCounter.prototype.add = function (doc) {
      pieces.push(doc.length);
      return add.call(this, doc);
    };
    try {
      await countShards(await createEngine("wasm"), await resolveShards([file]), { pattern: "cl100k", specialTokens: ["<|end of text|>"], threads: 1, pieceBytes: 64 << 10, unitBytes: 256 << 10 });
    } finally {
      ChunkCounter.prototype.add = add;
    }
    expect(pieces.filter((n) => n > 0), String(pieces)).toHaveLength(1);
  });
});

describe("a line longer than a stream's parts is joined once, not once a part (no hang on long lines in .gz or on stdin)", () => {
  // 8 MB of one JSON Lines line with multi-byte characters, handed over in 509-byte parts (a
  // character cut between parts too): joined and searched again for every part, this took minutes
  const body = "déjà vu 🎉 and some words. ".repeat(300_000);
  const jsonl = `${JSON.stringify({ text: body })}\n${JSON.stringify({ text: "a short line" })}\n`;
  const bytes = encoder.encode(jsonl);
  const parts = async function* () {
    for (let at = 0; at < bytes.length; at += 509) yield bytes.subarray(at, at + 509);
  };

  it("the one-thread reader's lines (bytepair pairs, eval, readRows)", async () => {
    const { lines } = await import("../src/sources/jsonl.js");
    const got = await collect(lines(parts()));
    expect(got.map(([, n]) => n)).toEqual([1, 2]);
    expect(got[0][0]).toBe(JSON.stringify({ text: body }));
    expect(got[1][0]).toBe(JSON.stringify({ text: "a short line" }));
  }, 15_000);

  it("a line longer than the longest string is one sentence naming the file and line", async () => {
    const { jsonlRows } = await import("../src/sources/jsonl.js");
    const block = new Uint8Array(1 << 20).fill(0x78); // 520 x 1 MiB of "x": past V8's ~512 MiB strings
    const source = async function* () {
      yield encoder.encode('{"text": "short"}\n{"text": "');
      for (let i = 0; i < 520; i++) yield block;
    };
    await expect(collect(jsonlRows(source(), "big.jsonl"))).rejects.toThrow(/^big\.jsonl:2: this line is too long to read as one JavaScript string .*bytepair train and bytepair count read such lines as bytes\.$/);
  }, 30_000);

  it("the pipeline's pieces (bytepair train, count): the same counts as the file read in ranges", async () => {
    const { createEngine } = await import("../src/engine.js");
    const { countShards } = await import("../src/train.js");
    const file = join(dir, "long-line.jsonl");
    await writeFile(file, bytes);
    const counts = async (shards: Awaited<ReturnType<typeof resolveShards>>) => {
      const engine = await createEngine("wasm");
      const counted = await countShards(engine, shards, { pattern: "cl100k", specialTokens: [], threads: 1 });
      return { counted, chunks: new Map([...engine.chunks()].map(([b, n]) => [Array.from(b).join(","), n])) };
    };
    const [fromFile] = await resolveShards([file]);
    // the same file as a stream only (as stdin is): no origin, no random access
    const streamed = { name: "long-line.jsonl", format: "jsonl" as const, compression: null, stream: parts, buffer: () => Promise.reject(new Error("a stream has no random access")) };
    const whole = await counts([fromFile]);
    const pieces = await counts([streamed]);
    expect(pieces.counted).toEqual(whole.counted);
    expect(whole.counted.documents).toBe(2);
    expect(pieces.chunks).toEqual(whole.chunks);
  }, 15_000);
});

describe("selection picks the same documents as the one-thread reader", () => {
  const cases: [string, ShardSelection][] = [
    ["--rows --skip", { rows: 37, skip: 5 }],
    ["--bytes", { bytes: 60_000 }],
    ["--where --rows", { where: ["language_score>=0.5"], rows: 40 }],
    ["--where --skip --bytes", { where: ["language_score<0.7"], skip: 3, bytes: 100_000 }],
    ["--shards", { shards: "1" }],
  ];
  for (const [name, selection] of cases) {
    it(name, async () => {
      const inputs = [join(dir, "docs.parquet"), join(dir, "docs.jsonl"), join(dir, "docs.zstd.parquet")];
      const chosen = (await collect(readDocuments(inputs, selection))).map((d) => (typeof d === "string" ? encoder.encode(d) : d));
      const reference = await train(chosen, { ...BASE, threads: 1 });
      // segmentBytes 300: every document of more than 600 bytes counted in segments (ChunkCounter.segments)
      for (const [threads, segmentBytes] of [[1, undefined], [2, undefined], [2, 300]] as const) {
        const result = await viaUnits(inputs, threads, { ...selection, segmentBytes });
        expect(result.stats.documents).toBe(chosen.length);
        expect(result.stats.bytes).toBe(reference.stats.bytes);
        expect(nativeOf(result), `${name}, ${threads} threads, segments of ${segmentBytes}`).toBe(nativeOf(reference));
      }
    }, 60_000);
  }

  it("parquet alone with --rows/--skip: planned from the footers, limits carried across shards", async () => {
    const inputs = [join(dir, "docs.parquet"), join(dir, "docs.parquet")];
    for (const selection of [{ rows: 30, skip: 40 }, { skip: 230, rows: 20 }, { rows: 1 }]) {
      const chosen = (await collect(readDocuments(inputs, selection))).map((d) => (typeof d === "string" ? encoder.encode(d) : d));
      const reference = await train(chosen, { ...BASE, threads: 1 });
      for (const threads of [1, 2]) {
        const result = await viaUnits(inputs, threads, selection);
        expect(result.stats.documents).toBe(chosen.length);
        expect(nativeOf(result), `${JSON.stringify(selection)}, ${threads} threads`).toBe(nativeOf(reference));
      }
    }
  }, 60_000);

  it("a text file split into ranges is one document to --rows, --skip and --bytes", async () => {
    const random = rng(11);
    const long = Array.from({ length: 9000 }, (_, i) => `line ${i} ${Math.floor(random() * 1e6)} of one long document`).join("\n");
    await writeFile(join(dir, "long.txt"), long); // ~350 KB: several 48 KB range units
    const inputs = [join(dir, "txt", "doc-0001.txt"), join(dir, "long.txt"), join(dir, "txt", "doc-0002.txt"), join(dir, "long.txt"), join(dir, "txt", "doc-0003.txt")];
    for (const selection of [{ skip: 1, rows: 1 }, { skip: 2, rows: 2 }, { rows: 2 }, { bytes: 1000 }, { skip: 1, bytes: 400_000 }]) {
      const chosen = (await collect(readDocuments(inputs, selection))).map((d) => (typeof d === "string" ? encoder.encode(d) : d));
      const reference = await train(chosen, { ...BASE, threads: 1 });
      for (const threads of [1, 2]) {
        const result = await viaUnits(inputs, threads, selection);
        expect(result.stats.documents, `${JSON.stringify(selection)}, ${threads} threads`).toBe(chosen.length);
        expect(result.stats.bytes).toBe(reference.stats.bytes);
        expect(nativeOf(result), `${JSON.stringify(selection)}, ${threads} threads`).toBe(nativeOf(reference));
      }
    }
  }, 120_000);

  it("--where on a text file is one clear sentence", async () => {
    await expect(viaUnits([join(dir, "txt")], 1, { where: ["a=1"] })).rejects.toThrow(/is a text file with no columns for --where to test\.$/);
  });
});

describe("progress counts bytes of text, with 1 or N threads", () => {
  it("done never passes total, never goes back, and ends at the bytes counted", async () => {
    for (const threads of [1, 2]) {
      for (const input of ["docs.parquet", "docs.jsonl", "docs.jsonl.gz", "txt"]) {
        const seen: Progress[] = [];
        const result = await viaUnits([join(dir, input)], threads, { onProgress: (p) => p.stage === "count" && seen.push(p) });
        expect(seen.length).toBeGreaterThan(0);
        let last = 0;
        for (const p of seen) {
          expect(p.done).toBeLessThanOrEqual(p.total);
          expect(p.done).toBeGreaterThanOrEqual(last);
          last = p.done;
        }
        expect(seen.at(-1)!.done).toBe(result.stats.bytes);
      }
    }
  }, 60_000);
});

describe("JSON strings as bytes", () => {
  it("unescape to the UTF-8 of JSON.parse for random strings; raw bytes (even invalid UTF-8) pass unchanged", () => {
    const random = rng(11);
    const alphabet = ["a", "é", "😀", "\n", "\t", '"', "\\", "/", "\u0001", "\u2028", "\ud800", "\udfff", "\ufeff", " "];
    for (let k = 0; k < 500; k++) {
      const s = Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      const line = encoder.encode(JSON.stringify({ x: 1, text: s, y: [s] }));
      const span = objectFields(line, new Set(["text"])).get("text")!;
      expect(Array.from(stringBytes(line, span)!)).toEqual(Array.from(encoder.encode(s)));
    }
    const raw = Uint8Array.from([...encoder.encode('{"text": "a'), 0xff, 0xc3, 0x28, ...encoder.encode('\\n"}')]);
    expect(Array.from(stringBytes(raw, objectFields(raw, new Set(["text"])).get("text")!)!)).toEqual([0x61, 0xff, 0xc3, 0x28, 0x0a]);
  });

  it("a bad line names its file and line, with one thread or many", async () => {
    const lines = docs.slice(0, 60).map((text) => JSON.stringify({ text }));
    lines.splice(45, 0, '{"text": "unterminated}');
    const bad = join(dir, "bad.jsonl");
    await writeFile(bad, lines.join("\n") + "\n");
    for (const threads of [1, 2]) await expect(viaUnits([bad], threads)).rejects.toThrow(/bad\.jsonl:46: this line is not valid JSON\.$/);
    // a bad escape is found when the line is counted, after its piece's later lines were read: still its own line
    const withEscape = lines.filter((line) => !line.includes("unterminated"));
    withEscape.splice(1, 0, String.raw`{"text": "a \q is no escape"}`);
    const badEscape = join(dir, "bad-escape.jsonl");
    await writeFile(badEscape, withEscape.join("\n") + "\n");
    for (const threads of [1, 2]) await expect(viaUnits([badEscape], threads)).rejects.toThrow(/bad-escape\.jsonl:2: this line is not valid JSON\.$/);
  });
});

describe("--threads", () => {
  it("more threads than cores are clamped with a note; nonsense is a usage error", async () => {
    const out = join(dir, "t.bpe");
    const many = await cli(["train", join(dir, "docs.jsonl"), "--vocab-size", "300", "--threads", "1000", "--progress", "none", "--out", out]);
    expect(many.code).toBe(0);
    expect(many.stderr).toMatch(/note: --threads 1000 is more than the \d+ cores here; counting on \d+ threads\./);
    for (const n of ["0", "5000", "2.5", "x"]) expect((await cli(["train", join(dir, "docs.jsonl"), "--vocab-size", "300", "--threads", n, "--out", out])).code).toBe(2);
  });

  it("trainFiles clamps to the cores", async () => {
    const result = await trainFiles([join(dir, "docs.jsonl")], { ...BASE, threads: 1000 });
    expect(result.stats.documents).toBe(docs.length);
  });
});
