// GPT-4 (cl100k_base) and GPT-4o (o200k_base): ids identical to tiktoken's on every FineWeb document
// in ../shared/data and on adversarial Unicode, with both encoders. The oracle is the `tiktoken` npm
// package (the Rust core compiled to wasm) given the same vocabulary and Python tiktoken's current
// patterns (the npm package's own copies of the patterns are older ones).
import { createRequire } from "node:module";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { beforeAll, describe, expect, it } from "vitest";
import { loadTokenizerFile } from "../src/node/tokenizers.js";
import { PATTERNS } from "../src/pretokenize.js";
import type { Tokenizer } from "../src/tokenizer.js";
import { CC_MAIN, DEDUP, HAVE_SHARED, rng, SHARED } from "./helpers.js";

const require = createRequire(import.meta.url);
const { Tiktoken } = require("tiktoken") as typeof import("tiktoken");
type Oracle = InstanceType<typeof Tiktoken>;

const DANISH = `${SHARED}fineweb/fineweb-c-danish/finewebC_danish.parquet`;
const ENCODINGS = [
  { name: "cl100k_base", pattern: "cl100k", nVocab: 100277, vocabSize: 100261 },
  { name: "o200k_base", pattern: "o200k", nVocab: 200019, vocabSize: 200000 },
] as const;

function oracleFor(name: "cl100k_base" | "o200k_base", pattern: "cl100k" | "o200k"): Oracle {
  const json = require(`tiktoken/encoders/${name}.json`) as { bpe_ranks: string; special_tokens: Record<string, number> };
  return new Tiktoken(json.bpe_ranks, json.special_tokens, PATTERNS[pattern].tiktoken);
}

async function fineweb(): Promise<string[]> {
  const docs: string[] = [];
  for (const file of [DEDUP, CC_MAIN, DANISH]) {
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(file), columns: ["text"], compressors });
    for (const row of rows) docs.push(row.text as string);
  }
  return docs;
}

/** Texts that stress pre-tokenization and merging. */
function adversarial(): string[] {
  const whitespace = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, ...Array.from({ length: 11 }, (_, i) => 0x2000 + i), 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0x180e, 0x200b, 0xfeff];
  const digits = [0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xe50, 0xed0, 0xf20, 0x1040, 0x17e0, 0x1810, 0xff10, 0x1d7ce, 0x2160, 0xbc, 0x2460];
  const texts = [
    "Hello, world! How's it going? I'M FINE, THEY'RE 'S 'ſ 'LL we'Ve",
    "Ünïcödé naïve café résumé — “quotes” ‘single’ «guillemets» „low“",
    "日本語のテキスト、中文文本，한국어 텍스트. Ελληνικά Русский עברית العربية हिन्दी ไทย",
    "e\u0301 a\u0300\u0301\u0302 n\u0303\u0303\u0303 \u0301start Z\u0351\u0352\u0353\u0354\u0355\u0356a\u0300lgo",
    "👋🏽 👨‍👩‍👧‍👦 🏳️‍🌈 🇩🇰🇺🇸 ❤️ 1️⃣ 🧑🏿‍🚀 👩🏻‍❤️‍💋‍👨🏾",
    "lone \ud800 high, lone \udc00 low, \udbff\udfff pair, \ud83d alone at end \ud83d",
    "\ud800\ud800\udc00\udc00 mixed \uffff \ufffe \ufffd \u0000\u0001\u001f\u007f",
    whitespace.map((c) => `a${String.fromCodePoint(c)}b${String.fromCodePoint(c, c)}c`).join(""),
    whitespace.map((c) => String.fromCodePoint(c)).join("") + "x" + whitespace.map((c) => String.fromCodePoint(c)).join(""),
    " \n \r\n\r\n  \n\n\n   x  \t\t\n  y \n ",
    "trailing spaces   ",
    "trailing newlines\n\n",
    digits.map((d) => String.fromCodePoint(d, d + 1, d + 2, d + 3, d + 4)).join(" ") + " 1234567890 ١٢٣٤٥٦٧",
    "3.14159 1,000,000 12:30pm $100.00 -42 +7e-10 0x1F 1st 2nd 3rd",
    "code: for (let i = 0; i < n; i++) { x[i] = y?.z ?? 0; } // done\n\tif (a && b) return;\n",
    "URLs https://example.com/a/b?c=d&e=f#g and emails someone@example.org //// ////x",
    "<|endoftext|> looks special but is text here <|fim_prefix|>",
    "a".repeat(3000) + " " + "ab".repeat(1000) + " " + " ".repeat(2000) + "\n".repeat(500) + "1".repeat(999) + "!".repeat(777),
    "ſſſ KELVIN \u212a İstanbul ﬁ ﬂ ẞ ß ǅ ǈ ᾈ Ⅻ ⅻ",
  ];
  const random = rng(7);
  const pools = [
    [0x20, 0x7e],
    [0xa0, 0x24f],
    [0x300, 0x36f],
    [0x370, 0x3ff],
    [0x400, 0x4ff],
    [0x590, 0x6ff],
    [0x900, 0x97f],
    [0x3040, 0x30ff],
    [0x4e00, 0x4e80],
    [0xac00, 0xac80],
    [0x1f300, 0x1f6ff],
    [0x2000, 0x206f],
    [0xd800, 0xdfff],
    [0xfff0, 0xffff],
    [0x1d400, 0x1d4ff],
  ];
  for (let t = 0; t < 200; t++) {
    let s = "";
    const n = 1 + Math.floor(random() * 120);
    for (let i = 0; i < n; i++) {
      const [lo, hi] = random() < 0.4 ? pools[0] : pools[Math.floor(random() * pools.length)];
      const c = lo + Math.floor(random() * (hi - lo + 1));
      s += c >= 0xd800 && c <= 0xdfff ? String.fromCharCode(c) : String.fromCodePoint(c);
      if (random() < 0.15) s += [" ", "  ", "\n", "'s", "'LL", "\r\n", "\t"][Math.floor(random() * 7)];
    }
    texts.push(s);
  }
  return texts;
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.prototype.every.call(a, (x: number, i: number) => x === b[i]);

/** Index of the first text whose ids differ (for a short failure message), or -1. */
function firstMismatch(texts: string[], got: ArrayLike<number>[], want: ArrayLike<number>[]): string | null {
  for (let i = 0; i < texts.length; i++) {
    if (!same(got[i], want[i])) return `text ${i} (${JSON.stringify(texts[i].slice(0, 80))}): ${Array.from(got[i]).slice(0, 12)} vs ${Array.from(want[i]).slice(0, 12)}`;
  }
  return null;
}

describe.skipIf(!HAVE_SHARED).each(ENCODINGS)("$name", ({ name, pattern, nVocab, vocabSize }) => {
  let ts: Tokenizer;
  let wasm: Tokenizer;
  let oracle: Oracle;

  beforeAll(async () => {
    ts = await loadTokenizerFile(name);
    wasm = await (await loadTokenizerFile(name)).useEngine("wasm");
    oracle = oracleFor(name, pattern);
  });

  it(`loads from ${name}.tiktoken.gz with its pattern and special tokens (n_vocab ${nVocab})`, () => {
    expect(ts.nVocab).toBe(nVocab);
    expect(ts.vocabSize).toBe(vocabSize);
    expect(ts.pattern).toBe(pattern);
    expect(ts.mergeRule).toBe("ranks");
    expect(ts.specialTokens.get("<|endoftext|>")).toBe(name === "cl100k_base" ? 100257 : 199999);
    expect(ts.specialTokens.get("<|endofprompt|>")).toBe(name === "cl100k_base" ? 100276 : 200018);
  });

  it("gives tiktoken's ids on adversarial Unicode, with both encoders", () => {
    const texts = adversarial();
    const want = texts.map((t) => oracle.encode_ordinary(t));
    expect(firstMismatch(texts, wasm.encodeBatch(texts, { disallowedSpecial: [] }), want)).toBeNull();
    expect(firstMismatch(texts, ts.encodeBatch(texts, { disallowedSpecial: [] }), want)).toBeNull();
    for (const t of texts) expect(wasm.encodeOrdinary(t)).toEqual(Array.from(oracle.encode_ordinary(t)));
  });

  it("gives tiktoken's ids on every FineWeb document in ../shared/data (26.6 MB), with both encoders", async () => {
    const docs = await fineweb();
    expect(docs.length).toBe(4800);
    const want = docs.map((d) => oracle.encode_ordinary(d));
    expect(firstMismatch(docs, wasm.encodeBatchToArrays(docs, { disallowedSpecial: [] }), want)).toBeNull();
    expect(firstMismatch(docs, ts.encodeBatchToArrays(docs, { disallowedSpecial: [] }), want)).toBeNull();
  }, 180_000);

  it("treats special tokens as tiktoken does: disallowed by default, allowed on request, or plain text", () => {
    const text = "a <|endoftext|> b <|endofprompt|>c";
    for (const t of [ts, wasm]) {
      expect(() => t.encode(text)).toThrow(/special token "<\|endoftext\|>"/);
      expect(() => t.encode(text, { allowedSpecial: ["<|endoftext|>"] })).toThrow(/"<\|endofprompt\|>"/);
      expect(t.encode(text, { allowedSpecial: "all" })).toEqual(Array.from(oracle.encode(text, "all")));
      expect(t.encode(text, { allowedSpecial: ["<|endoftext|>"], disallowedSpecial: [] })).toEqual(Array.from(oracle.encode(text, ["<|endoftext|>"], [])));
      expect(t.encode(text, { disallowedSpecial: [] })).toEqual(Array.from(oracle.encode_ordinary(text)));
      expect(t.encodeOrdinary(text)).toEqual(Array.from(oracle.encode_ordinary(text)));
      expect(() => t.encode("x", { allowedSpecial: ["<|nope|>"] })).toThrow(/not a special token/);
    }
  });

  it("decodes to bytes and text, including tokens that are not whole characters", () => {
    const text = "Grüße 👋🏽 日本語 \ud800";
    const ids = wasm.encode(text);
    expect(wasm.decode(ids)).toBe(text.replace("\ud800", "\ufffd"));
    expect(wasm.decodeBytes(ids)).toEqual(oracle.decode(Uint32Array.from(ids)));
    const partial = ids.filter((id) => new TextDecoder().decode(wasm.tokenBytes(id)).includes("\ufffd"));
    expect(partial.length).toBeGreaterThan(0); // the emoji's bytes are split across tokens
    expect(wasm.decode(wasm.encode("<|endoftext|>", { allowedSpecial: "all" }))).toBe("<|endoftext|>");
  });

  it("encodes a 1 MB run of one character without quadratic blow-up, both encoders agreeing", () => {
    for (const c of ["a", " ", "7", "\n", "👍"]) {
      const run = c.repeat(c === "👍" ? 250_000 : 1_000_000);
      const start = performance.now();
      const ids = wasm.encode(run);
      expect(performance.now() - start).toBeLessThan(30_000); // quadratic would take minutes
      expect(ts.encode(run)).toEqual(ids);
      expect(wasm.decode(ids)).toBe(run);
      const small = c.repeat(5000);
      expect(wasm.encode(small)).toEqual(Array.from(oracle.encode_ordinary(small)));
    }
  }, 120_000);
});

describe("reading .tiktoken files", () => {
  it("parses bytes in one pass as the line-by-line reader does, and leaves odd files to it", async () => {
    const { parseTiktokenPacked, parseTiktokenRanks, unpackTokens, loadTiktoken } = await import("../src/formats/tiktoken.js");
    const random = rng(5);
    const tokens = Array.from({ length: 300 }, (_, id) => (id < 256 ? Uint8Array.of(id) : Uint8Array.from({ length: 1 + Math.floor(random() * 9) }, () => Math.floor(random() * 256))));
    const b64 = (t: Uint8Array) => Buffer.from(t).toString("base64");
    const lines = tokens.map((t, id) => `${b64(t)} ${id}`).filter((_, id) => id !== 280); // a gap at 280
    const plain = new TextEncoder().encode(lines.join("\n") + "\n");
    const crlf = new TextEncoder().encode(lines.join("\r\n"));
    const expected = parseTiktokenRanks(lines.join("\n"));
    for (const data of [plain, crlf]) expect(unpackTokens(parseTiktokenPacked(data)!)).toEqual(expected);
    // out of order, spaces, bad base64, a rank twice: the careful reader's result or its error
    const swapped = [lines[1], lines[0], ...lines.slice(2)].join("\n");
    expect(parseTiktokenPacked(new TextEncoder().encode(swapped))).toBeUndefined();
    expect(parseTiktokenRanks(new TextEncoder().encode(swapped))).toEqual(expected);
    expect(parseTiktokenRanks(new TextEncoder().encode(` ${lines.join("\n")}`))).toEqual(expected);
    expect(() => parseTiktokenRanks(new TextEncoder().encode(`${lines.join("\n")}\nA=== 400`))).toThrow(/:300: "A===" is not base64/);
    expect(() => parseTiktokenRanks(new TextEncoder().encode(`${lines.join("\n")}\nAAAA 5`))).toThrow(/:300: rank 5 appears twice/);
    // a tokenizer from bytes or from text is the same tokenizer
    const side = { pat_str: "cl100k", special_tokens: {} };
    const fromBytes = loadTiktoken(plain, side);
    const fromText = loadTiktoken(swapped, side);
    expect(fromBytes.vocab).toEqual(fromText.vocab);
    expect([fromBytes.vocabSize, fromBytes.nVocab]).toEqual([fromText.vocabSize, fromText.nVocab]);
    const text = "the quick brown fox, 12345 ünïcödé";
    expect((await fromBytes.useEngine("wasm")).encode(text)).toEqual(fromText.encode(text));
  });
});
