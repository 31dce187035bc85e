// train(), the Tokenizer and the native format, through the public API.
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { describe, expect, it } from "vitest";
import { createEngine, loadNative, saveNative, train, Tokenizer } from "../src/index.js";
import { CC_MAIN, HAVE_SHARED, IDENTITY, randomBytes, rng } from "./helpers.js";

const enc = (s: string) => new TextEncoder().encode(s);

describe("the Wikipedia example", () => {
  it("aaabdaaabac, 3 merges -> [258, 100, 258, 97, 99]", async () => {
    for (const engine of ["wasm", "ts"] as const) {
      const { tokenizer, stopReason } = await train(["aaabdaaabac"], { vocabSize: 259, pattern: "none", engine });
      expect(tokenizer.merges.map((m) => [m.left, m.right, m.id])).toEqual([[97, 97, 256], [97, 98, 257], [256, 257, 258]]);
      expect(tokenizer.encode("aaabdaaabac")).toEqual([258, 100, 258, 97, 99]);
      expect(stopReason).toBe("vocabSize");
    }
  });
});

describe("encode and decode", () => {
  it("round-trip random bytes, invalid UTF-8 included, and give the ids training ended with", async () => {
    const random = rng(42);
    const docs = Array.from({ length: 20 }, (_, i) => randomBytes(random, 200 + i * 50, i % 2 ? 256 : 6));
    const { tokenizer } = await train(docs, { vocabSize: 600, pattern: "none", minFrequency: 1 });
    const engine = await createEngine("wasm");
    docs.forEach((d) => engine.addChunk(d));
    engine.startTraining(256, IDENTITY, 600 - 256, 1);
    while (engine.runMerges(1000) === null);
    docs.forEach((doc, c) => {
      const ids = tokenizer.encode(doc);
      expect(ids).toEqual(Array.from(engine.chunkIds(c)));
      expect(tokenizer.decodeBytes(ids)).toEqual(doc);
    });
    for (let i = 0; i < 50; i++) {
      const bytes = randomBytes(random, Math.floor(random() * 300));
      expect(tokenizer.decodeBytes(tokenizer.encode(bytes))).toEqual(bytes);
    }
  });

  it("decode renders multilingual text, and tokens that are not whole characters", async () => {
    const text = "Grüße, 世界! مرحبا 👋🏽 👨‍👩‍👧 e\u0301";
    const { tokenizer } = await train([text.repeat(5)], { vocabSize: 300, pattern: "none", minFrequency: 1 });
    const ids = tokenizer.encode(text);
    expect(tokenizer.decode(ids)).toBe(text);
    expect(tokenizer.merges.some((m) => new TextDecoder("utf-8", { fatal: false }).decode(tokenizer.vocab[m.id]).includes("\ufffd"))).toBe(true);
  });
});

describe("the native format", () => {
  it("saves and loads back an identical tokenizer", async () => {
    const { tokenizer } = await train(["hello hello world, hello bytes"], {
      vocabSize: 270,
      pattern: "none",
      specialTokens: ["<|endoftext|>"],
      minFrequency: 1,
    });
    const text = saveNative(tokenizer);
    const loaded = loadNative(text, "t.bpe");
    expect(saveNative(loaded)).toBe(text);
    expect(loaded.specialTokens.get("<|endoftext|>")).toBe(tokenizer.vocabSize - 1);
    expect(loaded.encode("hello world")).toEqual(tokenizer.encode("hello world"));
  });

  it("refuses a damaged file with one clear sentence", () => {
    expect(() => loadNative("not a tokenizer", "x.bpe")).toThrow(/x\.bpe is not a bytepair tokenizer/);
    const good = saveNative(new Tokenizer({ pattern: "none", ids: "raw", byteIds: IDENTITY, merges: [{ left: 104, right: 105, id: 256, count: 3 }] }));
    expect(() => loadNative(good.replace("merge\t104\t105\t256\t3\taGk=", "merge\t104\t105\t256\t3\taGo="), "y.bpe")).toThrow(/y\.bpe: merge 0/);
    expect(() => loadNative(good.replace("merge\t104", "merge\tx"), "z.bpe")).toThrow(/z\.bpe:5: "x" is not/);
  });
});

describe("options", () => {
  it("rejects a vocabulary smaller than the bytes and special tokens", async () => {
    await expect(train(["x"], { vocabSize: 256, specialTokens: ["<s>"] })).rejects.toThrow(/from 257/);
  });

  it("never splits or merges special tokens; raw ids put them after the merges, hf ids before the bytes", async () => {
    const doc = "ab<|eot|>ab<|eot|>ab";
    const raw = await train([doc], { vocabSize: 260, pattern: "none", specialTokens: ["<|eot|>"], minFrequency: 1 });
    expect(raw.tokenizer.merges.map((m) => m.id)).toEqual([256]);
    expect(raw.stopReason).toBe("noPairs");
    expect([...raw.tokenizer.specialTokens]).toEqual([["<|eot|>", 257]]);
    const hf = await train([doc], { vocabSize: 260, pattern: "none", specialTokens: ["<|eot|>"], minFrequency: 1, ids: "hf" });
    expect([...hf.tokenizer.specialTokens]).toEqual([["<|eot|>", 0]]);
    expect(hf.tokenizer.encode("ab<|eot|>", { allowedSpecial: "all" })).toEqual([257, 0]);
  });

  it("reports progress for counting and merging", async () => {
    const stages = new Set<string>();
    await train(["hello world ".repeat(100)], { vocabSize: 300, pattern: "none", onProgress: (p) => stages.add(p.stage) });
    expect([...stages]).toEqual(["count", "merge"]);
  });
});

describe.skipIf(!HAVE_SHARED)("FineWeb CC-MAIN-2024-10 (1,000 documents, pattern none)", () => {
  it("WASM and TS give identical merges, files and ids", async () => {
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(CC_MAIN), columns: ["text"], compressors });
    const docs = rows.map((r) => r.text as string);
    const results = await Promise.all((["wasm", "ts"] as const).map((engine) => train(docs, { vocabSize: 2048, pattern: "none", engine })));
    const [wasm, ts] = results;
    expect(wasm.tokenizer.merges.length).toBe(2048 - 256);
    expect(saveNative(wasm.tokenizer)).toBe(saveNative(ts.tokenizer));
    expect(wasm.stats.tokens).toBe(ts.stats.tokens);
    const vocab = new Set(wasm.tokenizer.vocab.map((v) => Array.from(v!).join(",")));
    expect(vocab.size).toBe(wasm.tokenizer.vocabSize); // no two ids with the same bytes
    // encoding the training documents gives exactly as many tokens as training ended with
    let tokens = 0;
    for (const doc of docs) tokens += wasm.tokenizer.encode(doc).length;
    expect(tokens).toBe(wasm.stats.tokens);
  });
});

describe("limits", () => {
  it("maxChunkBytes cuts long chunks into pieces that pairs never cross", async () => {
    const { stats, tokenizer } = await train(["abababab"], { vocabSize: 300, pattern: "none", maxChunkBytes: 3, minFrequency: 1 });
    expect(stats.uniqueChunks).toBe(3); // "aba", "bab", "ab"
    expect(tokenizer.merges[0]).toMatchObject({ left: 97, right: 98, count: 3 });
  });

  it("fails early with a clear message when training would not fit in wasm memory", async () => {
    const docs = Array.from({ length: 50 }, (_, i) => `document ${i} `.repeat(2000));
    await expect(train(docs, { vocabSize: 1000, pattern: "none", memoryLimit: 4 << 20 })).rejects.toThrow(
      /needs about \d+ MiB of wasm memory, more than the 4 MiB available; cut long chunks with --max-chunk-bytes, train on a sample/,
    );
  });

  it("pattern none keeps working on a long document (8 MB, one chunk)", async () => {
    const random = rng(3);
    const words = ["the ", "byte ", "pair ", "merge ", "token ", "wasm ", "\n"];
    const doc = Array.from({ length: 1_500_000 }, () => words[Math.floor(random() * words.length)]).join("");
    const { tokenizer, stats } = await train([doc], { vocabSize: 400, pattern: "none" });
    expect(stats.uniqueChunks).toBe(1);
    expect(tokenizer.decode(tokenizer.encode(doc.slice(0, 5000)))).toBe(doc.slice(0, 5000));
  });
});
