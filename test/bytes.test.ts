import { describe, it, expect } from "vitest";
import {
  bitsOf,
  convert,
  convertStream,
  ConversionError,
  createConverter,
  parseBinary,
  parseDecimal,
  toBinary,
  toDecimal,
  type ByteFormat,
  type ConvertOptions,
} from "../src/bytes.js";
import { concatBytes as concat } from "../src/concat.js";
import { randomBytes, rng } from "./helpers.js";

const utf8 = (text: string) => new TextEncoder().encode(text);
const ascii = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

const seededBytes = (length: number, seed: number) => randomBytes(rng(seed), length);

/** Index of the first byte where a and b differ, -1 when equal (toEqual on big typed arrays is slow). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** Converts input fed in pieces that end at the given offsets. */
function inPieces(input: Uint8Array, cuts: number[], from: ByteFormat, to: ByteFormat, options?: ConvertOptions): Uint8Array {
  const converter = createConverter(from, to, options);
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts, input.length]) {
    parts.push(converter.push(input.subarray(start, cut)));
    start = cut;
  }
  parts.push(converter.end());
  return concat(parts);
}

/** The ConversionError thrown by f (fails the test if f throws something else or nothing). */
function conversionError(f: () => unknown): ConversionError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ConversionError);
    return error as ConversionError;
  }
  throw new Error("expected a ConversionError, but nothing was thrown");
}

const MULTILINGUAL = [
  "How are you? Ça va, Zoë?",
  "東京は日本の首都です。中文汉字，한국어 텍스트",
  "مرحبا بالعالم — العربية من اليمين إلى اليسار",
  "👋 👨‍👩‍👧‍👦 🏳️‍🌈 👩🏽‍💻 🇯🇵",
  "e\u0301 a\u0308 n\u0303 — combining marks; Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǵ̗̻o̵",
  "नमस्ते दुनिया, Ελληνικά, русский, עברית\r\n\ttabs and\0nul",
].join("\n");

const FORMATS: ByteFormat[] = ["text", "binary", "decimal"];

describe("known examples", () => {
  it("writes How as bits and numbers", () => {
    expect(toBinary(utf8("How"))).toBe("01001000 01101111 01110111\n");
    expect(toDecimal(utf8("How"))).toBe("72 111 119\n");
    expect(bitsOf(72)).toBe("01001000");
    expect(bitsOf(0)).toBe("00000000");
    expect(bitsOf(255)).toBe("11111111");
  });

  it("writes the UTF-8 bytes of é and 👋", () => {
    expect(toDecimal(utf8("é"))).toBe("195 169\n");
    expect(toDecimal(utf8("👋"))).toBe("240 159 145 139\n");
    expect(toBinary(utf8("👋"))).toBe("11110000 10011111 10010001 10001011\n");
    expect(ascii(parseDecimal("240 159 145 139"))).toBe("👋");
  });

  it("wraps perLine groups per line, each line ending in a newline", () => {
    const bytes = Uint8Array.from({ length: 20 }, (_, i) => i);
    const binaryLines = toBinary(bytes).split("\n");
    expect(binaryLines.map((line) => line.split(" ").length)).toEqual([8, 8, 4, 1]);
    expect(binaryLines.at(-1)).toBe("");
    expect(toDecimal(bytes)).toBe("0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n16 17 18 19\n");
    expect(toDecimal(bytes.subarray(0, 6), 3)).toBe("0 1 2\n3 4 5\n");
    expect(toBinary(bytes.subarray(0, 2), 1)).toBe("00000000\n00000001\n");
  });

  it("gives empty output for empty input", () => {
    for (const from of FORMATS) for (const to of FORMATS) expect(convert(new Uint8Array(0), from, to)).toEqual(new Uint8Array(0));
  });

  it("reads any whitespace, empty lines and leading zeros", () => {
    expect(ascii(parseBinary("\n\n  01001000\t01101111\r\n\r\n01110111   \n"))).toBe("How");
    expect(ascii(parseDecimal("072\t0111\r\n\n 00119"))).toBe("How");
    expect(parseDecimal("0 000 255 0000000000000000000000000000000000000000255")).toEqual(Uint8Array.of(0, 0, 255, 255));
  });

  it("re-formats when converting a format to itself", () => {
    expect(ascii(convert(utf8(" 72\n\n111    119 "), "decimal", "decimal"))).toBe("72 111 119\n");
    expect(ascii(convert(utf8("01001000\n01101111"), "binary", "binary", { perLine: 1 }))).toBe("01001000\n01101111\n");
    expect(ascii(convert(utf8("72 111"), "decimal", "binary"))).toBe("01001000 01101111\n");
    expect(ascii(convert(utf8("01001000 01101111"), "binary", "decimal"))).toBe("72 111\n");
    const text = utf8(MULTILINGUAL);
    expect(convert(text, "text", "text")).toEqual(text);
  });
});

describe("round trips", () => {
  const inputs: [string, Uint8Array][] = [
    ["multilingual text", utf8(MULTILINGUAL)],
    ["random bytes (mostly invalid UTF-8)", seededBytes(10_000, 42)],
    ["all 256 byte values", Uint8Array.from({ length: 256 }, (_, i) => i)],
    ["invalid UTF-8 sequences", Uint8Array.of(0xff, 0xc0, 0x80, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80, 0xe2, 0x82)],
  ];
  for (const [name, bytes] of inputs) {
    it(`text -> binary -> text is byte-exact on ${name}`, () => {
      const binary = convert(bytes, "text", "binary");
      expect(binary.length).toBe(bytes.length * 9);
      expect(convert(binary, "binary", "text")).toEqual(bytes);
      expect(parseBinary(toBinary(bytes, 5))).toEqual(bytes);
    });

    it(`text -> decimal -> text is byte-exact on ${name}`, () => {
      expect(convert(convert(bytes, "text", "decimal"), "decimal", "text")).toEqual(bytes);
      expect(parseDecimal(toDecimal(bytes, 7))).toEqual(bytes);
    });

    it(`binary <-> decimal agree on ${name}`, () => {
      const binary = convert(bytes, "text", "binary");
      const decimal = convert(bytes, "text", "decimal");
      expect(convert(binary, "binary", "decimal")).toEqual(decimal);
      expect(convert(decimal, "decimal", "binary")).toEqual(binary);
    });
  }
});

describe("streaming", () => {
  const small = utf8("Hé👋\n\0ÿ");
  const sources: Record<ByteFormat, Uint8Array> = {
    text: small,
    binary: utf8(" " + toBinary(small, 3).replace(/\n/g, "\r\n\n") + "\t"),
    decimal: utf8(toDecimal(small, 2).replace(/ /g, " \t 00")),
  };

  for (const from of FORMATS) {
    for (const to of FORMATS) {
      it(`${from} -> ${to}: one cut at every point, and byte-by-byte, equal the whole buffer`, () => {
        const input = sources[from];
        const whole = convert(input, from, to, { perLine: 3 });
        for (let cut = 0; cut <= input.length; cut++) expect(inPieces(input, [cut], from, to, { perLine: 3 })).toEqual(whole);
        const everyByte = Array.from({ length: input.length }, (_, i) => i);
        expect(inPieces(input, everyByte, from, to, { perLine: 3 })).toEqual(whole);
      });
    }
  }

  it("random cuts of a larger input equal the whole buffer", () => {
    const next = rng(7);
    const bytes = concat([seededBytes(10_000, 1), utf8(MULTILINGUAL)]);
    for (const from of FORMATS) {
      const input = from === "text" ? bytes : convert(bytes, "text", from);
      for (const to of FORMATS) {
        const whole = convert(input, from, to);
        for (let round = 0; round < 5; round++) {
          const cuts = Array.from({ length: 50 }, () => Math.floor(next() * (input.length + 1))).sort((a, b) => a - b);
          expect(firstDifference(inPieces(input, cuts, from, to), whole)).toBe(-1);
        }
      }
    }
  });

  it("convertStream yields the same bytes as convert", async () => {
    const bytes = seededBytes(5_000, 3);
    async function* pieces() {
      for (let s = 0; s < bytes.length; s += 777) yield bytes.subarray(s, s + 777);
    }
    const parts: Uint8Array[] = [];
    for await (const part of convertStream(pieces(), "text", "decimal", { perLine: 10 })) {
      expect(part.length).toBeGreaterThan(0);
      parts.push(part);
    }
    expect(concat(parts)).toEqual(convert(bytes, "text", "decimal", { perLine: 10 }));
  });
});

describe("errors", () => {
  it("names the source, line and column of a 9-bit group", () => {
    const error = conversionError(() => parseBinary("01001000\n\n01001000\t\t\t\t\t\t\t\t010010001 01001000\n", "data.bin"));
    expect(error.message).toBe('data.bin:3:17: "010010001" is not a byte in binary (expected exactly 8 binary digits).');
    expect([error.line, error.column]).toEqual([3, 17]);
  });

  it("rejects a decimal value over 255", () => {
    const error = conversionError(() => parseDecimal("255 300 1", "nums.txt"));
    expect(error.message).toBe('nums.txt:1:5: "300" is not a byte (decimal values are 0 to 255).');
    expect([error.line, error.column]).toEqual([1, 5]);
  });

  const bad: [string, ByteFormat, string, number, number, string][] = [
    ["a 7-bit group", "binary", "01001000\r\n 0100100\n", 2, 2, '"0100100" is not a byte in binary'],
    ["a stray letter in binary", "binary", "01001000 0100x000", 1, 10, '"0100x000" is not a byte in binary'],
    ["a decimal number in binary", "binary", "01001000\n72", 2, 1, '"72" is not a byte in binary'],
    ["a stray letter in decimal", "decimal", "72\n\n  1 a 3", 3, 5, '"a" is not a byte in decimal (expected a whole number from 0 to 255).'],
    ["a negative number", "decimal", "1 -1", 1, 3, '"-1" is not a byte in decimal'],
    ["a fraction", "decimal", "1.5", 1, 1, '"1.5" is not a byte in decimal'],
    ["a vertical tab (not a separator)", "decimal", "1\v2", 1, 1, '"1\\u000b2" is not a byte in decimal'],
    ["a big number", "decimal", "1\n99999999999999999999", 2, 1, '"99999999999999999999" is not a byte (decimal values are 0 to 255).'],
    ["é in binary", "binary", "01001000 é", 1, 10, '"é" (U+00E9) is not allowed in binary input (only 0, 1 and whitespace are).'],
    ["an emoji inside a decimal token", "decimal", "72\n1👋1", 2, 2, '"👋" (U+1F44B) is not allowed in decimal input'],
    ["a non-breaking space", "decimal", "72\u00a0111", 1, 3, '"\u00a0" (U+00A0) is not allowed in decimal input'],
  ];
  for (const [name, format, input, line, column, words] of bad) {
    it(`reports ${name} at ${line}:${column}`, () => {
      const error = conversionError(() => convert(utf8(input), format, "text", { source: "in.txt" }));
      expect([error.line, error.column]).toEqual([line, column]);
      expect(error.message).toContain(`in.txt:${line}:${column}: ${words}`);
      expect(error.message.endsWith(".")).toBe(true);
    });
  }

  it("reports bytes that are not UTF-8 at all", () => {
    const input = concat([utf8("01001000\n0100"), Uint8Array.of(0xff), utf8("1000")]);
    const error = conversionError(() => convert(input, "binary", "text"));
    expect(error.message).toBe("input:2:5: byte 0xFF is not allowed in binary input (only 0, 1 and whitespace are).");
    const cut = conversionError(() => convert(Uint8Array.of(0x31, 0x20, 0xe2, 0x82), "decimal", "text"));
    expect(cut.message).toBe("input:1:3: byte 0xE2 is not allowed in decimal input (only the digits 0 to 9 and whitespace are).");
  });

  it("shows a long bad token cut short", () => {
    const error = conversionError(() => parseBinary("0".repeat(100)));
    expect(error.message).toBe(`input:1:1: "${"0".repeat(32)}…" is not a byte in binary (expected exactly 8 binary digits).`);
  });

  it("reports the same error wherever the pieces are cut", () => {
    const cases: [ByteFormat, string][] = [
      ["binary", "01001000 01101111\n  01110111 010010001\n"],
      ["binary", "01001000\n01x01000 01001000"],
      ["binary", "01001000\n\t0100100👋1 01001000"],
      ["decimal", "72 111\n119 3000 1"],
      ["decimal", "72 111\n\n 1é"],
      ["decimal", "72 111 256"],
    ];
    for (const [format, text] of cases) {
      const input = utf8(text);
      const whole = conversionError(() => convert(input, format, "text", { source: "cut.txt" }));
      for (let cut = 0; cut <= input.length; cut++) {
        const error = conversionError(() => inPieces(input, [cut], format, "binary", { source: "cut.txt" }));
        expect([error.message, error.line, error.column]).toEqual([whole.message, whole.line, whole.column]);
      }
      const everyByte = Array.from({ length: input.length }, (_, i) => i);
      expect(conversionError(() => inPieces(input, everyByte, format, "text", { source: "cut.txt" })).message).toBe(whole.message);
    }
  });

  it("rejects bad options with a RangeError", () => {
    expect(() => convert(utf8("a"), "text", "binary", { perLine: 0 })).toThrow(RangeError);
    expect(() => convert(utf8("a"), "text", "hex" as ByteFormat)).toThrow(RangeError);
    expect(() => bitsOf(256)).toThrow(RangeError);
  });
});
