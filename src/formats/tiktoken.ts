// tiktoken's `.tiktoken` files, plus a sidecar JSON for what they leave out.
//
// A `.tiktoken` file is one line per token, `base64(token bytes) rank`, and rank = id. It holds no
// pattern and no special tokens: tiktoken keeps those in code. bytepair writes them beside it in
// `FILE.json`, under the names of tiktoken.Encoding's own arguments, so Python can rebuild it with
//   tiktoken.Encoding(mergeable_ranks=tiktoken.load.load_tiktoken_bpe(FILE), **{k: v for k, v in
//                     side.items() if k in ("name", "pat_str", "special_tokens", "explicit_n_vocab")})
//
//   {
//     "format": "bytepair-tiktoken-sidecar 1",
//     "name": "o200k_base",                       tiktoken's name for the encoding
//     "pat_str": "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}...",   the pattern as tiktoken writes it
//     "special_tokens": {"<|endoftext|>": 199999, ...},
//     "explicit_n_vocab": 200019,                 one more than the highest id; only when no id is unused
//     "merge_rule": "ranks",                      "ranks" (tiktoken's rule) or "merges" (see below)
//     "merges": [[left, right, id, count], ...],  only with "merges": bytepair's merges, in rank order
//     "meta": {...}                               only with "merges": training facts
//   }
//
// tiktoken itself always applies the ranks rule; for a tokenizer trained here ("merges") the two
// rules give the same ids except where two different merges make the same token (see README).
// Without a sidecar, the files of cl100k_base and o200k_base are recognized by their SHA-256.
import { BytepairError } from "../errors.js";
import { resolvePattern } from "../pretokenize.js";
import { Tokenizer, type PackedTokens } from "../tokenizer.js";
import { fromBase64, toBase64 } from "./base64.js";

export interface TiktokenSidecar {
  format?: string;
  name?: string;
  pat_str: string;
  special_tokens: Record<string, number>;
  explicit_n_vocab?: number;
  merge_rule?: "ranks" | "merges";
  merges?: [number, number, number, number][];
  meta?: Record<string, unknown>;
}

const SIDECAR_FORMAT = "bytepair-tiktoken-sidecar 1";

/** The encodings whose files tests use; the hash is of the uncompressed file, as tiktoken checks it. */
export const TIKTOKEN_ENCODINGS: Readonly<Record<string, TiktokenSidecar & { sha256: string; url: string }>> = {
  cl100k_base: {
    name: "cl100k_base",
    pat_str: resolvePattern("cl100k").source,
    special_tokens: { "<|endoftext|>": 100257, "<|fim_prefix|>": 100258, "<|fim_middle|>": 100259, "<|fim_suffix|>": 100260, "<|endofprompt|>": 100276 },
    explicit_n_vocab: 100277,
    sha256: "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    url: "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
  },
  o200k_base: {
    name: "o200k_base",
    pat_str: resolvePattern("o200k").source,
    special_tokens: { "<|endoftext|>": 199999, "<|endofprompt|>": 200018 },
    explicit_n_vocab: 200019,
    sha256: "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    url: "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
  },
  p50k_base: {
    name: "p50k_base",
    pat_str: resolvePattern("gpt2").source,
    special_tokens: { "<|endoftext|>": 50256 },
    explicit_n_vocab: 50281,
    sha256: "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069",
    url: "https://openaipublic.blob.core.windows.net/encodings/p50k_base.tiktoken",
  },
  r50k_base: {
    name: "r50k_base",
    pat_str: resolvePattern("gpt2").source,
    special_tokens: { "<|endoftext|>": 50256 },
    explicit_n_vocab: 50257,
    sha256: "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930",
    url: "https://openaipublic.blob.core.windows.net/encodings/r50k_base.tiktoken",
  },
};

/** Reads `base64 rank` lines: rank -> token bytes. */
export function parseTiktokenRanks(text: string | Uint8Array, source = "tiktoken file"): (Uint8Array | undefined)[] {
  if (typeof text !== "string") {
    const packed = parseTiktokenPacked(text);
    return packed ? unpackTokens(packed) : parseTiktokenRanks(new TextDecoder().decode(text), source);
  }
  const tokens: (Uint8Array | undefined)[] = [];
  let line = 0;
  for (let at = 0; at < text.length; ) {
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    line++;
    const row = text.slice(at, end).trim();
    at = end + 1;
    if (row === "") continue;
    const space = row.indexOf(" ");
    const rank = Number(row.slice(space + 1));
    if (space < 0 || !/^\d+$/.test(row.slice(space + 1))) throw new BytepairError(`${source}:${line}: expected "base64 rank", got ${JSON.stringify(row.slice(0, 60))}.`);
    if (tokens[rank]) throw new BytepairError(`${source}:${line}: rank ${rank} appears twice.`);
    try {
      tokens[rank] = fromBase64(row.slice(0, space));
    } catch {
      throw new BytepairError(`${source}:${line}: ${JSON.stringify(row.slice(0, space))} is not base64.`);
    }
  }
  return tokens;
}

const BASE64 = new Int8Array(256).fill(-1); // byte -> its base64 digit, -1: not one
for (let i = 0; i < 64; i++) BASE64["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charCodeAt(i)] = i;
const MAX_PACKED_RANK = 1 << 24; // higher ranks are read the slow way (a sparse array)

/**
 * Reads a `.tiktoken` file's bytes in one pass: base64 decoded straight into one buffer, no string
 * per line (o200k: 200k lines; the string parse and its garbage took ~0.5 CPU s). Undefined when a
 * line is anything but `base64 rank` in ascending rank order (spaces, bad base64, ranks out of
 * order or twice): parseTiktokenRanks then reads the text as before and names the bad line.
 */
export function parseTiktokenPacked(data: Uint8Array): PackedTokens | undefined {
  const bytes = new Uint8Array(Math.ceil((data.length * 3) / 4));
  let starts = new Uint32Array(1 << 12);
  let o = 0; // bytes decoded
  let next = 0; // the lowest rank the next line may have
  for (let at = 0; at < data.length; ) {
    let end = data.indexOf(0x0a, at);
    if (end < 0) end = data.length;
    const stop = end > at && data[end - 1] === 0x0d ? end - 1 : end; // \r\n line ends too
    const lineStart = at;
    at = end + 1;
    if (stop === lineStart) continue;
    // base64: groups of four digits, the last may end in = or ==
    let i = lineStart;
    let n = 0; // 24 bits of the group so far
    let digits = 0;
    let pad = 0;
    for (; i < stop && data[i] !== 0x20; i++) {
      const c = data[i];
      const d = BASE64[c];
      if (d < 0) {
        if (c !== 0x3d || digits % 4 < 2) return undefined;
        pad++;
      } else if (pad > 0) return undefined;
      n = (n << 6) | Math.max(d, 0); // "=" counts as zero bits
      if (++digits % 4 === 0) {
        bytes[o++] = n >> 16;
        if (pad < 2) bytes[o++] = (n >> 8) & 255;
        if (pad < 1) bytes[o++] = n & 255;
        n = 0;
      }
    }
    if (digits === 0 || digits % 4 !== 0 || i + 1 >= stop) return undefined;
    let rank = 0;
    for (i++; i < stop; i++) {
      const d = data[i] - 0x30;
      if (d < 0 || d > 9 || rank >= MAX_PACKED_RANK) return undefined;
      rank = rank * 10 + d;
    }
    if (rank < next || rank >= MAX_PACKED_RANK) return undefined;
    if (rank + 2 > starts.length) {
      const grown = new Uint32Array(Math.max(starts.length * 2, rank + 2));
      grown.set(starts.subarray(0, next));
      starts = grown;
    }
    // ids next..rank start where this token's bytes start (ids skipped are empty)
    const first = o - ((digits / 4) * 3 - pad);
    starts.fill(first, next, rank + 1);
    next = rank + 1;
  }
  const packed = starts.slice(0, next + 1);
  packed[next] = o;
  return { bytes: bytes.subarray(0, o), starts: packed };
}

/** Token bytes by id (rank) as a packed buffer. */
export function packTokens(tokens: ArrayLike<Uint8Array | undefined>): PackedTokens {
  let total = 0;
  for (let id = 0; id < tokens.length; id++) total += tokens[id]?.length ?? 0;
  const bytes = new Uint8Array(total);
  const starts = new Uint32Array(tokens.length + 1);
  let o = 0;
  for (let id = 0; id < tokens.length; id++) {
    starts[id] = o;
    const t = tokens[id];
    if (t) {
      bytes.set(t, o);
      o += t.length;
    }
  }
  starts[tokens.length] = o;
  return { bytes, starts };
}

/** A packed buffer as one Uint8Array view per id (undefined where there is no token). */
export function unpackTokens({ bytes, starts }: PackedTokens): (Uint8Array | undefined)[] {
  const tokens: (Uint8Array | undefined)[] = new Array(starts.length - 1);
  for (let id = 0; id + 1 < starts.length; id++) tokens[id] = starts[id + 1] > starts[id] ? bytes.subarray(starts[id], starts[id + 1]) : undefined;
  return tokens;
}

/** SHA-256 of text as UTF-8, in hex (WebCrypto: in Node and browsers). */
export async function sha256Hex(text: string | Uint8Array): Promise<string> {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The known encoding whose file this is, if any. */
export async function recognizeTiktoken(ranks: string | Uint8Array): Promise<string | undefined> {
  const hash = await sha256Hex(ranks);
  return Object.keys(TIKTOKEN_ENCODINGS).find((name) => TIKTOKEN_ENCODINGS[name].sha256 === hash);
}

/** A tokenizer from a `.tiktoken` file's text or bytes and its sidecar (or a known encoding's). */
export function loadTiktoken(ranks: string | Uint8Array, sidecar: TiktokenSidecar | string | undefined, source = "tiktoken file"): Tokenizer {
  const side: TiktokenSidecar | undefined = typeof sidecar === "string" ? parseSidecar(sidecar, `${source}.json`) : sidecar;
  if (!side) {
    throw new BytepairError(
      `${source} is not cl100k_base or o200k_base, and has no sidecar ${source}.json with its pattern and special tokens.`,
    );
  }
  const data = typeof ranks === "string" ? new TextEncoder().encode(ranks) : ranks;
  const packed = parseTiktokenPacked(data); // the fast parse, else the careful one that names a bad line
  const slow = packed ? undefined : parseTiktokenRanks(new TextDecoder().decode(data), source);
  const pattern = patternFromTiktoken(side.pat_str);
  const specialTokens = new Map(Object.entries(side.special_tokens ?? {}));
  const meta = { ...side.meta, ...(side.name && side.merge_rule !== "merges" ? { name: side.name } : {}) };
  if (side.merge_rule === "merges") {
    if (!Array.isArray(side.merges)) throw new BytepairError(`${source}.json: merge_rule "merges" needs a merges list.`);
    const list = slow ?? unpackTokens(packed!);
    const byteIds = new Array<number>(256).fill(-1);
    list.forEach((t, id) => {
      if (t?.length === 1) byteIds[t[0]] = id;
    });
    const lost = byteIds.indexOf(-1);
    if (lost >= 0) throw new BytepairError(`${source} is truncated or damaged: it has no token for byte ${lost}, and every byte needs one.`);
    const merges = side.merges.map(([left, right, id, count]) => ({ left, right, id, count }));
    const tokenizer = new Tokenizer({ pattern, byteIds, merges, specialTokens, meta });
    tokenizer.vocab.forEach((bytes, id) => {
      if (bytes && !list[id]) throw new BytepairError(`${source} is truncated or damaged: it has no token ${id}, which its sidecar's merges make.`);
    });
    list.forEach((bytes, id) => {
      if (bytes && toBase64(bytes) !== toBase64(tokenizer.vocab[id] ?? new Uint8Array())) {
        throw new BytepairError(`${source}: token ${id} differs from what the sidecar's merges make.`);
      }
    });
    return tokenizer;
  }
  const held = packed ? packedCount(packed) : slow!.reduce((n, t) => n + (t ? 1 : 0), 0);
  // tiktoken's own rule for a sidecar that gives explicit_n_vocab (the built-in table's counts gaps)
  if (typeof sidecar === "string" && side.explicit_n_vocab !== undefined && held + specialTokens.size !== side.explicit_n_vocab) {
    throw new BytepairError(
      `${source} is truncated or damaged: it holds ${held} tokens and its sidecar ${specialTokens.size} special tokens, but explicit_n_vocab says ${side.explicit_n_vocab}.`,
    );
  }
  return new Tokenizer({ pattern, ...(packed ? { packedTokens: packed } : { tokens: slow }), specialTokens, meta });
}

/** How many ids have a token. */
function packedCount({ starts }: PackedTokens): number {
  let n = 0;
  for (let id = 0; id + 1 < starts.length; id++) if (starts[id + 1] > starts[id]) n++;
  return n;
}

/** tiktoken has no pattern "none": a pattern that matches the whole text stands for it. */
export const WHOLE_TEXT = String.raw`[\s\S]+`;

/** A pattern as tiktoken (and Python `regex`) writes it: tiktoken's own string for the built-ins. */
export function patternForTiktoken(pattern: string): string {
  return pattern === "none" ? WHOLE_TEXT : resolvePattern(pattern).source;
}

/** A pattern from another tool, as a bytepair pattern: a built-in's name when it is one. */
export function patternFromTiktoken(source: string): string {
  if (source === WHOLE_TEXT) return "none";
  const resolved = resolvePattern(source);
  return resolved.name === "custom" ? source : resolved.name;
}

function parseSidecar(text: string, source: string): TiktokenSidecar {
  let side: TiktokenSidecar;
  try {
    side = JSON.parse(text);
  } catch (error) {
    throw new BytepairError(`${source} is not JSON (${(error as Error).message}).`);
  }
  if (typeof side?.pat_str !== "string") throw new BytepairError(`${source} has no "pat_str" (the pattern).`);
  return side;
}

/** The `.tiktoken` file (rank = id) and its sidecar, as text. */
export function saveTiktoken(t: Tokenizer, name = String(t.meta.name ?? "bytepair")): { ranks: string; sidecar: string } {
  if (t.normalizer.length) throw new BytepairError(`tiktoken files cannot hold a normalizer (${t.normalizer.join(", ")}); save as bytepair or hf.`, "ERR_UNSUPPORTED");
  const lines: string[] = [];
  t.vocab.forEach((bytes, id) => {
    if (bytes) lines.push(`${toBase64(bytes)} ${id}`);
  });
  const side: TiktokenSidecar = {
    format: SIDECAR_FORMAT,
    name,
    pat_str: patternForTiktoken(t.pattern),
    special_tokens: Object.fromEntries(t.specialTokens),
    merge_rule: t.mergeRule,
  };
  // tiktoken asserts explicit_n_vocab == tokens + special tokens, so it is left out when ids have gaps (cl100k)
  if (t.nVocab === t.vocabSize) side.explicit_n_vocab = t.nVocab;
  if (t.mergeRule === "merges") {
    side.merges = t.merges.map((m) => [m.left, m.right, m.id, m.count]);
    side.meta = t.meta;
  }
  return { ranks: lines.join("\n") + "\n", sidecar: JSON.stringify(side, null, 1) + "\n" };
}
