// bytepair eval: every metric against values worked out by hand on small inputs, the word counter
// against Intl.Segmenter, token counts against Python tiktoken on FineWeb (a committed fixture made
// by scripts/gen-eval-fixture.py), and the command line (table, --json contract, --by, errors).
import { readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate, metrics, renyiEfficiency, type EvalRow } from "../src/eval.js";
import { evalChart } from "../src/eval-chart.js";
import { saveNative } from "../src/formats/native.js";
import { loadTokenizerFile } from "../src/node/tokenizers.js";
import { readRows } from "../src/node/sources.js";
import { Tokenizer } from "../src/tokenizer.js";
import { WordCounter } from "../src/words.js";
import { HAVE_SHARED, IDENTITY, SHARED, rng, tempDir } from "./helpers.js";
import { runCli } from "./helpers-cli.js";

const FIXTURE = JSON.parse(readFileSync(new URL("./fixtures/eval/tiktoken-counts.json", import.meta.url), "utf8")) as {
  files: { path: string; documents: number; bytes: number[]; chars: number[]; cl100k_base: number[]; o200k_base: number[] }[];
};

/** Bytes, and one merge: "a" "a" -> 256. */
const aa = () => new Tokenizer({ pattern: "none", byteIds: IDENTITY, merges: [{ left: 97, right: 97, id: 256, count: 0 }] });
const bytesOnly = () => new Tokenizer({ pattern: "none", byteIds: IDENTITY, merges: [] });

describe("words: Intl.Segmenter's word-like segments, fast", () => {
  const segmenter = new Intl.Segmenter("en", { granularity: "word" });
  const reference = (s: string) => [...segmenter.segment(s)].filter((x) => x.isWordLike).length;
  const counter = new WordCounter();

  it("counts by hand", () => {
    // can't | stop | 3.14 | rock_n_roll  (apostrophe and '.' join letters and digits; '_' joins anything)
    expect(counter.count("can't stop: 3.14, rock_n_roll!")).toBe(4);
    expect(counter.count("a.b 1.a __ _ ' -- e.g.")).toBe(5); // a.b | 1 | a | __ | e.g
    expect(counter.count("Hej, verden! Æbler og blåbær.")).toBe(5);
    expect(counter.count("")).toBe(0);
    expect(counter.count(" \n\t ")).toBe(0);
  });

  it("equals Intl.Segmenter on 30,000 random strings of the characters the rules care about", () => {
    // ASCII classes, then the fast path's table (letters, quotes, dashes, ·), then characters it leaves to the segmenter
    const ascii = ["a", "Z", "7", ".", "'", ":", ",", ";", "_", " ", "\n", "\r", "\t", '"', "-"];
    const table = ["é", "Æ", "ø", "ſ", "ª", "·", "’", "‘", "“", "–", "…", "\u00a0", "×", "©", "«", "€"];
    const other = ["\u0301", "日", "\u200d", "👋", "\u00ad", "א", "\u3000", "²", "\u0085", "ƀ", "\u2007", "﹒", "٣"];
    const random = rng(15);
    for (let k = 0; k < 30_000; k++) {
      const pool = k % 3 === 0 ? ascii : k % 3 === 1 ? [...ascii, ...table] : [...ascii, ...table, ...other];
      const s = Array.from({ length: 1 + Math.floor(random() * 14) }, () => pool[Math.floor(random() * pool.length)]).join("");
      expect(counter.count(s), JSON.stringify(s)).toBe(reference(s));
    }
  });

  it.skipIf(!HAVE_SHARED)("equals Intl.Segmenter on 60 FineWeb documents, English and Danish", async () => {
    // Intl.Segmenter is slow on long strings (Node 20: 0.6 MB/s), so the reference runs line by line:
    // UAX #29 always breaks before and after a line feed (WB3a, WB3b)
    const byLines = (s: string) => s.split("\n").reduce((n, line) => n + reference(line), 0);
    for (const file of FIXTURE.files) {
      let n = 0;
      for await (const row of readRows([join(SHARED, file.path)], { rows: 30 })) {
        expect(counter.count(row.text as string), `${file.path} #${n++}`).toBe(byLines(row.text as string));
      }
    }
  });
});

describe("metrics, worked out by hand", () => {
  it("one group: bytes, chars, words, tokens, ratios, vocabulary use, Rényi efficiency", async () => {
    // "aaab" -> [aa, a, b], "ab" -> [a, b]: 5 tokens; ids aa:1, a:2, b:2 (p = .2, .4, .4); n_vocab 257
    const { rows } = await evaluate([{ name: "aa", tokenizer: aa() }], [
      { group: "g", text: "aaab" },
      { group: "g", text: "ab" },
    ]);
    const h = Math.log(0.2 ** 2.5 + 2 * 0.4 ** 2.5) / (1 - 2.5);
    expect(rows).toHaveLength(1);
    const r = rows[0];
    expect({ ...r, renyiEfficiency: 0, vocabUnused: 0 }).toEqual({
      tokenizer: "aa",
      input: "g",
      bytes: 6,
      chars: 6,
      words: 2,
      tokens: 5,
      bytesPerToken: 6 / 5,
      charsPerToken: 6 / 5,
      tokensPerWord: 5 / 2,
      vocabSize: 257,
      vocabUsed: 3,
      vocabUnused: 0,
      renyiEfficiency: 0,
      tokenRatio: 1,
    });
    expect(r.vocabUnused).toBeCloseTo(254 / 257, 12);
    expect(r.renyiEfficiency).toBeCloseTo(h / Math.log(257), 12);
    expect(r.renyiEfficiency).toBeCloseTo(0.181759, 5); // the same, as a number
  });

  it("groups, multi-byte text, and the token ratio to the first tokenizer", async () => {
    const docs = [
      { group: "en", text: "aaab ab" }, // 7 bytes, 2 words
      { group: "da", text: "blåbær" }, // 8 bytes, 6 chars, 1 word
      { group: "en", text: new TextEncoder().encode("aa") }, // bytes are fine too
    ];
    const { rows } = await evaluate(
      [
        { name: "aa", tokenizer: aa() },
        { name: "bytes", tokenizer: bytesOnly() },
      ],
      docs,
      { groupKey: "group" },
    );
    const pick = (t: string, g: string) => rows.find((r) => r.tokenizer === t && r.group === g)!;
    expect(rows.map((r) => `${r.tokenizer}/${r.group}`)).toEqual(["aa/en", "aa/da", "bytes/en", "bytes/da"]);
    expect(rows.every((r) => !("input" in r))).toBe(true);
    // en: "aaab ab" -> aa a b ' ' a b (6) and "aa" -> aa (1): 7 tokens; bytes only: 7 + 2 = 9
    expect(pick("aa", "en")).toMatchObject({ bytes: 9, chars: 9, words: 3, tokens: 7, tokenRatio: 1, vocabUsed: 4 });
    expect(pick("bytes", "en")).toMatchObject({ tokens: 9, tokenRatio: 9 / 7, vocabSize: 256, vocabUsed: 3 });
    expect(pick("aa", "da")).toMatchObject({ bytes: 8, chars: 6, words: 1, tokens: 8, bytesPerToken: 1, charsPerToken: 6 / 8, tokensPerWord: 8 });
    expect(pick("bytes", "da").tokenRatio).toBe(1);
  });

  it("Rényi efficiency: 1 for a uniform distribution over the whole vocabulary, Shannon at α = 1, less as it skews", () => {
    const uniform = new Array(300).fill(7);
    for (const alpha of [0.5, 1, 2.5, 3]) expect(renyiEfficiency(uniform, 300, alpha)).toBeCloseTo(1, 12);
    const counts = [1, 2, 2];
    const shannon = -(0.2 * Math.log(0.2) + 2 * 0.4 * Math.log(0.4));
    expect(renyiEfficiency(counts, 257, 1)).toBeCloseTo(shannon / Math.log(257), 12);
    expect(renyiEfficiency(counts, 257, 3)).toBeCloseTo(Math.log(0.2 ** 3 + 2 * 0.4 ** 3) / -2 / Math.log(257), 12);
    expect(renyiEfficiency([], 257)).toBe(0);
    // the order changes the weight of frequent tokens: a larger α gives a lower entropy
    expect(renyiEfficiency(counts, 257, 3)).toBeLessThan(renyiEfficiency(counts, 257, 2.5));
    expect(metrics([], { bytes: 0, chars: 0, words: 0 }, 10)).toMatchObject({ tokens: 0, bytesPerToken: 0, tokensPerWord: 0, vocabUsed: 0, vocabUnused: 1 });
  });

  it("invalid UTF-8: bytes as stored, chars of the text with U+FFFD", async () => {
    const result = await evaluate([{ name: "bytes", tokenizer: bytesOnly() }], [{ group: "x", text: Uint8Array.of(0x61, 0xff, 0xfe, 0x62) }]);
    expect(result.invalidUtf8).toBe(1);
    // "a\uFFFD\uFFFDb": 4 chars; the tokens are of that text's UTF-8 (1 + 3 + 3 + 1 bytes)
    expect(result.rows[0]).toMatchObject({ bytes: 4, chars: 4, tokens: 8 });
  });
});

describe.skipIf(!HAVE_SHARED)("token counts against Python tiktoken on FineWeb", () => {
  for (const name of ["cl100k_base", "o200k_base"] as const) {
    it(`${name}: every document's tokens, bytes and chars, English and Danish`, async () => {
      const tokenizer = await loadTokenizerFile(name);
      // one group per document, so each document's count is checked
      async function* documents() {
        for (const file of FIXTURE.files) {
          let n = 0;
          for await (const row of readRows([join(SHARED, file.path)])) yield { group: `${file.path}#${n++}`, text: row.text };
        }
      }
      const { rows } = await evaluate([{ name, tokenizer }], documents());
      for (const file of FIXTURE.files) {
        const mine = rows.filter((r) => r.input!.startsWith(`${file.path}#`));
        expect(mine.map((r) => r.tokens)).toEqual(file[name]);
        expect(mine.map((r) => r.bytes)).toEqual(file.bytes);
        expect(mine.map((r) => r.chars)).toEqual(file.chars);
      }
      expect(rows.every((r) => r.vocabSize === (name === "cl100k_base" ? 100_277 : 200_019))).toBe(true);
    });
  }
});

describe("bytepair eval on the command line", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir("eval");
    await writeFile(join(dir, "aa.bpe"), saveNative(aa()));
    await writeFile(join(dir, "bytes.bpe"), saveNative(bytesOnly()));
    await writeFile(join(dir, "en.txt"), "aaab ab");
    await writeFile(join(dir, "bad.txt"), Uint8Array.of(0x61, 0xff, 0x62));
    await writeFile(
      join(dir, "mixed.jsonl"),
      [
        { text: "aaab", language: "en" },
        { text: "blåbær", language: "da" },
        { text: "ab", language: "en" },
      ]
        .map((o) => JSON.stringify(o))
        .join("\n") + "\n",
    );
  });

  it("--json: the rows with the contract's field names, ratios to the first tokenizer", async () => {
    const r = await runCli(["eval", join(dir, "aa.bpe"), join(dir, "bytes.bpe"), "--on", join(dir, "en.txt"), "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const { rows } = JSON.parse(r.stdout) as { rows: EvalRow[] };
    const contract = ["tokenizer", "input", "bytes", "chars", "words", "tokens", "bytesPerToken", "charsPerToken", "tokensPerWord", "vocabSize", "vocabUsed", "renyiEfficiency"];
    for (const row of rows) for (const key of contract) expect(row, key).toHaveProperty(key);
    expect(rows.map((row) => [row.tokenizer.endsWith("aa.bpe"), row.input, row.tokens, row.tokenRatio])).toEqual([
      [true, join(dir, "en.txt"), 6, 1],
      [false, join(dir, "en.txt"), 7, 7 / 6],
    ]);
  });

  it("an aligned table; --by field NAME groups by a JSON Lines field; --alpha", async () => {
    const r = await runCli(["eval", join(dir, "aa.bpe"), "--on", join(dir, "mixed.jsonl"), "--by", "field", "language", "--alpha", "3"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^tokenizer\s+group\s+bytes\s+chars\s+words\s+tokens\s+bytes\/tok\s+chars\/tok\s+tok\/word\s+ratio\s+vocab\s+used\s+unused\s+rényi\(3\)$/);
    expect(lines).toHaveLength(3);
    // right-aligned numbers: every line ends at the same column
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[1]).toMatch(/ en +6 +6 +2 +5 +1\.200 +1\.200 +2\.500 +1\.000 +257 +3 +98\.8% +0\.\d{4}$/);
    expect(lines[2]).toMatch(/ da +8 +6 +1 +8 +1\.000 +0\.750 +8\.000 +1\.000 +257 +6 /);
  });

  it("invalid UTF-8 is counted and said; bad usage exits 2; a missing input exits 1 in one sentence", async () => {
    const bad = await runCli(["eval", join(dir, "bytes.bpe"), "--on", join(dir, "bad.txt"), "--json"]);
    expect(bad.code).toBe(0);
    expect(JSON.parse(bad.stdout).rows[0]).toMatchObject({ bytes: 3, chars: 3 });
    expect(bad.stderr).toMatch(/^bytepair: note: 1 document is not valid UTF-8; bytes count what is stored, chars, words and tokens count the text with U\+FFFD in place of each bad sequence\.\n$/);
    expect((await runCli(["eval", join(dir, "aa.bpe"), "--on", join(dir, "en.txt"), "--by", "colour"])).code).toBe(2);
    expect((await runCli(["eval", join(dir, "aa.bpe"), "--on", join(dir, "en.txt"), "--alpha", "-1"])).code).toBe(2);
    expect((await runCli(["eval", join(dir, "aa.bpe")])).code).toBe(2);
    const missing = await runCli(["eval", join(dir, "aa.bpe"), "--on", join(dir, "nope.txt")]);
    expect(missing).toMatchObject({ code: 1, stdout: "" });
    expect(missing.stderr).toMatch(/^bytepair: .*nope\.txt: no such file or directory\.\n$/);
    const nofield = await runCli(["eval", join(dir, "aa.bpe"), "--on", join(dir, "en.txt"), "--by", "field", "language"]);
    expect(nofield.code).toBe(1);
    expect(nofield.stderr).toMatch(/en\.txt is a text file with no columns for --by field language\.\n$/);
  });

  it("--chart writes an SVG with the axis label, the legend and each bar's value", async () => {
    const chart = join(dir, "chart.svg");
    const r = await runCli(["eval", join(dir, "aa.bpe"), join(dir, "bytes.bpe"), "--on", join(dir, "mixed.jsonl"), "--by", "field", "language", "--chart", chart]);
    expect(r.code).toBe(0);
    const svg = await readFile(chart, "utf8");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain(">bytes per token</text>");
    expect(svg).toContain(`>${join(dir, "aa.bpe")}</text>`);
    expect(svg.match(/<rect [^>]*fill="#(4e79a7|f28e2b)"><title>/g)).toHaveLength(4); // 2 tokenizers × 2 groups
    expect(svg).toContain(">1.20</text>"); // aa on en: 6 bytes / 5 tokens
    expect(svg).toContain(">1.00</text>");
    expect(evalChart([])).toMatch(/<\/svg>\n$/);
  });
});
