// A trained (or loaded) byte-level BPE tokenizer: merges in rank order, the id of each byte,
// special tokens and the pre-tokenization pattern. Encodes, decodes, saves and loads.
import { HF_BYTE_RANK } from "./bytelevel.js";
import type { Merge } from "./engine.js";
import { mergeByRank, pairKey, type MergeRanks } from "./encode.js";
import { BytepairError } from "./errors.js";
import { resolvePattern, splitChunks } from "./pretokenize.js";

export type IdScheme = "raw" | "hf";

export interface TokenizerSpec {
  /** Pre-tokenization: a built-in pattern name ("none", "gpt2", "cl100k", "o200k") or a regex source. */
  pattern: string;
  ids: IdScheme;
  /** The id of each byte 0..255. */
  byteIds: ArrayLike<number>;
  /** In rank order. */
  merges: readonly Merge[];
  /** Special token text -> id. */
  specialTokens?: ReadonlyMap<string, number> | Record<string, number>;
  /** Training facts worth keeping (never timings: the file must be identical across runs). */
  meta?: Record<string, unknown>;
}

/** The id of each byte under an id scheme, given the number of special tokens (which "hf" puts first). */
export function byteIdsFor(ids: IdScheme, specials: number): Uint32Array {
  return Uint32Array.from({ length: 256 }, (_, b) => (ids === "raw" ? b : specials + HF_BYTE_RANK[b]));
}

const encoder = new TextEncoder();

export class Tokenizer {
  readonly pattern: string;
  readonly ids: IdScheme;
  readonly byteIds: Uint32Array;
  readonly merges: readonly Merge[];
  readonly specialTokens: ReadonlyMap<string, number>;
  readonly meta: Record<string, unknown>;
  /** id -> its bytes (undefined for special tokens). */
  readonly vocab: (Uint8Array | undefined)[] = [];
  private readonly ranks: MergeRanks = new Map();
  private readonly regex: RegExp | null;
  private readonly cache = new Map<string, number[]>(); // chunk -> ids, for repeated chunks

  constructor(spec: TokenizerSpec) {
    this.pattern = spec.pattern;
    this.ids = spec.ids;
    this.byteIds = Uint32Array.from(spec.byteIds);
    this.merges = spec.merges.map((m) => ({ ...m }));
    this.specialTokens = new Map(spec.specialTokens instanceof Map ? spec.specialTokens : Object.entries(spec.specialTokens ?? {}));
    this.meta = { ...spec.meta };
    this.regex = resolvePattern(spec.pattern).regex;
    this.byteIds.forEach((id, b) => (this.vocab[id] = Uint8Array.of(b)));
    this.merges.forEach((m, rank) => {
      const left = this.vocab[m.left];
      const right = this.vocab[m.right];
      if (!left || !right) throw new BytepairError(`Merge ${rank} uses an id that is not a token yet (${m.left}, ${m.right}).`);
      const bytes = new Uint8Array(left.length + right.length);
      bytes.set(left);
      bytes.set(right, left.length);
      const known = this.vocab[m.id];
      if (known && !sameBytes(known, bytes)) throw new BytepairError(`Merge ${rank} gives id ${m.id} two different byte strings.`);
      this.vocab[m.id] = bytes;
      const key = pairKey(m.left, m.right);
      if (!this.ranks.has(key)) this.ranks.set(key, { rank, id: m.id });
    });
    for (const [text, id] of this.specialTokens) {
      if (this.vocab[id]) throw new BytepairError(`Special token ${JSON.stringify(text)} has id ${id}, which is already a token.`);
    }
  }

  /** Number of ids in use: bytes, distinct merged tokens and special tokens. */
  get vocabSize(): number {
    let n = this.specialTokens.size;
    for (const bytes of this.vocab) if (bytes) n++;
    return n;
  }

  /** Ids of a text (or raw bytes, with pattern "none"). Special tokens in the text are encoded as plain text unless allowed. */
  encode(input: string | Uint8Array, options: { allowedSpecial?: "all" | readonly string[] } = {}): number[] {
    if (typeof input !== "string") return this.encodeChunk(input);
    const allowed = options.allowedSpecial === "all" ? [...this.specialTokens.keys()] : (options.allowedSpecial ?? []);
    const out: number[] = [];
    for (const piece of splitSpecials(input, allowed)) {
      if (piece.special) out.push(this.specialTokens.get(piece.text)!);
      else for (const chunk of splitChunks(piece.text, this.regex)) out.push(...this.encodeCachedChunk(chunk));
    }
    return out;
  }

  private encodeCachedChunk(chunk: string): number[] {
    if (chunk.length > 256) return this.encodeChunk(encoder.encode(chunk));
    let ids = this.cache.get(chunk);
    if (!ids) {
      ids = this.encodeChunk(encoder.encode(chunk));
      if (this.cache.size > 100_000) this.cache.clear();
      this.cache.set(chunk, ids);
    }
    return ids;
  }

  /** Ids of one chunk of bytes (no pre-tokenization). */
  encodeChunk(bytes: Uint8Array): number[] {
    const ids = Array.from(bytes, (b) => this.byteIds[b]);
    return mergeByRank(ids, this.ranks);
  }

  decodeBytes(ids: Iterable<number>): Uint8Array {
    const parts: Uint8Array[] = [];
    let length = 0;
    for (const id of ids) {
      const bytes = this.tokenBytes(id);
      parts.push(bytes);
      length += bytes.length;
    }
    const out = new Uint8Array(length);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /** Text of the ids; bytes that are not valid UTF-8 become U+FFFD. */
  decode(ids: Iterable<number>): string {
    return new TextDecoder().decode(this.decodeBytes(ids));
  }

  tokenBytes(id: number): Uint8Array {
    const bytes = this.vocab[id];
    if (bytes) return bytes;
    for (const [text, special] of this.specialTokens) if (special === id) return encoder.encode(text);
    throw new BytepairError(`Token id ${id} is not in this tokenizer's vocabulary.`);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Cuts text at the allowed special tokens (longest first). */
function* splitSpecials(text: string, allowed: readonly string[]): Generator<{ text: string; special: boolean }> {
  if (allowed.length === 0) {
    yield { text, special: false };
    return;
  }
  const escaped = [...allowed].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const re = new RegExp(escaped.join("|"), "g");
  let at = 0;
  for (const m of text.matchAll(re)) {
    if (m.index! > at) yield { text: text.slice(at, m.index), special: false };
    yield { text: m[0], special: true };
    at = m.index! + m[0].length;
  }
  if (at < text.length) yield { text: text.slice(at), special: false };
}
