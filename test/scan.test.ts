// The WebAssembly scanners for cl100k, gpt2 and o200k must cut exactly the chunks the (tiktoken-exact)
// JS regexes cut: on the pretokenize fixtures, on every FineWeb document in the shared data, on
// random strings of tricky characters, and on bytes that are not valid UTF-8 (split as TextDecoder's
// U+FFFD would be, chunks keeping the original bytes).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../src/engine.js";
import { wasmFlavor } from "../src/wasm.js";
import { caseRanges, decodeLossy, invalidUtf8, resolvePattern, splitBytes, splitChunks, unicodeRanges } from "../src/pretokenize.js";
import { scannerRanges, useScannerRanges } from "../src/scanner-classes.js";
import { HAVE_SHARED, SHARED, randomBytes, rng } from "./helpers.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/pretokenize/${name}`, import.meta.url), "utf8"));
const texts: string[] = [...fixture("cases.json").cases.map((c: { text: string }) => c.text), ...fixture("random.json").texts];
const PATTERNS = ["cl100k", "gpt2", "o200k"] as const;
const utf8 = new TextEncoder();

function expectSameChunks(engine: Engine, text: string): void {
  for (const pattern of PATTERNS) {
    const expected = [...splitChunks(text, resolvePattern(pattern).regex)].map((c) => decodeLossy(utf8.encode(c)));
    const got = engine.scanChunks!(text, pattern);
    if (got.length !== expected.length || got.some((c, i) => c !== expected[i])) {
      expect({ pattern, text, got }).toEqual({ pattern, text, got: expected });
    }
  }
}

/** Scanner == JS byte path (splitBytes) == the regex on TextDecoder's text, and the chunks are the bytes. */
function expectSameByteChunks(engine: Engine, data: Uint8Array): void {
  const text = decodeLossy(data);
  for (const pattern of PATTERNS) {
    const regex = resolvePattern(pattern).regex;
    const js = [...splitBytes(data, regex)];
    const wasm = engine.scanByteChunks!(data, pattern);
    const same = js.length === wasm.length && js.every((c, i) => Buffer.from(c).equals(wasm[i]));
    if (!same) expect({ pattern, data: Array.from(data), wasm: wasm.map((c) => Array.from(c)) }).toEqual({ pattern, data: Array.from(data), wasm: js.map((c) => Array.from(c)) });
    expect(Buffer.concat(js).equals(data)).toBe(true);
    // outside truth: each chunk decodes to the chunk the regex cuts from the lossy text
    expect(js.map(decodeLossy)).toEqual([...splitChunks(text, regex)]);
  }
}

/** Every parquet file under the shared FineWeb folder. */
function fineWebFiles(dir = join(SHARED, "fineweb")): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? fineWebFiles(path) : name.endsWith(".parquet") ? [path] : [];
  });
}

// Letters of every case class (Lu, Ll, Lt, Lm, Lo), marks, digits, white space, contractions, and
// characters whose UTF-8 is long: the alphabet of o200k's case rules as much as of cl100k's.
const ALPHABET = [
  ..."aZ0٣९²Ⅻ'’sStTllLLveVEreREſK \t\n\r\u000b\u000c\u0085\u00a0\u1680\u2000\u2028\u2029\u202f\u3000\ufeff\u180e!?.,;-_/\\\"()",
  ..."ǅᾈʰー中ªÀßΣσ\u0301\u0903\u20dd",
  "👋🏽", "👨‍👩‍👧", "🇫🇷", "e\u0301", "世界", "\ud800", "\udc00", "\r\n", "'S", "'ll", "'Ve", "\ufffd", "𝐀𝐚",
];

describe("wasm scanners equal the JS regexes", () => {
  it(`on the ${texts.length} pretokenize fixture texts`, async () => {
    const engine = await createEngine("wasm");
    for (const text of texts) expectSameChunks(engine, text);
  });

  it("on random strings of tricky characters (lone surrogates included)", async () => {
    const engine = await createEngine("wasm");
    const random = rng(11);
    for (let i = 0; i < 4000; i++) {
      const n = 1 + Math.floor(random() * 20);
      expectSameChunks(engine, Array.from({ length: n }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join(""));
    }
  });

  it("on random ASCII text (the fast path), with a non-ASCII character now and then (its fallback)", async () => {
    // Every ASCII byte can appear; the shapes the fast path decides (letter and digit runs, a space or
    // punctuation before letters, punctuation runs with newlines or slashes, white-space runs, the
    // contractions in any case) are drawn more often, and a rare non-ASCII character lands inside or
    // right after a chunk, where the fast path hands over to the exact scanner.
    const ASCII = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));
    const SHAPES = ["a", "Z", "x", "Q", "0", "7", " ", " ", "  ", "\t", "\n", "\r\n", "\r", "\u000b", "\u000c", "'", "'s", "'T", "'Re", "'vE", "'LL", "'d", "'m", ".", "/", "//", "-", "(", "_", "ABc", "abC"];
    const RARE = ["é", "\u00a0", "\u0085", "ſ", "ǅ", "\u0301", "中", "٣", "\u2028", "Σ"];
    const engine = await createEngine("wasm");
    const random = rng(29);
    const pick = (list: readonly string[]) => list[Math.floor(random() * list.length)];
    for (let i = 0; i < 6000; i++) {
      const n = 1 + Math.floor(random() * 24);
      const rare = i % 3 === 0 ? 0.05 : 0;
      const text = Array.from({ length: n }, () => {
        const r = random();
        return r < rare ? pick(RARE) : r < 0.3 ? pick(ASCII) : pick(SHAPES);
      }).join("");
      expectSameChunks(engine, text);
    }
  });

  it("on ASCII letter runs of every length up to 40 (read 8 bytes at a time), ended by each kind of byte or by the text", async () => {
    // the bytes just outside A-Z and a-z ('@', '[', '`', '{') are the edges of the word-at-a-time test
    const random = rng(41);
    const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const AFTER = ["", " ", "1", ".", "\n", "'s", "@", "[", "`", "{", "\u007f", "\u0000", "é", "ſ", "中", "\u00a0", "a\u0301"];
    const engine = await createEngine("wasm");
    // counted straight into chunk tables too (the split above is cut to the text by the host): a
    // chunk read on past the text's end would show there
    const tables = await Promise.all(PATTERNS.map(() => createEngine("wasm")));
    const expected = PATTERNS.map(() => new Map<string, number>());
    const count = (text: string) => {
      const data = utf8.encode(text);
      for (const [p, pattern] of PATTERNS.entries()) {
        tables[p].scanBytes!(data, pattern);
        for (const chunk of splitBytes(data, resolvePattern(pattern).regex)) {
          const key = Buffer.from(chunk).toString("latin1");
          expected[p].set(key, (expected[p].get(key) ?? 0) + 1);
        }
      }
    };
    for (let length = 1; length <= 40; length++) {
      for (const before of ["", " ", "(", "\t"]) {
        for (const after of AFTER) {
          const letters = Array.from({ length }, () => LETTERS[Math.floor(random() * LETTERS.length)]).join("");
          for (const text of [LETTERS.repeat(2), before + letters + after, `${before + letters + after} tail`]) {
            expectSameChunks(engine, text); // (the long letter run first: letters in memory after the next text, never to be read)
            count(text);
          }
        }
      }
    }
    for (const [p, table] of tables.entries()) {
      const got = new Map([...table.chunks()].map(([bytes, n]) => [Buffer.from(bytes).toString("latin1"), n]));
      expect(got, PATTERNS[p]).toEqual(expected[p]);
    }
  });

  it.skipIf(!HAVE_SHARED)("on every FineWeb document in the shared data (the Danish file included)", async () => {
    // the checked (debug) build is ~5x slower: there, the Danish file and one FineWeb sample
    const all = fineWebFiles();
    const files = wasmFlavor() === "debug" ? all.filter((f) => f.includes("danish") || f.includes("first1000")) : all;
    expect(files.some((f) => f.includes("danish"))).toBe(true);
    const engine = await createEngine("wasm");
    let documents = 0;
    for (const file of files) {
      const rows = await parquetReadObjects({ file: await asyncBufferFromFile(file), columns: ["text"], compressors });
      for (const row of rows) {
        const data = utf8.encode(row.text as string);
        for (const pattern of PATTERNS) {
          const got = engine.scanByteChunks!(data, pattern);
          const expected = [...splitBytes(data, resolvePattern(pattern).regex)];
          if (got.length !== expected.length || got.some((c, i) => !Buffer.from(c).equals(expected[i]))) {
            expect({ file, pattern, got: got.map(decodeLossy) }).toEqual({ file, pattern, got: expected.map(decodeLossy) });
          }
        }
        documents++;
      }
    }
    expect(documents).toBeGreaterThan(1000);
  }, 300_000);
});

describe("scanner ranges handed to a worker (scannerRanges, useScannerRanges)", () => {
  it("are the decoded tables, flat; an engine made after useScannerRanges loads the ones given", async () => {
    const own = scannerRanges();
    const { upper, lower } = caseRanges();
    expect([own.letter, own.number, own.space, own.upper, own.lower].map((r) => Array.from(r))).toEqual([unicodeRanges("L"), unicodeRanges("N"), unicodeRanges("White_Space"), upper, lower].map((r) => r.flat()));
    const given = structuredClone(own); // as a worker receives them in units-init
    try {
      // no letters given: the engine cuts as if there were none, so it loaded what it was given
      useScannerRanges({ ...given, letter: new Uint32Array(0) });
      expect((await createEngine("wasm")).scanChunks!("hello, world", "cl100k")).toEqual(["hello,", " world"]);
      useScannerRanges(given);
      const engine = await createEngine("wasm");
      expect(engine.scanChunks!("hello, world", "cl100k")).toEqual(["hello", ",", " world"]);
      for (const text of texts) expectSameChunks(engine, text);
    } finally {
      useScannerRanges(own);
    }
  });
});

describe("bytes that are not valid UTF-8", () => {
  // Each maximal invalid subsequence (TextDecoder's rule) is one U+FFFD for splitting.
  const INVALID = [
    [0x80], [0xbf], [0xc0], [0xc1, 0x80], [0xc2], [0xe0, 0x80], [0xe0, 0xa0], [0xed, 0xa0, 0x80], [0xef, 0xbf],
    [0xf0, 0x8f], [0xf0, 0x90, 0x80], [0xf4, 0x90], [0xf5], [0xff], [0xfe, 0xff], [0xe2, 0x82], [0xf0, 0x9f, 0x98],
  ];

  it("count as U+FFFD for splitting, keep their bytes, and are counted", async () => {
    const engine = await createEngine("wasm");
    const pieces = [...INVALID, ...["a", "Z", " ", "\n", "1", "'s", "é", "\u0301", "世", "😀", "x\u00a0", "ǅ", "'"].map((s) => [...utf8.encode(s)])];
    const random = rng(3);
    for (let i = 0; i < 3000; i++) {
      const parts = Array.from({ length: 1 + Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]);
      expectSameByteChunks(engine, Uint8Array.from(parts.flat()));
    }
    for (const bad of INVALID) expectSameByteChunks(engine, Uint8Array.from(bad)); // alone: ends inside a sequence
    expect(invalidUtf8(Uint8Array.from([0x61, 0xe2, 0x82, 0x62, 0xef, 0xbf, 0xbd, 0xff]))).toBe(3); // EF BF BD is a real U+FFFD
  });

  it("on random bytes", async () => {
    const engine = await createEngine("wasm");
    const random = rng(7);
    for (let i = 0; i < 300; i++) expectSameByteChunks(engine, randomBytes(random, 1 + Math.floor(random() * 300), i % 2 ? 256 : 0x100));
    for (let i = 0; i < 20; i++) {
      // mostly high bytes: long runs of invalid and valid multi-byte sequences
      expectSameByteChunks(engine, Uint8Array.from({ length: 2000 }, () => (random() < 0.7 ? 0x80 + Math.floor(random() * 0x80) : Math.floor(random() * 0x80))));
    }
  });

  it("never reads past the end of a buffer (a truncated sequence at the very end)", async () => {
    const engine = await createEngine("wasm");
    for (const tail of [[0xf0], [0xf0, 0x9f], [0xf0, 0x9f, 0x98], [0xe4, 0xb8], [0xc3]]) {
      const data = Uint8Array.from([...utf8.encode("word "), ...tail]);
      for (const pattern of PATTERNS) expect(engine.scanByteChunks!(data, pattern).map((c) => Array.from(c))).toEqual([[...utf8.encode("word")], [0x20, ...tail]].filter(() => pattern !== "gpt2" || true));
    }
  });
});
