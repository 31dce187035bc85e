// Pre-tokenization against tiktoken's own splits (fixtures from scripts/gen-pretokenize-fixtures.py).
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { describe, expect, it } from "vitest";
import { BytepairError } from "../src/errors.js";
import { ChunkSplitter, PATTERNS, PatternError, resolvePattern, splitBytes, splitChunks, UNICODE_TABLES } from "../src/pretokenize.js";
import { rng, SHARED } from "./helpers.js";

type Name = keyof typeof PATTERNS;
type Ranges = Array<[number, number]>;
const NAMES = Object.keys(PATTERNS) as Name[];
const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, "fixtures", "pretokenize");

const load = <T>(file: string): T => JSON.parse(readFileSync(join(FIXTURES, file), "utf8")) as T;
const unicode = load<{
  patterns: Record<Name, string>;
  ranges: Record<string, Ranges>;
  compact: Record<string, string>;
  caseFolds: Record<string, string[]>;
}>("unicode.json");
const cases = load<{ cases: Array<{ text: string; chunks: Record<Name, string[]> }> }>("cases.json").cases;
const random = load<{ texts: string[]; lengths: Record<Name, string[]> }>("random.json");
const fineweb = load<{ file: string; docs: Array<{ row: number; sha256: string; lengths: Record<Name, string> }> }>("fineweb.json");

/** Chunk lengths in UTF-16 code units, as the fixtures store them: base-36 digits, "(..)" from 36 up. */
function decodeLengths(encoded: string): number[] {
  return [...encoded.matchAll(/\(([0-9a-z]+)\)|[0-9a-z]/g)].map((m) => parseInt(m[1] ?? m[0], 36));
}

function cutByLengths(text: string, lengths: number[]): string[] {
  let at = 0;
  return lengths.map((n) => text.slice(at, (at += n)));
}

const split = (text: string, name: Name): string[] => [...splitChunks(text, PATTERNS[name].js)];

function streamed(text: string, regex: RegExp | null, cuts: number[]): string[] {
  const splitter = new ChunkSplitter(regex);
  const chunks: string[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    chunks.push(...splitter.push(text.slice(from, cut)));
    from = cut;
  }
  chunks.push(...splitter.push(text.slice(from)), ...splitter.end());
  return chunks;
}

const randomCuts = (length: number, count: number, next: () => number): number[] =>
  Array.from({ length: count }, () => Math.floor(next() * (length + 1)));

describe("patterns", () => {
  it("keep tiktoken's pattern strings", () => {
    for (const name of NAMES) expect(PATTERNS[name].tiktoken).toBe(unicode.patterns[name]);
  });

  it("stay under V8's 20 KiB limit for optimizing a regex (4x slower past it)", () => {
    for (const name of NAMES) expect(PATTERNS[name].js.source.length, name).toBeLessThan(20 * 1024);
  });

  it("use tiktoken's Unicode tables", () => {
    expect(UNICODE_TABLES).toEqual(unicode.compact);
  });

  it("classify the code points around every table boundary as tiktoken does", () => {
    const has = (cls: string, c: number) => unicode.ranges[cls]!.some(([s, e]) => s <= c && c <= e);
    const probes = new Set<number>();
    for (const ranges of Object.values(unicode.ranges))
      for (const [s, e] of ranges) for (const c of [s - 1, s, e, e + 1]) probes.add(c);
    for (const c of probes) {
      if (c < 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) continue;
      const ch = String.fromCodePoint(c);
      const letter = has("L", c);
      const mark = has("M", c);
      const digit = has("N", c);
      const space = has("White_Space", c);
      const upper = (letter || mark) && !has("Ll", c); // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
      const lower = (letter || mark) && !has("LuLt", c); // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
      const other = !letter && !digit && !space;
      const where = `U+${c.toString(16)}`;
      expect(split("x" + ch, "gpt2").length === 1, `${where} letter`).toBe(letter);
      expect(split("1" + ch, "gpt2").length === 1, `${where} digit`).toBe(digit);
      expect(split("!" + ch, "gpt2").length === 1, `${where} other`).toBe(other);
      expect(split("a" + ch, "o200k").length === 1, `${where} lower`).toBe(lower);
      const prefix = !letter && !digit && c !== 10 && c !== 13; // [^\r\n\p{L}\p{N}]
      expect(split(ch + "Bb", "o200k").length === 1, `${where} upper`).toBe(upper || prefix);
    }
  });

  it("fold the contractions' case as tiktoken does (simple case folding: 'ſ counts, 'K does not exist)", () => {
    for (const [letter, folds] of Object.entries(unicode.caseFolds)) {
      for (const f of folds) {
        if ("sdmt".includes(letter)) expect(split(`x'${f}`, "cl100k"), f).toEqual(["x", `'${f}`]);
        if ("sdmt".includes(letter)) expect(split(`x'${f}`, "o200k"), f).toEqual([`x'${f}`]);
      }
    }
    expect(split("x'\u212a", "o200k")).toEqual(["x", "'\u212a"]);
  });
});

describe.each(NAMES)("%s splits as tiktoken", (name) => {
  it(`on ${cases.length} adversarial strings`, () => {
    for (const { text, chunks } of cases) {
      expect(split(text, name), JSON.stringify(text)).toEqual(chunks[name]);
      expect(split(text, name).join("")).toBe(text);
    }
  });

  it(`on ${random.texts.length} random strings`, () => {
    random.texts.forEach((text, i) => {
      const expected = cutByLengths(text, decodeLengths(random.lengths[name][i]!));
      expect(expected.join("")).toBe(text);
      expect(split(text, name), JSON.stringify(text)).toEqual(expected);
    });
  });

  it("when the adversarial strings arrive cut at every point, or one code unit at a time", () => {
    const regex = PATTERNS[name].js;
    for (const { text, chunks } of cases) {
      for (let cut = 0; cut <= text.length; cut++) expect(streamed(text, regex, [cut]), `${JSON.stringify(text)} @${cut}`).toEqual(chunks[name]);
      const everyUnit = Array.from({ length: text.length }, (_, i) => i);
      expect(streamed(text, regex, everyUnit), JSON.stringify(text)).toEqual(chunks[name]);
    }
  });

  it("when the random strings arrive in random pieces", () => {
    const next = rng(7);
    const regex = PATTERNS[name].js;
    for (const text of random.texts) {
      const whole = split(text, name);
      for (let round = 0; round < 3; round++) {
        const cuts = randomCuts(text.length, 1 + Math.floor(next() * 6), next);
        expect(streamed(text, regex, cuts), `${JSON.stringify(text)} cut at ${cuts}`).toEqual(whole);
      }
    }
  });
});

const finewebPath = join(SHARED, fineweb.file);
const haveFineweb = existsSync(finewebPath);
if (!haveFineweb) console.warn(`pretokenize: skipping the FineWeb fixtures: ${finewebPath} is absent`);

describe.skipIf(!haveFineweb)(`FineWeb (first ${fineweb.docs.length} rows of ${fineweb.file})`, () => {
  let docs: string[] = [];

  it("reads the documents the fixtures were made from", async () => {
    const file = await asyncBufferFromFile(finewebPath);
    const rows = await parquetReadObjects({ file, columns: ["text"], rowEnd: fineweb.docs.length, compressors });
    docs = rows.map((row) => String(row.text));
    for (const [i, doc] of fineweb.docs.entries()) {
      expect(createHash("sha256").update(docs[doc.row]!, "utf8").digest("hex"), `row ${doc.row}`).toBe(doc.sha256);
    }
  });

  it.each(NAMES)("%s splits each document as tiktoken, whole and in pieces", (name) => {
    expect(docs.length).toBe(fineweb.docs.length);
    const next = rng(11);
    for (const doc of fineweb.docs) {
      const text = docs[doc.row]!;
      const expected = cutByLengths(text, decodeLengths(doc.lengths[name]));
      expect(expected.join("")).toBe(text);
      const chunks = split(text, name);
      expect(chunks, `row ${doc.row}`).toEqual(expected);
      const cuts = randomCuts(text.length, 1 + Math.floor(next() * 40), next);
      expect(streamed(text, PATTERNS[name].js, cuts), `row ${doc.row} cut at ${cuts}`).toEqual(expected);
    }
  });
});

describe("lone surrogates", () => {
  const next = rng(3);
  const alphabet = ["a", "Z", " ", "\n", "1", "!", "'s", "\ud800", "\udbff", "\udc00", "\udfff", "\ud83d\ude00", "\u0301", "\u00a0"];
  const texts = Array.from({ length: 500 }, () =>
    Array.from({ length: 1 + Math.floor(next() * 20) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(""),
  );
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

  it.each(NAMES)("%s: no throw, chunks rebuild the text and cut it as tiktoken cuts U+FFFD", (name) => {
    for (const text of texts) {
      const chunks = split(text, name);
      expect(chunks.join("")).toBe(text);
      // tiktoken replaces a lone surrogate by U+FFFD (one code unit too): same cuts.
      const replaced = split(text.replace(lone, "\ufffd"), name).map((c) => c.length);
      expect(chunks.map((c) => c.length), JSON.stringify(text)).toEqual(replaced);
    }
  });

  it.each(NAMES)("%s: a surrogate pair cut between pieces still splits as one character", (name) => {
    const text = "ab \ud83d\ude00\ud83d\ude00x \ud835\udc00\ud835\udc1aBC";
    const whole = split(text, name);
    for (let cut = 0; cut <= text.length; cut++) expect(streamed(text, PATTERNS[name].js, [cut]), `@${cut}`).toEqual(whole);
    for (const t of texts) expect(streamed(t, PATTERNS[name].js, randomCuts(t.length, 4, next))).toEqual(split(t, name));
  });
});

describe("resolvePattern", () => {
  it("resolves the built-in names, tiktoken's names and tiktoken's pattern strings", () => {
    for (const name of NAMES) {
      expect(resolvePattern(name)).toEqual({ name, source: PATTERNS[name].tiktoken, regex: PATTERNS[name].js });
      expect(resolvePattern(PATTERNS[name].tiktoken).name).toBe(name);
    }
    expect(resolvePattern("cl100k_base").name).toBe("cl100k");
    expect(resolvePattern("o200k_base").name).toBe("o200k");
    expect(resolvePattern("r50k_base").name).toBe("gpt2");
  });

  it("none keeps the whole document as one chunk", () => {
    const { name, regex } = resolvePattern("none");
    expect(name).toBe("none");
    expect(regex).toBeNull();
    expect([...splitChunks("a b\nc", regex)]).toEqual(["a b\nc"]);
    expect([...splitChunks("", regex)]).toEqual([]);
    expect(streamed("a b\nc", regex, [1, 3])).toEqual(["a b\nc"]);
    expect(streamed("", regex, [])).toEqual([]);
  });

  it("compiles a custom JavaScript regex and never drops text: gaps are chunks (HuggingFace's Split, isolated)", () => {
    const { name, source, regex } = resolvePattern(String.raw`\p{L}+|\d+`);
    expect({ name, source }).toEqual({ name: "custom", source: String.raw`\p{L}+|\d+` });
    // expected values from tokenizers 0.22: Split(Regex(r"\p{L}+|\d+"), "isolated").pre_tokenize_str(...)
    expect([...splitChunks("héllo, wörld 42!", regex)]).toEqual(["héllo", ", ", "wörld", " ", "42", "!"]);
    const text = "one, two 3 four! ".repeat(100);
    const whole = [...splitChunks(text, regex)];
    expect(whole.join("")).toBe(text);
    expect(streamed(text, regex, [5, 77, 400, 1001])).toEqual(whole);
    expect([...splitChunks("aXbX", /X*/)]).toEqual(["a", "X", "b", "X"]); // empty matches are skipped; HF gives the same
    const bytes = Uint8Array.of(0x68, 0xff, 0x69, 0x2c, 0x20, 0xc3, 0xa9, 0xe2, 0x82); // h \xff i , space é, a cut-off €
    expect([...splitBytes(bytes, regex)].map((c) => Array.from(c))).toEqual([[0x68], [0xff], [0x69], [0x2c, 0x20], [0xc3, 0xa9], [0xe2, 0x82]]);
  });

  it("rejects a regex JavaScript cannot compile with one clear sentence", () => {
    expect(() => resolvePattern("(?i:'s)|\\p{L}++")).toThrow(/^The pattern "\(\?i:'s\)\|\\\\p\{L\}\+\+" is not gpt2, cl100k, o200k, none or a valid JavaScript regular expression \(.+\)\.$/);
    expect(() => resolvePattern("[a-")).toThrow(/not gpt2, cl100k, o200k, none or a valid JavaScript regular expression/);
    expect(() => resolvePattern("")).toThrow(/it is empty/);
    expect(resolvePattern("constructor").name).toBe("custom");
    // a usage error: a BytepairError the CLI can tell from bad input (exit 2)
    const error = (() => { try { resolvePattern("[a-"); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(PatternError);
    expect(error).toBeInstanceOf(BytepairError);
    expect((error as PatternError).code).toBe("ERR_USAGE");
  });
});
