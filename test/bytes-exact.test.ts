// Bytes are sacred (DESIGN.md): invalid UTF-8 in a document is kept byte for byte by train, count,
// pairs and encode. Splitting treats each maximal invalid subsequence as the U+FFFD TextDecoder puts
// there, so valid text splits exactly as before, and decode(encode(b)) = b for any bytes.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { countPairs, train, Tokenizer } from "../src/index.js";
import { WasmEncoder } from "../src/encode-wasm.js";
import { loadTokenizerFile } from "../src/node/tokenizers.js";
import { decodeLossy, invalidUtf8, PATTERNS, resolvePattern, splitBytes, splitChunks } from "../src/pretokenize.js";
import { IDENTITY, randomBytes, rng, tempDirSync } from "./helpers.js";
import { BIN } from "./helpers-cli.js";

const require = createRequire(import.meta.url);
const { Tiktoken } = require("tiktoken") as typeof import("tiktoken");
const utf8 = new TextEncoder();

/** Text with invalid UTF-8 sprinkled in: lone continuation bytes, cut-off sequences, surrogates, 0xFF. */
function dirty(random: () => number, n: number): Uint8Array {
  const words = ["the", " cat", " Sat", "'s", " 42", "\n", "  ", " é", " 世界", " 😀", "!!", "<|eot|>"].map((w) => [...utf8.encode(w)]);
  const bad = [[0x80], [0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98], [0xc0, 0xaf]];
  const out: number[] = [];
  while (out.length < n) {
    const list = random() < 0.2 ? bad : words;
    out.push(...list[Math.floor(random() * list.length)]);
  }
  return Uint8Array.from(out);
}

const PATTERN_LIST = ["cl100k", "gpt2", "o200k", "none", String.raw`\p{L}+|\d`];

describe("training keeps invalid UTF-8 as it is", () => {
  it("counts every byte, reports the invalid ones, and both engines agree for every pattern", async () => {
    const random = rng(1);
    const docs = Array.from({ length: 40 }, () => dirty(random, 400));
    const total = docs.reduce((n, d) => n + d.length, 0);
    const invalid = docs.reduce((n, d) => n + invalidUtf8(d), 0);
    expect(invalid).toBeGreaterThan(0);
    for (const pattern of PATTERN_LIST) {
      const a = await train(docs, { vocabSize: 400, pattern, minFrequency: 1, engine: "wasm", specialTokens: ["<|eot|>"] });
      const b = await train(docs, { vocabSize: 400, pattern, minFrequency: 1, engine: "ts", specialTokens: ["<|eot|>"] });
      expect(a.tokenizer.merges, pattern).toEqual(b.tokenizer.merges);
      const specials = docs.reduce((n, d) => n + (decodeLossy(d).split("<|eot|>").length - 1) * 7, 0);
      expect({ pattern, bytes: a.stats.bytes, invalid: a.stats.invalidBytes }).toEqual({ pattern, bytes: total - specials, invalid });
      expect(b.stats.invalidBytes).toBe(invalid);
      // no merge is made of U+FFFD's bytes: they never occur in the input
      const fffd = utf8.encode("\ufffd");
      expect(a.tokenizer.merges.some((m) => Buffer.from(a.tokenizer.vocab[m.id]!).includes(Buffer.from(fffd.subarray(0, 2))))).toBe(false);
    }
  });

  it("trains 100,000 random bytes as 100,000 bytes (not U+FFFD's three each)", async () => {
    const data = randomBytes(rng(2), 100_000);
    const { stats } = await train([data], { vocabSize: 300, pattern: "cl100k" });
    expect(stats.bytes).toBe(100_000);
    expect(stats.invalidBytes).toBe(invalidUtf8(data));
  });

  it("gives the same tokenizer for a valid document as text and as bytes (a leading BOM kept)", async () => {
    const text = "\ufeffBOM first. Ünïcödé, 日本語 and 👋🏽 emoji; it's 2024.\n".repeat(20);
    for (const pattern of ["cl100k", "o200k", "\\w+"]) {
      const a = await train([text], { vocabSize: 320, pattern, minFrequency: 1 });
      const b = await train([utf8.encode(text)], { vocabSize: 320, pattern, minFrequency: 1 });
      expect(b.tokenizer.merges).toEqual(a.tokenizer.merges);
      expect(b.stats.bytes).toBe(utf8.encode(text).length);
    }
  });

  it("counts pairs of the bytes as stored", async () => {
    const doc = Uint8Array.of(0x61, 0xff, 0xfe, 0x61, 0x80, 0x80);
    for (const pattern of ["none", "cl100k", "o200k", "\\p{L}"]) {
      const pairs = await countPairs([doc], { pattern });
      expect(pairs.find((p) => p.left === 0xff && p.right === 0xfe)?.count, pattern).toBe(1); // two U+FFFD: one chunk of "other"
      expect(pairs.some((p) => p.left === 0xef || p.right === 0xbd)).toBe(false);
    }
  });
});

describe("encoding bytes", () => {
  it("decode(encode(b)) = b for random bytes, with both engines and every pattern; the engines agree", async () => {
    const random = rng(4);
    const docs = [...Array.from({ length: 20 }, () => dirty(random, 300)), ...Array.from({ length: 20 }, (_, i) => randomBytes(random, 50 + i * 30))];
    const { tokenizer } = await train(docs, { vocabSize: 500, pattern: "none", minFrequency: 1 });
    for (const pattern of PATTERN_LIST) {
      const spec = { pattern, byteIds: IDENTITY, merges: tokenizer.merges, specialTokens: { "<|eot|>": 600 } };
      const ts = new Tokenizer(spec);
      const wasm = await new Tokenizer(spec).useEngine("wasm");
      for (const doc of [...docs, new Uint8Array(0), Uint8Array.of(0xf0)]) {
        const ids = wasm.encode(doc, { allowedSpecial: "all" });
        expect(ts.encode(doc, { allowedSpecial: "all" }), pattern).toEqual(ids);
        expect(Buffer.from(wasm.decodeBytes(ids)).equals(doc), pattern).toBe(true);
        const plain = wasm.encode(doc, { disallowedSpecial: [] });
        expect(Buffer.from(wasm.decodeBytes(plain)).equals(doc)).toBe(true);
      }
    }
  });

  it("splits bytes as the lossy text splits, chunk for chunk, and valid bytes encode as their text", async () => {
    const random = rng(6);
    const { tokenizer } = await train([dirty(random, 3000)], { vocabSize: 400, pattern: "cl100k", minFrequency: 1 });
    const spec = { pattern: "o200k", byteIds: IDENTITY, merges: tokenizer.merges };
    for (const t of [new Tokenizer(spec), await new Tokenizer(spec).useEngine("wasm")]) {
      for (let i = 0; i < 30; i++) {
        const doc = dirty(random, 200);
        const ids = t.encode(doc);
        // chunk by chunk: the ids of each byte chunk, which decode (lossily) to the text's chunks
        const chunks = [...splitBytes(doc, resolvePattern("o200k").regex)];
        expect(chunks.map(decodeLossy)).toEqual([...splitChunks(decodeLossy(doc), PATTERNS.o200k.js)]);
        expect(chunks.flatMap((c) => t.encodeChunk(c))).toEqual(ids);
        const text = decodeLossy(doc).replaceAll("\ufffd", "?");
        expect(t.encode(utf8.encode(text))).toEqual(t.encode(text));
      }
    }
  });

  it("finds special tokens in bytes without decoding them", async () => {
    const spec = { pattern: "cl100k", byteIds: IDENTITY, merges: [], specialTokens: { "<|a|>": 300, "<|a|>b": 301, "\ufffd": 302 } };
    for (const t of [new Tokenizer(spec), await new Tokenizer(spec).useEngine("wasm")]) {
      const doc = Uint8Array.of(0xff, ...utf8.encode("<|a|>b<|a|>"), 0xe2, 0x82, ...utf8.encode("\ufffd"));
      expect(t.encode(doc, { allowedSpecial: "all" })).toEqual([0xff, 301, 300, 0xe2, 0x82, 302]); // longest first; only a real U+FFFD is the token
      expect(() => t.encode(doc)).toThrow(/special token "<\|a\|>b"/);
      expect(t.encode(Uint8Array.of(0xff, 0xfe), {})).toEqual([0xff, 0xfe]); // no token present: nothing disallowed
    }
  });

  it("gives tiktoken's ids for valid UTF-8 bytes (cl100k_base, o200k_base), with both engines", async () => {
    const texts = ["Hello, world! It's 2024.\n\n  ok", "\ufeffÜnïcödé 日本語 👋🏽 e\u0301 ABCdef ǅungla HTMLParser's", " \u00a0\u2028x\r\n\r\n/ //"];
    for (const [name, pattern] of [["cl100k_base", "cl100k"], ["o200k_base", "o200k"]] as const) {
      const json = require(`tiktoken/encoders/${name}.json`) as { bpe_ranks: string; special_tokens: Record<string, number> };
      const oracle = new Tiktoken(json.bpe_ranks, json.special_tokens, PATTERNS[pattern].tiktoken);
      for (const t of [await loadTokenizerFile(name), await (await loadTokenizerFile(name)).useEngine("wasm")]) {
        for (const text of texts) expect(t.encode(utf8.encode(text))).toEqual(Array.from(oracle.encode_ordinary(text)));
      }
      oracle.free();
    }
  }, 240_000);

  it("cuts long documents into segments only where every built-in pattern ends a chunk", async () => {
    const random = rng(13);
    const pieces = ["Word.", "x  ", "end", "ABC:", "'s", " 'S", "  ", "\n", "\n", "\n", "\r\n", "1234", "é", "a/b", "\u00a0", "Zed", "\t", "'", "...", "/"];
    let text = "";
    while (text.length < 200_000) text += pieces[Math.floor(random() * pieces.length)];
    const data = utf8.encode(text);
    for (const pattern of ["cl100k", "gpt2", "o200k"]) {
      const encoder = await WasmEncoder.create({ rule: "merges", pattern, byteIds: IDENTITY, merges: [], ranked: [] });
      const regex = resolvePattern(pattern).regex;
      const ends = (chunks: Iterable<Uint8Array>, from = 0) => Array.from(chunks, (c) => (from += c.length));
      const whole = ends(splitBytes(data, regex));
      const segments = [...encoder.segments(data, 64)];
      expect(segments.length).toBeGreaterThan(500);
      // each segment split alone (its end is an end of text) gives the chunks of the whole
      let at = 0;
      const pieced = segments.flatMap((segment) => {
        const e = ends(splitBytes(segment, regex), at);
        at += segment.length;
        return e;
      });
      expect(at).toBe(data.length);
      expect(pieced.length === whole.length && pieced.every((e, i) => e === whole[i]), pattern).toBe(true);
    }
  });

  it("encodes a multi-megabyte document in segments with the same ids as whole (every built-in pattern)", async () => {
    const random = rng(12);
    const lines = ["Word.", "x  ", "end", "ABC:", "'s", "  indented", "1234", "é", "\r", "", "a/b", "\u00a0x", "Zed"];
    let text = "";
    while (text.length < 1_300_000) text += lines[Math.floor(random() * lines.length)] + (random() < 0.5 ? "\n" : " ");
    const data = utf8.encode(text);
    const { tokenizer } = await train([text.slice(0, 200_000)], { vocabSize: 300, pattern: "cl100k" });
    for (const pattern of ["cl100k", "gpt2", "o200k"]) {
      const spec = { pattern, byteIds: IDENTITY, merges: tokenizer.merges };
      const wasm = await new Tokenizer(spec).useEngine("wasm");
      expect(wasm.encode(data), pattern).toEqual(new Tokenizer(spec).encode(data)); // the TS twin never cuts
    }
  }, 240_000);
});

describe("the command line", () => {
  it("encode --in FILE keeps invalid UTF-8: decode gives the file back", () => {
    const dir = tempDirSync("bytes");
    const file = join(dir, "random.txt");
    const data = randomBytes(rng(8), 5000);
    writeFileSync(file, data);
    for (const tokenizer of ["cl100k_base", "o200k_base"]) {
      const ids = execFileSync("node", [BIN, "encode", "--tokenizer", tokenizer, "--in", file]).toString().trim().split(" ");
      const back = execFileSync("node", [BIN, "decode", "--tokenizer", tokenizer, ...ids]);
      expect(Buffer.compare(back, Buffer.from(data))).toBe(0);
    }
    const out = execFileSync("node", [BIN, "train", file, "--vocab-size", "260", "--out", join(dir, "t.bpe")]).toString();
    expect(out).toContain(`invalid UTF-8: ${invalidUtf8(data)} bytes`);
    expect(readFileSync(join(dir, "t.bpe")).length).toBeGreaterThan(0);
  }, 120_000);
});
