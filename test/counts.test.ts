// Count files (bytepair count, train --counts), several vocab sizes in one run, 64-bit counts,
// --extend (cl100k_base included), SuperBPE's second stage, --max-token-length against HuggingFace.
import { readFileSync } from "node:fs";
import { parquetReadObjects } from "hyparquet";
import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { countChunks, loadNative, saveHf, saveNative, SUPERWORD, writeCounts, type CountsFile, type Tokenizer } from "../src/index.js";
import { nodeWorker, train } from "../src/node/train.js";
import { loadTokenizerFile } from "../src/node/tokenizers.js";
import { toBase64 } from "../src/formats/base64.js";
import { HAVE_SHARED, mobyChapters, randomBytes, rng } from "./helpers.js";

const chapters = mobyChapters(40);
const docs = chapters.slice(0, 14);
const specialTokens = ["<|endoftext|>"];

/** The first n docs in k contiguous parts, each counted into a count file of its own. */
async function countFiles(k: number, options: { engine: "wasm" | "ts"; threads: number }, n = docs.length): Promise<CountsFile[]> {
  const files: CountsFile[] = [];
  for (let i = 0; i < k; i++) {
    const part = docs.slice(0, n).slice(Math.floor((i * n) / k), Math.floor(((i + 1) * n) / k));
    const { parquet } = await countChunks(part, { specialTokens, ...options, parallelAfter: 20_000, createWorker: nodeWorker });
    files.push({ name: `part-${i}.parquet`, file: parquet.slice().buffer });
  }
  return files;
}

describe("train --counts equals training on the text", () => {
  it("from 1, 4 and 7 count files; wasm and ts; counted on 1 and 2 threads", async () => {
    for (const engine of ["wasm", "ts"] as const) {
      const text = saveNative((await train(docs.slice(0, 8), { vocabSize: 800, specialTokens, engine, threads: 1 })).tokenizer);
      for (const threads of [1, 2]) {
        for (const k of [1, 4, 7]) {
          const { tokenizer } = await train([], { vocabSize: 800, counts: await countFiles(k, { engine, threads }, 8), engine });
          expect(saveNative(tokenizer), `${engine}, ${threads} threads, ${k} files`).toBe(text);
        }
      }
    }
  }, 120_000);

  it("files of other engines: string chunks, INT32 counts, columns swapped, a chunk on several rows; --pattern needed without metadata", async () => {
    const rows: [string, number][] = [["hello", 3], [" world", 2], ["hello", 4], ["!", 1]];
    const file = parquet(
      [
        { name: "count", type: "INT32", data: Int32Array.from(rows, (r) => r[1]) },
        { name: "chunk", type: "STRING", data: rows.map((r) => r[0]) },
      ],
      2,
    );
    const counts = [{ name: "other.parquet", file }];
    await expect(train([], { vocabSize: 260, counts })).rejects.toThrow(/other\.parquet has no bytepair metadata: say which pattern/);
    const { tokenizer } = await train([], { vocabSize: 262, counts, pattern: "gpt2", minFrequency: 1 });
    const text = await train([...Array(7).fill("hello"), " world", " world", "!"], { vocabSize: 262, pattern: "gpt2", minFrequency: 1 });
    expect(tokenizer.merges).toEqual(text.tokenizer.merges);
    expect(tokenizer.pattern).toBe("gpt2");
  });

  it("files that disagree on the pattern or special tokens are an error, as is a --pattern that disagrees", async () => {
    const a = await countChunks(docs.slice(0, 2), { pattern: "cl100k" });
    const b = await countChunks(docs.slice(2, 4), { pattern: "gpt2" });
    const c = await countChunks(docs.slice(2, 4), { pattern: "cl100k", specialTokens });
    const file = (name: string, bytes: Uint8Array) => ({ name, file: bytes.slice().buffer });
    await expect(train([], { vocabSize: 300, counts: [file("a", a.parquet), file("b", b.parquet)] })).rejects.toThrow(/b and a were counted with different patterns \(gpt2 and cl100k\)/);
    await expect(train([], { vocabSize: 300, counts: [file("a", a.parquet), file("c", c.parquet)] })).rejects.toThrow(/different special tokens/);
    await expect(train([], { vocabSize: 300, pattern: "o200k", counts: [file("a", a.parquet)] })).rejects.toThrow(/a was counted with pattern cl100k, not o200k/);
  });

  it("--min-chunk-count drops the rarer chunks of the sum (and says so in the tokenizer)", async () => {
    const files = await countFiles(3, { engine: "wasm", threads: 1 });
    const all = await train([], { vocabSize: 500, counts: files });
    const some = await train([], { vocabSize: 500, counts: files, minChunkCount: 3 });
    expect(some.stats.uniqueChunks).toBeLessThan(all.stats.uniqueChunks);
    expect(some.tokenizer.meta.minChunkCount).toBe(3);
    // the same as training on a file of only the chunks seen 3 times or more
    const whole = await countChunks(docs, { specialTokens });
    const rows = await parquetReadObjects({ file: whole.parquet.slice().buffer, utf8: false });
    const kept = rows.filter((r) => (r.count as bigint) >= 3n).map((r) => [r.chunk, Number(r.count)] as [Uint8Array, number]);
    const file = writeCounts(kept, whole.meta).slice().buffer;
    const direct = await train([], { vocabSize: 500, counts: [{ name: "kept.parquet", file }] });
    expect(some.tokenizer.merges).toEqual(direct.tokenizer.merges);
    expect(some.stats.bytes).toBe(direct.stats.bytes);
    expect(some.stats.bytes).toBeLessThan(all.stats.bytes);
  });
});

/** A Parquet file written directly, as another engine would. */
function parquet(columns: { name: string; type: "INT32" | "INT64" | "STRING" | "BYTE_ARRAY"; data: unknown }[], rowGroupSize: number): ArrayBuffer {
  const writer = new ByteWriter();
  const schema = [
    { name: "root", num_children: columns.length },
    ...columns.map((c) => ({ name: c.name, type: c.type === "STRING" ? ("BYTE_ARRAY" as const) : c.type, ...(c.type === "STRING" ? { converted_type: "UTF8" as const } : {}), repetition_type: "REQUIRED" as const })),
  ];
  const w = new ParquetWriter({ writer, schema });
  void w.write({ columnData: columns.map((c) => ({ name: c.name, data: c.data as never })), rowGroupSize });
  w.finish();
  return writer.getBuffer();
}

describe("counts are 64-bit", () => {
  it("counts past 2^32 (and sums past it) are recorded exactly, in both engines and in the saved file", async () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const big = 2n ** 32n;
    const rows: [string, bigint][] = [["ab", big], ["abc", 2n ** 40n + 3n], ["bc", 5n], ["ab", big + 1n]];
    const file = parquet(
      [
        { name: "chunk", type: "BYTE_ARRAY", data: rows.map((r) => enc(r[0])) },
        { name: "count", type: "INT64", data: BigInt64Array.from(rows, (r) => r[1]) },
      ],
      3,
    );
    for (const engine of ["wasm", "ts"] as const) {
      const { tokenizer, stats } = await train([], { vocabSize: 259, counts: [{ name: "big.parquet", file }], pattern: "cl100k", engine });
      const expected = [
        { left: 97, right: 98, id: 256, count: 2 ** 40 + 2 ** 33 + 4 }, // "ab": 2^33 + 1 from "ab", 2^40 + 3 from "abc"
        { left: 256, right: 99, id: 257, count: 2 ** 40 + 3 }, // "ab" "c"
        { left: 98, right: 99, id: 258, count: 5 }, // "bc"
      ];
      expect(tokenizer.merges).toEqual(expected);
      expect(loadNative(saveNative(tokenizer)).merges).toEqual(expected);
      expect(stats.bytes).toBe(2 * (2 ** 33 + 1) + 3 * (2 ** 40 + 3) + 2 * 5);
    }
  });
});

describe("several vocab sizes in one run", () => {
  it("each is byte-identical to a run of its own, whether the vocabulary fills or the pairs run out", async () => {
    for (const engine of ["wasm", "ts"] as const) {
      for (const [sizes, minFrequency] of [[[300, 700, 1500], 2], [[400, 3000, 90000], 40]] as const) {
        const { each } = await train(docs.slice(0, 6), { vocabSize: sizes.at(-1)!, vocabSizes: [...sizes].reverse(), engine, minFrequency, threads: 1 });
        expect(each!.map((r) => r.tokenizer.meta.vocabSize)).toEqual([...sizes].reverse());
        for (const one of each!) {
          const alone = await train(docs.slice(0, 6), { vocabSize: one.tokenizer.meta.vocabSize as number, engine, minFrequency, threads: 1 });
          expect(saveNative(one.tokenizer)).toBe(saveNative(alone.tokenizer));
          expect(one.stopReason).toBe(alone.stopReason);
          expect(one.stats.tokens).toBe(alone.stats.tokens);
        }
      }
    }
  }, 60_000);
});

describe("--min-frequency 0", () => {
  it("is accepted and is the same as 1 (as in HuggingFace)", async () => {
    const zero = await train(docs.slice(0, 3), { vocabSize: 20_000, minFrequency: 0 });
    const one = await train(docs.slice(0, 3), { vocabSize: 20_000, minFrequency: 1 });
    expect(zero.tokenizer.merges).toEqual(one.tokenizer.merges);
    expect(zero.stopReason).toBe(one.stopReason);
  });
});

describe("--max-token-length", () => {
  const fixture = JSON.parse(readFileSync(new URL("./fixtures/hf-parity/moby-dick-cl100k-2048-max5.json", import.meta.url), "utf8"));
  it(`gives HuggingFace's ${fixture.merges.length} merges with max_token_length ${fixture.maxTokenLength} (ids hf), in both engines`, async () => {
    for (const engine of ["wasm", "ts"] as const) {
      const { tokenizer } = await train(chapters, { vocabSize: fixture.vocabSize, minFrequency: fixture.minFrequency, pattern: fixture.pattern, ids: "hf", maxTokenLength: fixture.maxTokenLength, engine, threads: 1 });
      const merges = tokenizer.merges.map((m) => [toBase64(tokenizer.vocab[m.left]!), toBase64(tokenizer.vocab[m.right]!)]);
      expect(merges.length).toBe(fixture.merges.length);
      const first = merges.findIndex((m, k) => m[0] !== fixture.merges[k][0] || m[1] !== fixture.merges[k][1]);
      expect(first, `${engine}: first difference at merge ${first}`).toBe(-1);
      expect(tokenizer.meta.maxTokenLength).toBe(fixture.maxTokenLength);
    }
  }, 60_000);
});

/** Tokens of every document. */
const tokensOf = (t: Tokenizer, texts: readonly string[]) => texts.reduce((n, d) => n + t.encodeOrdinary(d).length, 0);

describe("--extend", () => {
  it("a trained base: wasm and ts identical, every base merge kept, new ids after the base's, never more tokens on any text", async () => {
    const base = (await train(docs.slice(0, 3), { vocabSize: 400, specialTokens })).tokenizer;
    const files = new Set<string>();
    let extended: Tokenizer | undefined;
    for (const engine of ["wasm", "ts"] as const) {
      const r = await train(docs.slice(3, 9), { vocabSize: 700, extend: base, engine, threads: 1 });
      extended = r.tokenizer;
      files.add(saveNative(extended));
      expect(r.stats.tokens).toBeLessThan(r.stats.baseTokens!);
    }
    expect(files.size).toBe(1);
    // from count files too (counted without the base's special tokens: the base encodes chunks as text)
    const counted = await train([], { vocabSize: 700, extend: base, counts: [{ name: "c.parquet", file: (await countChunks(docs.slice(3, 9))).parquet.slice().buffer }] });
    expect(saveNative(counted.tokenizer)).toBe([...files][0]);
    const t = extended!;
    expect(t.vocabSize).toBe(700);
    expect(t.merges.slice(0, base.merges.length)).toEqual(base.merges);
    expect(Math.min(...t.merges.slice(base.merges.length).map((m) => m.id))).toBe(base.nVocab);
    expect([...t.specialTokens]).toEqual([...base.specialTokens]);
    for (const text of [...chapters.slice(20, 30), "x".repeat(300)]) expect(t.encodeOrdinary(text).length).toBeLessThanOrEqual(base.encodeOrdinary(text).length);
    const random = rng(5);
    for (let i = 0; i < 20; i++) {
      const bytes = randomBytes(random, 300, 8);
      expect(t.decodeBytes(t.encode(bytes))).toEqual(bytes);
    }
  }, 60_000);

  it("extending a base on its own training text continues that training exactly: the merges (ids, counts) of one longer run", async () => {
    for (const engine of ["wasm", "ts"] as const) {
      const base = (await train(docs.slice(0, 4), { vocabSize: 400, engine, threads: 1 })).tokenizer;
      const extended = await train(docs.slice(0, 4), { vocabSize: 900, extend: base, engine, threads: 1 });
      const direct = await train(docs.slice(0, 4), { vocabSize: 900, engine, threads: 1 });
      expect(extended.tokenizer.merges, engine).toEqual(direct.tokenizer.merges);
      expect(extended.stats.tokens).toBe(direct.stats.tokens);
      expect(extended.stats.baseTokens).toBe((await train(docs.slice(0, 4), { vocabSize: 400, engine, threads: 1 })).stats.tokens);
    }
  }, 60_000);

  it.skipIf(!HAVE_SHARED)("cl100k_base: keeps all its ids (through the HF tokenizer.json export) and compresses its training text better", async () => {
    const cl100k = await loadTokenizerFile("cl100k_base");
    const train_ = chapters.slice(0, 10);
    const { tokenizer, stats } = await train(train_, { vocabSize: cl100k.vocabSize + 300, extend: cl100k, threads: 1 });
    expect(tokenizer.vocabSize).toBe(cl100k.vocabSize + 300);
    const baseHf = JSON.parse(saveHf(cl100k));
    const extHf = JSON.parse(saveHf(tokenizer));
    for (const [token, id] of Object.entries(baseHf.model.vocab as Record<string, number>)) expect(extHf.model.vocab[token], token).toBe(id);
    expect(extHf.added_tokens).toEqual(baseHf.added_tokens);
    const newIds = Object.values(extHf.model.vocab as Record<string, number>).filter((id) => id >= cl100k.nVocab);
    expect(newIds.length).toBe(300);
    expect(Math.min(...newIds)).toBe(cl100k.nVocab);
    // better on its training text; never worse on any text (the base's ranks all come first)
    expect(tokensOf(tokenizer, train_)).toBe(stats.tokens);
    expect(stats.tokens).toBeLessThan(stats.baseTokens!);
    expect(stats.baseTokens).toBe(tokensOf(cl100k, train_));
    for (const text of chapters.slice(30, 40)) expect(tokenizer.encodeOrdinary(text).length).toBeLessThanOrEqual(cl100k.encodeOrdinary(text).length);
  }, 120_000);

  it("SuperBPE: a second stage with the superword pattern learns tokens across spaces, identically in both engines", async () => {
    const stage1 = (await train(docs, { vocabSize: 1000 })).tokenizer;
    const files = new Set<string>();
    let stage2: Tokenizer | undefined;
    for (const engine of ["wasm", "ts"] as const) {
      const r = await train(docs, { vocabSize: 1200, extend: stage1, pattern: SUPERWORD, engine, threads: 1 });
      stage2 = r.tokenizer;
      files.add(saveNative(stage2));
      expect(r.stats.tokens).toBeLessThan(r.stats.baseTokens!);
    }
    expect(files.size).toBe(1);
    expect(stage2!.pattern).toBe(SUPERWORD);
    const text = (id: number) => new TextDecoder().decode(stage2!.vocab[id]);
    const superwords = stage2!.merges.slice(stage1.merges.length).map((m) => text(m.id)).filter((s) => /\S \S/.test(s));
    expect(superwords.length).toBeGreaterThan(20); // e.g. "of the", " in the"
    expect(tokensOf(stage2!, docs)).toBeLessThan(tokensOf(stage1, docs));
  }, 60_000);
});
