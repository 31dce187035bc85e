// JSON Lines text fields as bytes: the core's unescaper (assembly/json.ts) and its TS twin
// (unescapeBody in src/pipeline/json-bytes.ts) must give identical bytes and fail on the same input, and
// both must give JSON.parse + TextEncoder's UTF-8 wherever JSON.parse accepts the string. Counting
// through the core's path (ChunkCounter.addEscaped) must fill the chunk table exactly as the bytes
// would; and whole JSON Lines files must train the same file on every path and thread count.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ChunkCounter } from "../src/count.js";
import { createEngine, type Engine } from "../src/engine.js";
import { saveNative } from "../src/formats/native.js";
import { resolveShards } from "../src/node/sources.js";
import { nodeWorker } from "../src/node/train.js";
import { indexOfByte } from "../src/find-byte.js";
import { objectFields, stringBody, unescapeBody } from "../src/pipeline/json-bytes.js";
import { isSpaceCut, nextSpaceCut } from "../src/pretokenize.js";
import { train, trainShards, type TrainShardsOptions } from "../src/train.js";
import { rng } from "./helpers.js";

const utf8 = new TextEncoder();
const hex = (a: Uint8Array | null) => (a === null ? null : Buffer.from(a).toString("hex"));

let wasm: Engine;
beforeAll(async () => {
  wasm = await createEngine("wasm");
});

/** Both unescapers on one body: identical bytes (or both null); returns them. */
function both(body: Uint8Array): Uint8Array | null {
  const ts = unescapeBody(body);
  const core = wasm.unescapeJson!(body);
  const same = ts === null || core === null ? ts === core : Buffer.from(ts.buffer, ts.byteOffset, ts.length).equals(core);
  if (!same) expect({ body: hex(body), core: hex(core) }).toEqual({ body: hex(body), core: hex(ts) });
  return ts;
}

/** The body JSON.stringify writes for s (its quotes dropped). */
const bodyOf = (s: string) => utf8.encode(JSON.stringify(s).slice(1, -1));

describe("the core's unescaper and its TS twin", () => {
  it("give JSON.parse's UTF-8 on random strings of escapes, surrogates, BOMs and multi-byte characters", () => {
    const random = rng(21);
    const alphabet = [
      "a",
      "xyzw",
      "é",
      "数",
      "😀",
      "\n",
      "\t",
      "\r",
      "\b",
      "\f",
      '"',
      "\\",
      "/",
      "\u0000",
      "\u001f",
      "\u2028",
      "\ud800",
      "\udbff",
      "\udc00",
      "\udfff",
      "\ufeff",
      "\uffff",
      " ",
      "abcdefgh",
    ];
    for (let k = 0; k < 3000; k++) {
      const s = Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      // JSON.stringify writes lone surrogates as \udXXX escapes; TextEncoder makes them EF BF BD
      expect(hex(both(bodyOf(s))), JSON.stringify(s)).toBe(hex(utf8.encode(s)));
    }
  });

  it("read \\uXXXX in any case, pairs as one character, and a lone or reversed surrogate as EF BF BD", () => {
    const cases: [string, string][] = [
      ["\\u0041\\u00e9\\u00E9\\u4E2d", "Aéé中"],
      ["\\ud83d\\ude00", "😀"],
      ["\\uD83D\\uDE00!", "😀!"],
      ["\\ud83d", "\ufffd"],
      ["\\ud83dx", "\ufffdx"],
      ["\\ude00\\ud83d", "\ufffd\ufffd"],
      ["\\ud83d\\u0041", "\ufffdA"],
      ["\\ud83d\\ud83d\\ude00", "\ufffd😀"],
      ["\\ud83d\\n", "\ufffd\n"],
      ["\\uFEFFbom", "\ufeffbom"],
      ["\\u0000", "\u0000"],
      ['\\/\\b\\f\\n\\r\\t\\"\\\\', '/\b\f\n\r\t"\\'],
    ];
    for (const [body, want] of cases) {
      expect(hex(both(utf8.encode(body))), body).toBe(hex(utf8.encode(want)));
      expect(hex(utf8.encode(JSON.parse(`"${body}"`) as string))).toBe(hex(utf8.encode(want))); // outside truth for the expectation
    }
  });

  it("keep raw bytes as they are: invalid UTF-8, a raw BOM, control bytes, U+FFFD itself", () => {
    for (const raw of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xef, 0xbb, 0xbf, 0x41], [0x01, 0x7f, 0x80], [0xef, 0xbf, 0xbd], [0xf4, 0x90, 0x80, 0x80]]) {
      const body = Uint8Array.from([0x61, ...raw, 0x5c, 0x6e, ...raw]); // a, raw, \n, raw
      expect(hex(both(body))).toBe(hex(Uint8Array.from([0x61, ...raw, 0x0a, ...raw])));
    }
  });

  it("fail on the same bad escapes (null), wherever they lie", () => {
    const bad = ["\\q", "\\U0041", "\\u12G4", "\\u12", "\\u", "\\", "a\\", "\\x41", "\\ud83d\\u12", "\\ud83d\\uZZZZ", "\\ ", "\\0", "\\'"];
    for (const b of bad) {
      expect(() => JSON.parse(`"${b}"`), b).toThrow(); // outside truth: JSON rejects it too
      for (const pad of [0, 1, 7, 8, 9, 15, 16, 17]) {
        expect(both(utf8.encode("p".repeat(pad) + b)), `${pad} + ${b}`).toBeNull();
        expect(both(utf8.encode("p".repeat(pad) + b + " and after it")), `${pad} + ${b} + more`).toBeNull();
      }
    }
  });

  it("agree at every offset around the 8-byte steps, and on bodies of 0 to 40 bytes", () => {
    for (let len = 0; len <= 40; len++) {
      for (let at = 0; at < len; at++) {
        for (const esc of ["\\n", "\\u00e9", "\\ud83d\\ude00", "\\\\", '\\"']) {
          const s = "x".repeat(at) + esc + "y".repeat(Math.max(0, len - at));
          expect(hex(both(utf8.encode(s))), s).toBe(hex(utf8.encode(JSON.parse(`"${s}"`) as string)));
        }
      }
    }
  });

  it("agree on random bytes, where backslashes are frequent", () => {
    const random = rng(5);
    const picks = [0x5c, 0x5c, 0x75, 0x6e, 0x22, 0x30, 0x41, 0x64, 0x38, 0x66, 0xff, 0xc3, 0x80, 0x61];
    for (let k = 0; k < 20_000; k++) both(Uint8Array.from({ length: Math.floor(random() * 30) }, () => picks[Math.floor(random() * picks.length)]));
  });

  it("agree on a huge body (24 MiB, an escape every ~13 bytes, as kernel C source)", () => {
    const line = 'if (x) {\n\tprintk("%s\\n", name);\t/* é😀 */\n}\n';
    const s = line.repeat(Math.ceil((24 << 20) / line.length));
    const got = both(bodyOf(s))!;
    expect(got.length).toBe(utf8.encode(s).length);
    expect(Buffer.from(got).equals(Buffer.from(utf8.encode(s)))).toBe(true);
  });
});

describe("counting a JSON string's body through the core (ChunkCounter.addEscaped)", () => {
  async function table(add: (counter: ChunkCounter) => void, engine?: Engine, segmentBytes?: number): Promise<string[]> {
    const e = engine ?? (await createEngine("wasm"));
    const counter = new ChunkCounter(e, "cl100k", [], undefined, segmentBytes);
    add(counter);
    counter.flush();
    return [...e.chunks()].map(([chunk, count]) => `${hex(chunk)}:${count}`).sort();
  }

  it("fills the chunk table as the unescaped bytes do, and counts the same bytes and invalid bytes", async () => {
    const random = rng(9);
    const alphabet = ["word", " spaced", "\n", "\t\t", "\\", '"', "😀", "\ud800", "123456", "it's", "\ufeff", " "];
    const bodies = Array.from({ length: 300 }, () => bodyOf(Array.from({ length: Math.floor(random() * 30) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("")));
    bodies.push(Uint8Array.from([0x61, 0xff, 0x5c, 0x6e, 0xc3, 0x28, 0x20, 0x62]), new Uint8Array(0));
    const sums = { viaCore: [0, 0, 0], viaBytes: [0, 0, 0] };
    const viaCore = await table((c) => {
      for (const body of bodies) sums.viaCore[0] += c.addEscaped(body);
      sums.viaCore[1] = c.invalidBytes;
      sums.viaCore[2] = c.documents;
    });
    const viaBytes = await table((c) => {
      for (const body of bodies) {
        const bytes = unescapeBody(body)!;
        c.add(bytes);
        sums.viaBytes[0] += bytes.length;
      }
      sums.viaBytes[1] = c.invalidBytes;
      sums.viaBytes[2] = c.documents;
    });
    expect(viaCore).toEqual(viaBytes);
    expect(sums.viaCore).toEqual(sums.viaBytes);
    expect(sums.viaCore[1]).toBe(2); // ff, and c3 before 28: kept, each counted as invalid
    // the TS twin engine (no scanner: the regex path) counts the same chunks
    const twin = await table((c) => bodies.forEach((b) => c.addEscaped(b)), await createEngine("ts"));
    expect(twin).toEqual(viaBytes);
  });

  it("a long body counted in segments (cut before a space between ASCII letters or digits) fills the table as it does whole", async () => {
    const random = rng(21);
    // texts of letters and digits around spaces, and JSON.stringify's escapes (\n, \t, \ud800, \\, \"),
    // and bodies as other writers store them (\u0041 for "A", \u00e9, a surrogate pair escaped)
    const textAlphabet = ["int", " x", " 2", "\n", "é", "\ud800", " ", "  ", "a b", "\\", '"', "\t", "😀", "\r\n", "9 z"];
    const bodyAlphabet = ["a", "Z", "7", " ", "  ", "x y", "\\\\", "\\n", "\\u00e9", "\\u0041", "\\ud83d\\ude00", '\\"', "é"];
    const pick = (alphabet: string[], n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
    const bodies = [
      ...Array.from({ length: 100 }, () => bodyOf(pick(textAlphabet, 20 + Math.floor(random() * 400)))),
      ...Array.from({ length: 100 }, () => utf8.encode(pick(bodyAlphabet, 20 + Math.floor(random() * 400)))),
    ];
    const segmentCounts: number[] = [];
    const whole = await table((c) => bodies.forEach((b) => c.addEscaped(b)));
    for (const size of [8, 64, 1000]) {
      const sums: number[] = [];
      const segmented = await table(
        (c) => {
          for (const body of bodies) {
            let continued = false;
            let length = 0;
            for (const segment of c.segments(body, true)) {
              segmentCounts.push(segment.length);
              length += c.addEscaped(segment, continued);
              continued = true;
            }
            sums.push(length);
          }
          expect(c.documents).toBe(bodies.length);
        },
        undefined,
        size,
      );
      expect(segmented, `segments of ${size}`).toEqual(whole);
      expect(sums).toEqual(bodies.map((b) => unescapeBody(b)!.length));
      // the same documents as bytes (parquet, kept rows): cut by the same rule, no escapes to mind
      const asBytes = await table(
        (c) => {
          for (const body of bodies) {
            let continued = false;
            for (const segment of c.segments(unescapeBody(body)!, false)) {
              c.add(segment, continued);
              continued = true;
            }
          }
          expect(c.documents).toBe(bodies.length);
        },
        undefined,
        size,
      );
      expect(asBytes, `segments of ${size}, as bytes`).toEqual(whole);
    }
    expect(segmentCounts.length).toBeGreaterThan(3 * bodies.length); // the bodies were cut
  });

  it("segments end only where the unescaped text has a space between two ASCII letters or digits", () => {
    const random = rng(5);
    const pieces = ["a", "Z", "7", " ", "\\\\", "\\n", "\\u00e9", "\\u0041", "\\ud83d\\ude00", '\\"', "é"];
    for (let n = 0; n < 2000; n++) {
      const body = utf8.encode(Array.from({ length: 2 + Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join(""));
      for (let c = nextSpaceCut(body, 1, true); c !== -1; c = nextSpaceCut(body, c + 1, true)) {
        const before = unescapeBody(body.subarray(0, c))!;
        const after = unescapeBody(body.subarray(c))!;
        const text = unescapeBody(body)!;
        expect(hex(Buffer.concat([before, after]))).toBe(hex(text));
        expect(isSpaceCut(text, before.length), `${Buffer.from(body).toString()} at ${c}`).toBe(true);
      }
    }
    // a letter that ends an escape is no cut: "\u0041 b" is "A b", but the A is not a character of its own
    expect(nextSpaceCut(utf8.encode("x\\u0041 b"), 1, true)).toBe(-1);
    expect(nextSpaceCut(utf8.encode("x\\n b"), 1, true)).toBe(-1);
    expect(nextSpaceCut(utf8.encode("x\\n b"), 1, false)).toBe(3); // as raw bytes: "n b"
  });

  it("a bad escape returns -1 and counts nothing", async () => {
    const chunks = await table((c) => {
      expect(c.addEscaped(utf8.encode("fine so far \\q"))).toBe(-1);
      expect(c.documents).toBe(0);
      expect(c.bytes).toBe(0);
    });
    expect(chunks).toEqual([]);
  });
});

describe("JSON Lines files train the same file on every path", () => {
  const SMALL = { parallelAfter: 0, unitBytes: 48 << 10, pieceBytes: 5000 }; // many units, many pieces, lines longer than a piece
  const BASE = { vocabSize: 600, pattern: "cl100k", specialTokens: [] as string[] };
  let dir: string;
  let docs: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bytepair-json-bytes-"));
    const random = rng(13);
    const words = ["static", "int", "(void)", "{\n", "\t", "return", '"%s\\n"', "printk", "é", "😀", "\ud800", "\\", "\r\n", "  "];
    docs = Array.from({ length: 120 }, (_, i) =>
      Array.from({ length: 10 + Math.floor(random() * (i % 10 === 0 ? 30_000 : 800)) }, () => words[Math.floor(random() * words.length)]).join(" "),
    );
    docs.unshift("\ufeffa BOM-led document");
    // lines that cross a 48 KiB unit boundary in the middle of an escape, with blank lines and CRLF between
    const lines = docs.map((text, i) => JSON.stringify(i % 3 ? { text, id: i } : { id: i, meta: { t: '}\\"' }, text }));
    await writeFile(join(dir, "docs.jsonl"), `\ufeff${lines.join("\n\n")}\r\n`);
  });

  const nativeOf = (r: { tokenizer: Parameters<typeof saveNative>[0] }) => saveNative(r.tokenizer);
  type Extra = Partial<TrainShardsOptions & typeof SMALL & { segmentBytes: number }>;
  async function viaUnits(input: string, threads: number, extra: Extra = {}) {
    return trainShards(await resolveShards([input]), { ...BASE, ...SMALL, threads, createWorker: nodeWorker, ...extra });
  }

  it("the core's path (1-3 threads), the TS engine and special tokens (the twin's path) = the documents as bytes", async () => {
    const bytes = docs.map((d) => utf8.encode(d));
    const file = join(dir, "docs.jsonl");
    for (const extra of [{}, { specialTokens: ["<|sep|>"] }]) {
      const reference = await train(bytes, { ...BASE, ...extra, threads: 1 });
      expect(reference.stats.bytes).toBe(bytes.reduce((a, b) => a + b.length, 0));
      const runs: [string, Extra][] = [
        ["1 thread", {}],
        ["2 threads", {}],
        ["3 threads", {}],
        ["TS engine", { engine: "ts" }],
        ["big units", { unitBytes: 16 << 20, pieceBytes: 4 << 20 }],
        ["segments of 100 bytes, 1 thread", { segmentBytes: 100 }],
        ["segments of 2000 bytes, 3 threads", { segmentBytes: 2000 }],
      ];
      for (const [name, options] of runs) {
        const result = await viaUnits(file, name.endsWith("2 threads") ? 2 : name.endsWith("3 threads") ? 3 : 1, { ...extra, ...options });
        expect({ name, documents: result.stats.documents, bytes: result.stats.bytes }).toEqual({ name, documents: docs.length, bytes: reference.stats.bytes });
        expect(nativeOf(result), `${name} ${JSON.stringify(extra)}`).toBe(nativeOf(reference));
      }
    }
  }, 120_000);

  it("a bad escape names the file and line, with one thread or many, counted or only measured", async () => {
    const lines = docs.slice(0, 60).map((text) => JSON.stringify({ text, lang: "en" }));
    const bad = join(dir, "bad-escape.jsonl");
    await writeFile(bad, [...lines.slice(0, 45), '{"text": "fine \\q not", "lang": "en"}', ...lines.slice(45)].join("\n") + "\n");
    for (const threads of [1, 2]) {
      await expect(viaUnits(bad, threads)).rejects.toThrow(/bad-escape\.jsonl:46: this line is not valid JSON\.$/);
      await expect(viaUnits(bad, threads, { bytes: 1 << 30 })).rejects.toThrow(/bad-escape\.jsonl:46: this line is not valid JSON\.$/);
    }
    // in a --where field (parsed with JSON.parse), on a row --where would not take
    await writeFile(bad, [...lines.slice(0, 49), '{"text": "fine", "lang": "\\x"}', ...lines.slice(49)].join("\n") + "\n");
    for (const threads of [1, 2]) await expect(viaUnits(bad, threads, { where: ["lang=en"] })).rejects.toThrow(/bad-escape\.jsonl:50: this line is not valid JSON\.$/);
  }, 60_000);

  it("the field's span is found past other fields' escaped quotes and braces", () => {
    const line = utf8.encode('{"a": "\\"}{\\\\", "b": ["}", {"c": "\\u0022"}], "text": "x\\ty" }');
    const span = objectFields(line, new Set(["text"])).get("text")!;
    expect(new TextDecoder().decode(stringBody(line, span)!)).toBe("x\\ty");
    expect(hex(unescapeBody(stringBody(line, span)!))).toBe(hex(utf8.encode("x\ty")));
  });
});

describe("indexOfByte (Node's Buffer search on any Uint8Array)", () => {
  it("finds what Uint8Array.indexOf finds, in views at any offset and from any start, past the end included", () => {
    const next = rng(7);
    const data = new Uint8Array(5000);
    for (let i = 0; i < data.length; i++) data[i] = next() < 0.02 ? 0x0a : next() < 0.05 ? 0x22 : Math.floor(next() * 256);
    for (let k = 0; k < 400; k++) {
      const a = Math.floor(next() * data.length);
      const view = data.subarray(a, a + Math.floor(next() * (data.length - a + 1)));
      const from = Math.floor(next() * (view.length + 3));
      for (const byte of [0x0a, 0x22, Math.floor(next() * 256)]) expect(indexOfByte(view, byte, from)).toBe(view.indexOf(byte, from));
    }
    expect(indexOfByte(new Uint8Array(0), 0x0a, 0)).toBe(-1);
  });

  it("past 2 GiB too (Node's Buffer search answers in an int32: a 2.3 GB JSON Lines line hung train)", () => {
    // memory never written stays unallocated: only the pages searched below are touched
    const big = new Uint8Array(2 ** 31 + (1 << 16));
    const at = 2 ** 31 + 100;
    big[at] = 0x0a;
    expect(indexOfByte(big, 0x0a, 2 ** 31)).toBe(at);
    expect(indexOfByte(big, 0x0a, at)).toBe(at);
    expect(indexOfByte(big, 0x0a, at + 1)).toBe(-1);
    expect(indexOfByte(big.subarray(2 ** 30), 0x0a, 2 ** 31 - 2 ** 30)).toBe(at - 2 ** 30); // a view of it, still past 1 GiB
  });
});
