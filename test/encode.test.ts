// The rank-based encoder: the WebAssembly core and its TypeScript twin give the same ids for every
// merge rule, pattern and input, and both follow tiktoken's byte_pair_merge (lowest rank first,
// leftmost on ties).
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { describe, expect, it } from "vitest";
import { sureChunkEnd } from "../src/encode-wasm.js";
import { train, Tokenizer } from "../src/index.js";
import { CC_MAIN, HAVE_SHARED, IDENTITY, randomBytes, rng } from "./helpers.js";

const enc = (s: string) => new TextEncoder().encode(s);
const ids = (s: string) => Array.from(enc(s));

/** The same tokenizer twice: one encoding with the TS twin, one with the wasm core. */
async function both(spec: ConstructorParameters<typeof Tokenizer>[0]): Promise<[Tokenizer, Tokenizer]> {
  return [new Tokenizer(spec), await new Tokenizer(spec).useEngine("wasm")];
}

describe("merging inside a chunk", () => {
  it("takes the lowest rank first and the leftmost pair on ties", async () => {
    // aa -> 256: "aaaaa" is aa aa a, never a aa aa
    for (const t of await both({ pattern: "none", byteIds: IDENTITY, merges: [{ left: 97, right: 97, id: 256, count: 0 }] })) {
      expect(t.encode(enc("aaaaa"))).toEqual([256, 256, 97]);
    }
    // bc (rank 0) beats ab (rank 1) even though ab is further left
    const merges = [
      { left: 98, right: 99, id: 256, count: 0 },
      { left: 97, right: 98, id: 257, count: 0 },
      { left: 257, right: 99, id: 258, count: 0 },
    ];
    for (const t of await both({ pattern: "none", byteIds: IDENTITY, merges })) {
      expect(t.encode(enc("abc"))).toEqual([97, 256]); // merges rule: (a, bc) is not a merge
      expect(t.encode(enc("abd"))).toEqual([257, 100]);
    }
    // the ranks rule (tiktoken): a + bc makes the token abc, so it merges, at abc's rank
    for (const t of await both({ pattern: "none", byteIds: IDENTITY, merges, mergeRule: "ranks" })) {
      expect(t.encode(enc("abc"))).toEqual([258]);
      expect(t.encode(enc("xabcx"))).toEqual([120, 258, 120]);
    }
  });

  it("turns a chunk that is a token into that token under the ranks rule, as tiktoken does", async () => {
    // "abc" is a token, but no two tokens make it, so merging alone never reaches it
    const tokens = [...Array.from({ length: 256 }, (_, b) => Uint8Array.of(b)), enc("abc")];
    for (const t of await both({ pattern: "gpt2", tokens })) {
      expect(t.encode("abc")).toEqual([256]);
      expect(t.encode("abcd")).toEqual(ids("abcd"));
      expect(t.encode("x abc")).toEqual(ids("x abc"));
    }
  });

  it("agrees between the engines on random bytes, text and long chunks of a trained tokenizer", async () => {
    const random = rng(5);
    const docs = Array.from({ length: 30 }, (_, i) => randomBytes(random, 100 + i * 40, i % 3 ? 256 : 5));
    const { tokenizer } = await train(docs, { vocabSize: 700, pattern: "none", minFrequency: 1 });
    const wasm = await new Tokenizer({ ...tokenizer, merges: tokenizer.merges, specialTokens: tokenizer.specialTokens }).useEngine("wasm");
    for (const doc of docs) expect(wasm.encode(doc)).toEqual(tokenizer.encode(doc));
    const long = randomBytes(random, 200_000, 5);
    expect(wasm.encode(long)).toEqual(tokenizer.encode(long));
    expect(wasm.decodeBytes(wasm.encode(long))).toEqual(long);
  });

  it("agrees between the engines with 70,000 merges (several loading batches) and a repeated pair", async () => {
    const random = rng(11);
    const merges = [{ left: 97, right: 98, id: 256, count: 0 }, { left: 97, right: 98, id: 256, count: 0 }]; // the second never applies
    for (let id = 257; merges.length < 70_000; id++) {
      const pick = () => (random() < 0.5 ? 97 + Math.floor(random() * 4) : 256 + Math.floor(random() * (id - 256)));
      merges.push({ left: pick(), right: pick(), id, count: 0 });
    }
    const [ts, wasm] = await both({ pattern: "none", byteIds: IDENTITY, merges });
    const texts = Array.from({ length: 50 }, () => randomBytes(random, 300, 4).map((b) => 97 + b));
    for (const text of texts) expect(wasm.encode(text)).toEqual(ts.encode(text));
  });

  it("caches repeated chunks without changing any id, across batches", async () => {
    const words = ["the", " cat", " sat", " on", " the", " mat", "!", "\n", " 123", " ünïcödé", " 👋🏽"];
    const random = rng(9);
    const texts = Array.from({ length: 500 }, () => Array.from({ length: 50 }, () => words[Math.floor(random() * words.length)]).join(""));
    const { tokenizer } = await train(texts, { vocabSize: 400, pattern: "cl100k", minFrequency: 1 });
    const wasm = await new Tokenizer({ ...tokenizer, merges: tokenizer.merges, specialTokens: tokenizer.specialTokens }).useEngine("wasm");
    const batch = wasm.encodeBatch(texts);
    texts.forEach((text, i) => {
      expect(batch[i]).toEqual(tokenizer.encode(text));
      expect(wasm.encode(text)).toEqual(batch[i]);
    });
  });
});

describe("a document read in blocks", () => {
  it("encodes as the whole document, wherever the blocks are cut, in both engines", async () => {
    const words = ["the", " cat", "\nsat", " on", "\n\n", "Mat", "!\n", "\nx", " 123", " ünïcödé", "\n👋🏽", "<|eot|>", "\r\n", "  "];
    const random = rng(11);
    const text = Array.from({ length: 4000 }, () => words[Math.floor(random() * words.length)]).join("");
    const bytes = enc(text);
    const { tokenizer } = await train([text], { vocabSize: 300, pattern: "none", minFrequency: 1 });
    for (const pattern of ["o200k", "cl100k", " ?[a-z]+"]) {
      const spec = { pattern, byteIds: IDENTITY, merges: tokenizer.merges, specialTokens: { "<|eot|>": 400 } };
      for (const t of await both(spec)) {
        const options = { allowedSpecial: "all" as const };
        const whole = t.encodeBytes(bytes, options);
        for (const size of [1, 7, 100, 4096, bytes.length]) {
          const blocks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
          const parts: number[] = [];
          for await (const part of t.encodeBytesBlocks(blocks, options)) parts.push(...part);
          expect(parts, `${pattern}, ${t.engine}, blocks of ${size}`).toEqual(whole);
          expect(await t.countTokensInBlocks(blocks, options)).toBe(whole.length);
        }
        await expect(t.countTokensInBlocks([bytes])).rejects.toThrow(/special token/);
      }
    }
  });

  it("a long text with no newline: the core encodes it a megabyte at a time, cut before spaces, with the ids of the whole", async () => {
    // letters, digits, contractions, punctuation, multi-byte letters and runs of spaces, no "\n"
    const words = ["the", " cat", " sat", " on", "Mat", "!", " 123", "4567", " 89", " ünïcödé", "'s", " it's", "  ", "   x", ",", " 👋🏽", "x2", " 2x", "\t", "DON'T", " ."];
    const random = rng(12);
    const text = Array.from({ length: 800_000 }, () => words[Math.floor(random() * words.length)]).join("");
    expect(text.length).toBeGreaterThan(2.5e6); // past a megabyte twice: cut at least twice
    expect(text.includes("\n")).toBe(false);
    const { tokenizer } = await train([text.slice(0, 50_000)], { vocabSize: 400, pattern: "none", minFrequency: 1 });
    for (const pattern of ["gpt2", "cl100k", "o200k"]) {
      const [ts, wasm] = await both({ pattern, byteIds: IDENTITY, merges: tokenizer.merges, specialTokens: {} });
      const want = ts.encode(text);
      expect(wasm.encode(text), pattern).toEqual(want);
      expect(Array.from(wasm.encodeBatchToArrays([text])[0]), pattern).toEqual(want);
      // every cut the rule finds (from 2,000 places) leaves the ids of the text around it unchanged
      const bytes = enc(text);
      for (let k = 0; k < 2000; k++) {
        const c = sureChunkEnd(bytes, 300 + Math.floor(random() * (bytes.length - 600)));
        if (c === -1 || c + 300 > bytes.length) continue;
        const around = bytes.subarray(c - 300, c + 300);
        expect([...ts.encodeBytes(around.subarray(0, 300)), ...ts.encodeBytes(around.subarray(300))], `${pattern}: cut at ${c}`).toEqual(ts.encodeBytes(around));
      }
    }
  }, 60_000);
});

describe("pre-tokenization in the batch encoder", () => {
  it("gives the same ids with a JS regex, the core's scanner, a custom pattern with gaps and pattern none", async () => {
    const text = "Hello, wörld! It's 2024 — 12345 apples\n\n  and  \u00a0 👋🏽 \ud800 café\r\nend   ";
    const { tokenizer } = await train([text.repeat(20)], { vocabSize: 350, pattern: "none", minFrequency: 1 });
    for (const pattern of ["none", "gpt2", "cl100k", "o200k", "\\p{L}+|[0-9]", " ?[a-z]+"]) {
      const [ts, wasm] = await both({ pattern, byteIds: IDENTITY, merges: tokenizer.merges });
      for (const t of [text, "", "x", "ASCII only: it's 42.", "\ud83d", text.repeat(3)]) {
        expect(wasm.encode(t), `${pattern}: ${JSON.stringify(t)}`).toEqual(ts.encode(t));
      }
    }
  });

  it("keeps documents apart in a batch: a chunk never spans two texts", async () => {
    const [ts, wasm] = await both({ pattern: "cl100k", byteIds: IDENTITY, merges: [{ left: 32, right: 32, id: 256, count: 0 }] });
    const texts = ["a ", " b", "", "  ", "c"];
    expect(wasm.encodeBatch(texts)).toEqual(texts.map((t) => ts.encode(t)));
    expect(wasm.encodeBatch(texts)).toEqual([[97, 32], [32, 98], [], [256], [99]]);
  });

  it("splits at allowed special tokens before pre-tokenizing, in both engines", async () => {
    const spec = { pattern: "cl100k", byteIds: IDENTITY, merges: [{ left: 32, right: 32, id: 256, count: 0 }], specialTokens: { "<|eot|>": 257 } };
    for (const t of await both(spec)) {
      expect(t.encode("a  <|eot|>  b", { allowedSpecial: "all" })).toEqual([97, 256, 257, 32, 32, 98]); // "  b" is " " then " b"
      expect(() => t.encode("a<|eot|>")).toThrow(/special token/);
      expect(t.encode("a<|eot|>", { disallowedSpecial: [] })).toEqual(ids("a<|eot|>"));
      expect(t.encode("fine")).toEqual(ids("fine")); // the failed call above left nothing behind
    }
  });
});

describe.skipIf(!HAVE_SHARED)("on FineWeb", () => {
  it("a tokenizer trained on FineWeb encodes FineWeb identically with both engines, and as training ended", async () => {
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(CC_MAIN), columns: ["text"], compressors, rowEnd: 200 });
    const docs = rows.map((r) => r.text as string);
    const { tokenizer, stats } = await train(docs, { vocabSize: 2000, pattern: "cl100k" });
    const wasm = await new Tokenizer({ ...tokenizer, merges: tokenizer.merges, specialTokens: tokenizer.specialTokens }).useEngine("wasm");
    const a = wasm.encodeBatch(docs);
    const b = tokenizer.encodeBatch(docs);
    expect(a).toEqual(b);
    expect(a.reduce((n, d) => n + d.length, 0)).toBe(stats.tokens);
  }, 60_000);
});
