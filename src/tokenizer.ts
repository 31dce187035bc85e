// A trained (or loaded) byte-level BPE tokenizer: the id of each byte, the merges (or, for tiktoken
// vocabularies, only ranked tokens), special tokens and the pre-tokenization pattern. Encodes with
// the pure-TS encoder (src/encode.ts) or, after `await useEngine("wasm")`, the WebAssembly one.
import { concatBytes, concatIds } from "./concat.js";
import { SpecialBytes, specialsRegex } from "./specials.js";
import { HF_BYTE_RANK } from "./bytelevel.js";
import type { EngineName, Merge } from "./engine.js";
import { byteKey, deriveMerges, mergeByRank, mergePairs, tokenPairs, type MergeRule, type PairTable } from "./encode.js";
import { WasmEncoder, type PackedTokens } from "./encode-wasm.js";
export type { PackedTokens } from "./encode-wasm.js";
import { BytepairError, UsageError } from "./errors.js";
import { resolvePattern, splitBytes, splitChunks } from "./pretokenize.js";

export type { MergeRule } from "./encode.js";

/** "raw": byte b is id b; "hf": GPT-2/HuggingFace byte order after the special tokens; "custom": any other (tiktoken's ranks). */
export type IdScheme = "raw" | "hf" | "custom";

export interface TokenizerSpec {
  /** Pre-tokenization: a built-in pattern name ("none", "gpt2", "cl100k", "o200k") or a regex source. */
  pattern: string;
  /** Worked out from byteIds when absent. */
  ids?: IdScheme;
  /** The id of each byte 0..255 (worked out from `tokens` when absent). */
  byteIds?: ArrayLike<number>;
  /** In rank order. Give either merges or tokens. */
  merges?: readonly Merge[];
  /** A rank-only vocabulary (tiktoken's mergeable_ranks): id -> token bytes, rank = id. Implies mergeRule "ranks". */
  tokens?: ArrayLike<Uint8Array | undefined>;
  /** As `tokens`, packed in one buffer (what the tiktoken loader makes: no object per token). */
  packedTokens?: PackedTokens;
  /** "merges" (default): only listed merges apply; "ranks": any two tokens that make a token (tiktoken). See src/encode.ts. */
  mergeRule?: MergeRule;
  /** Special token text -> id. */
  specialTokens?: ReadonlyMap<string, number> | Record<string, number>;
  /** Training facts worth keeping (never timings: the file must be identical across runs). */
  meta?: Record<string, unknown>;
  /** Text normalization before pre-tokenization, in order (HuggingFace's normalizers); none by default. */
  normalizer?: readonly Normalization[];
}

/** A normalization step: a Unicode normal form, or lowercasing (HF's Lowercase: String.toLowerCase). */
export type Normalization = "NFC" | "NFD" | "NFKC" | "NFKD" | "lowercase";
export const NORMALIZATIONS: readonly Normalization[] = ["NFC", "NFD", "NFKC", "NFKD", "lowercase"];

/** Which special tokens encode() recognizes: "all" or a list (default none); disallowed ones in the text are an error (default all others). */
export interface EncodeOptions {
  allowedSpecial?: "all" | Iterable<string>;
  disallowedSpecial?: "all" | Iterable<string>;
}

/** The id of each byte under an id scheme, given the number of special tokens (which "hf" puts first). */
export function byteIdsFor(ids: IdScheme, specials: number): Uint32Array {
  if (ids === "custom") throw new BytepairError('Byte ids of scheme "custom" must be given.');
  return Uint32Array.from({ length: 256 }, (_, b) => (ids === "raw" ? b : specials + HF_BYTE_RANK[b]));
}

/** The scheme that byteIds follow. */
export function idSchemeOf(byteIds: ArrayLike<number>, specials: number): IdScheme {
  const is = (scheme: "raw" | "hf") => byteIdsFor(scheme, specials).every((id, b) => byteIds[b] === id);
  return is("raw") ? "raw" : is("hf") ? "hf" : "custom";
}

const encoder = new TextEncoder();
const BATCH_BYTES = 1 << 20; // the wasm engine encodes ~1 MB of text per call
const CACHE_ENTRIES = 100_000;

export class Tokenizer {
  readonly pattern: string;
  readonly ids: IdScheme;
  readonly byteIds: Uint32Array;
  readonly mergeRule: MergeRule;
  readonly specialTokens: ReadonlyMap<string, number>;
  readonly meta: Record<string, unknown>;
  /** Applied, in order, to the text between special tokens before it is split and encoded. */
  readonly normalizer: readonly Normalization[];
  /** The encoder in use: "ts" until useEngine("wasm") resolves (train() with the wasm engine and the async loaders do). */
  engine: EngineName = "ts";
  private givenMerges: Merge[] | undefined;
  private vocabList: (Uint8Array | undefined)[] | undefined; // id -> its bytes, made on first use from `packed`
  private readonly packed: PackedTokens | undefined; // a tiktoken vocabulary as loaded: no object per token
  private rankedList: { id: number; bytes: Uint8Array }[] | undefined; // made on first use from `packed`
  private rankedCount = 0;
  private pairTable: PairTable | undefined;
  private tokenIndex: Map<string, number> | undefined; // byteKey(bytes) -> id
  private readonly resolved: ReturnType<typeof resolvePattern>; // the built-in patterns' regexes are compiled when first used
  private readonly cache = new Map<string, number[]>(); // chunk -> ids, for repeated chunks
  private readonly byteCache = new Map<string, number[]>(); // byteKey(chunk) -> ids, for chunks of bytes
  private wasm: WasmEncoder | undefined;
  private specialsById: Map<number, string> | undefined;
  private readonly specialRegexes = new Map<string, RegExp | null>();

  private get regex(): RegExp | null {
    return this.resolved.regex;
  }

  constructor(spec: TokenizerSpec) {
    this.pattern = spec.pattern;
    this.resolved = resolvePattern(spec.pattern);
    this.specialTokens = new Map(spec.specialTokens instanceof Map ? spec.specialTokens : Object.entries(spec.specialTokens ?? {}));
    this.meta = { ...spec.meta };
    this.normalizer = [...(spec.normalizer ?? [])];
    for (const step of this.normalizer) if (!NORMALIZATIONS.includes(step)) throw new BytepairError(`Unknown normalization "${step}"; bytepair knows ${NORMALIZATIONS.join(", ")}.`);
    if (spec.packedTokens) {
      this.mergeRule = "ranks";
      this.packed = spec.packedTokens;
      this.byteIds = this.loadPacked(spec.packedTokens);
    } else if (spec.tokens) {
      this.mergeRule = "ranks";
      this.byteIds = this.loadTokens(spec.tokens);
    } else {
      if (!spec.byteIds || !spec.merges) throw new BytepairError("A tokenizer needs byte ids and merges, or ranked tokens.");
      this.mergeRule = spec.mergeRule ?? "merges";
      this.byteIds = Uint32Array.from(spec.byteIds);
      this.givenMerges = spec.merges.map((m) => ({ ...m }));
      this.loadMerges(this.givenMerges);
    }
    this.ids = spec.ids ?? idSchemeOf(this.byteIds, this.specialTokens.size);
    for (const [text, id] of this.specialTokens) {
      if (text === "") throw new BytepairError("A special token cannot be empty.");
      if (this.hasToken(id)) throw new BytepairError(`Special token ${JSON.stringify(text)} has id ${id}, which is already a token.`);
    }
  }

  /** id -> its bytes (undefined for special tokens and unused ids). */
  get vocab(): (Uint8Array | undefined)[] {
    if (!this.vocabList) {
      const { bytes, starts } = this.packed!;
      this.vocabList = new Array(starts.length - 1);
      for (let id = 0; id + 1 < starts.length; id++) this.vocabList[id] = starts[id + 1] > starts[id] ? bytes.subarray(starts[id], starts[id + 1]) : undefined;
    }
    return this.vocabList;
  }

  /** Ranks rule: the tokens of two bytes or more, lowest rank first. */
  private get ranked(): { id: number; bytes: Uint8Array }[] {
    if (!this.rankedList) {
      this.rankedList = [];
      this.vocab.forEach((bytes, id) => {
        if (bytes && bytes.length > 1) this.rankedList!.push({ id, bytes });
      });
    }
    return this.rankedList;
  }

  private hasToken(id: number): boolean {
    if (this.vocabList) return this.vocabList[id] !== undefined;
    const starts = this.packed!.starts;
    return id + 1 < starts.length && starts[id + 1] > starts[id];
  }

  /** A packed rank-only vocabulary: the id of each byte (every byte must be a token); the rest stays packed until used. */
  private loadPacked({ starts }: PackedTokens): Uint32Array {
    const byteIds = new Int32Array(256).fill(-1);
    for (let id = 0; id + 1 < starts.length; id++) {
      const length = starts[id + 1] - starts[id];
      if (length === 1) byteIds[this.packed!.bytes[starts[id]]] = id;
      else if (length > 1) this.rankedCount++;
    }
    const missing = byteIds.indexOf(-1);
    if (missing >= 0) throw new BytepairError(`The vocabulary has no token for byte ${missing}; every byte needs one.`);
    return Uint32Array.from(byteIds);
  }

  private loadMerges(merges: readonly Merge[]): void {
    this.vocabList = [];
    this.rankedList = [];
    if (this.byteIds.length !== 256) throw new BytepairError(`A tokenizer needs the ids of 256 bytes, not ${this.byteIds.length}.`);
    this.byteIds.forEach((id, b) => {
      if (this.vocab[id]) throw new BytepairError(`Bytes ${this.vocab[id]![0]} and ${b} have the same id ${id}.`);
      this.vocab[id] = Uint8Array.of(b);
    });
    merges.forEach((m, rank) => {
      const left = this.vocab[m.left];
      const right = this.vocab[m.right];
      if (!left || !right) throw new BytepairError(`Merge ${rank} uses an id that is not a token yet (${m.left}, ${m.right}).`);
      const bytes = new Uint8Array(left.length + right.length);
      bytes.set(left);
      bytes.set(right, left.length);
      const known = this.vocab[m.id];
      if (known) {
        if (!sameBytes(known, bytes)) throw new BytepairError(`Merge ${rank} gives id ${m.id} two different byte strings.`);
      } else {
        this.vocab[m.id] = bytes;
        this.ranked.push({ id: m.id, bytes });
        this.rankedCount++;
      }
    });
  }

  /** A rank-only vocabulary: every byte must be a token; returns the byte ids. */
  private loadTokens(tokens: ArrayLike<Uint8Array | undefined>): Uint32Array {
    this.vocabList = [];
    this.rankedList = [];
    const byteIds = new Int32Array(256).fill(-1);
    for (let id = 0; id < tokens.length; id++) {
      const bytes = tokens[id];
      if (!bytes) continue;
      if (bytes.length === 0) throw new BytepairError(`Token ${id} is empty.`);
      this.vocab[id] = bytes;
      if (bytes.length === 1) byteIds[bytes[0]] = id;
      else {
        this.ranked.push({ id, bytes });
        this.rankedCount++;
      }
    }
    const missing = byteIds.indexOf(-1);
    if (missing >= 0) throw new BytepairError(`The vocabulary has no token for byte ${missing}; every byte needs one.`);
    return Uint32Array.from(byteIds);
  }

  /** The merges in rank order. For a rank-only vocabulary, the merge that makes each token, derived on first use. */
  get merges(): readonly Merge[] {
    if (!this.givenMerges) {
      try {
        this.givenMerges = deriveMerges(this.ranked, this.byteIds, this.pairs());
      } catch (error) {
        throw new BytepairError(`This vocabulary cannot be written as merges: ${(error as Error).message}.`);
      }
    }
    return this.givenMerges;
  }

  /** Number of ids in use: bytes, distinct merged tokens and special tokens. */
  get vocabSize(): number {
    return 256 + this.rankedCount + this.specialTokens.size;
  }

  /** One more than the highest id (tiktoken's n_vocab): 100,277 for cl100k_base. */
  get nVocab(): number {
    let max = (this.vocabList ? this.vocabList.length : this.packed!.starts.length - 1) - 1;
    for (const id of this.specialTokens.values()) max = Math.max(max, id);
    return max + 1;
  }

  /** Switches encoding to the WebAssembly core ("wasm") or back to the TypeScript twin ("ts"). */
  async useEngine(engine: EngineName): Promise<this> {
    if (engine === "wasm" && !this.wasm) {
      const merges = this.mergeRule === "merges" ? this.merges : [];
      const tokens = this.packed && !this.rankedList ? { packed: this.packed } : { ranked: this.ranked };
      this.wasm = await WasmEncoder.create({ rule: this.mergeRule, pattern: this.pattern, byteIds: this.byteIds, merges, ...tokens });
    }
    this.engine = engine;
    return this;
  }

  /**
   * Encodes with the WebAssembly core when it loads here (the async loaders and train() call this),
   * else stays on the TypeScript twin: e.g. a page whose CSP forbids WebAssembly.
   */
  async useBestEngine(): Promise<this> {
    try {
      return await this.useEngine("wasm");
    } catch {
      return this;
    }
  }

  /** Forgets the encoded chunks both encoders keep for repeated chunks (to free memory, or to time a cold cache). */
  clearCache(): void {
    this.cache.clear();
    this.byteCache.clear();
    this.wasm?.clearCache();
  }

  /**
   * Ids of a text, as tiktoken's encode: special tokens in `allowedSpecial` become their ids, and
   * any other special token in the text is an error unless `disallowedSpecial` leaves it out.
   * Bytes are a document's bytes, kept exactly (see encodeBytes).
   */
  encode(input: string | Uint8Array, options: EncodeOptions = {}): number[] {
    if (typeof input !== "string") return this.encodeBytes(input, options);
    return this.encodeBatch([input], options)[0];
  }

  /**
   * Ids of a document's bytes, exactly as stored: pre-tokenized as their lossy decoding would be
   * (each maximal invalid UTF-8 sequence counts as U+FFFD), but every chunk holds the original
   * bytes, so decodeBytes(encodeBytes(b)) = b for any bytes. Special tokens are found in the bytes.
   */
  encodeBytes(data: Uint8Array, options: EncodeOptions = {}): number[] {
    const ids = this.encodeBytesToArray(data, options);
    return Array.isArray(ids) ? ids : Array.from(ids);
  }

  /** As encodeBytes, as a typed array when the wasm engine made it (no copy into a JS array). */
  encodeBytesToArray(data: Uint8Array, options: EncodeOptions = {}): number[] | Uint32Array {
    const parts = this.encodeBytesParts<number[] | Uint32Array>(data, options, (wasm) => wasm.flush(), (ids) => ids);
    return parts.length === 1 ? parts[0] : concatIds(parts);
  }

  /**
   * A document's bytes encoded in consecutive parts (the wasm engine's batches, each read by `flush`;
   * one part on the TS engine, read by `ts`).
   */
  private encodeBytesParts<T>(data: Uint8Array, options: EncodeOptions, flush: (wasm: WasmEncoder) => T[], ts: (ids: number[]) => T): T[] {
    const { allowed, disallowed } = this.specialLists(options);
    const found = SpecialBytes.of(disallowed)?.find(data);
    if (found) throw this.disallowedError(found[1]);
    const pieces = SpecialBytes.of(allowed)?.cut(data) ?? [data];
    if (this.engine === "wasm") {
      // a long document goes through the core a megabyte at a time, cut where a chunk surely ends
      const wasm = this.wasm!;
      const parts: T[] = [];
      try {
        for (const piece of pieces) {
          if (typeof piece === "string") wasm.addToken(this.specialTokens.get(piece)!);
          else {
            for (const segment of wasm.segments(piece, BATCH_BYTES)) {
              wasm.addBytes(segment);
              if (wasm.staged < BATCH_BYTES) continue;
              wasm.endDocument();
              parts.push(...flush(wasm));
            }
          }
        }
        wasm.endDocument();
        parts.push(...flush(wasm));
        return parts;
      } catch (error) {
        wasm.discard();
        throw error;
      }
    }
    const ids: number[] = [];
    for (const piece of pieces) {
      if (typeof piece === "string") ids.push(this.specialTokens.get(piece)!);
      else for (const chunk of splitBytes(piece, this.regex)) for (const id of this.encodeCachedBytes(chunk)) ids.push(id);
    }
    return [ts(ids)];
  }

  /**
   * Ids of one document that arrives as blocks of bytes (a big file read a few megabytes at a time),
   * in parts: the same ids as encodeBytes of the whole. Each block is encoded up to the last point
   * where a chunk surely ends (see cutPoint); the rest waits for the next block.
   */
  async *encodeBytesBlocks(blocks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: EncodeOptions = {}): AsyncGenerator<number[] | Uint32Array> {
    for await (const piece of this.documentPieces(blocks)) yield this.encodeBytesToArray(piece, options);
  }

  /** countTokens of one document that arrives as blocks of bytes (as encodeBytesBlocks; no array of all the ids). */
  async countTokensInBlocks(blocks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: EncodeOptions = {}): Promise<number> {
    let n = 0;
    for await (const piece of this.documentPieces(blocks)) n += this.countTokens(piece, options);
    return n;
  }

  /** Blocks of a document regrouped into pieces that encode apart to the same ids as together. */
  private async *documentPieces(blocks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    // cutting after a "\n" is safe for the built-in patterns, unless a special token holds a "\n"
    const cuts = ["gpt2", "cl100k", "o200k"].includes(resolvePattern(this.pattern).name) && ![...this.specialTokens.keys()].some((t) => t.includes("\n"));
    let carry: Uint8Array[] = []; // blocks since the last cut (joined once a later block has a cut: linear, however long)
    for await (const block of blocks) {
      const cut = cuts ? cutPoint(block) : 0;
      if (cut === 0) {
        carry.push(block);
        continue;
      }
      yield join([...carry, block.subarray(0, cut)]);
      carry = [block.subarray(cut)];
    }
    yield join(carry);
  }

  /** Ids of a text with special tokens treated as plain text (tiktoken's encode_ordinary). */
  encodeOrdinary(text: string): number[] {
    return this.encodeBatch([text], { allowedSpecial: [], disallowedSpecial: [] })[0];
  }

  /** The text after this tokenizer's normalization steps. */
  normalize(text: string): string {
    for (const step of this.normalizer) text = step === "lowercase" ? text.toLowerCase() : text.normalize(step);
    return text;
  }

  /** How many tokens a text makes: encode(input, options).length, without building the JS array. */
  countTokens(input: string | Uint8Array, options: EncodeOptions = {}): number {
    if (typeof input !== "string") return this.encodeBytesParts(input, options, (wasm) => wasm.flushCounts(), (ids) => ids.length).reduce((n, count) => n + count, 0);
    return this.encodeBatchToArrays([input], options)[0].length;
  }

  /**
   * Encodes a text that arrives in pieces (strings, or UTF-8 bytes cut anywhere), yielding ids as
   * soon as they are certain: the same ids, in order, as encode() of the whole text. The last two
   * pre-tokenization chunks, trailing whitespace and any special token they might begin wait for
   * the next piece, as a chunk can grow with what follows. Pattern "none" is one chunk: everything waits for the end.
   */
  async *encodeStream(pieces: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, options: EncodeOptions = {}): AsyncGenerator<number[]> {
    this.specialPlan(options); // unknown special tokens fail before reading anything
    const allowed = options.allowedSpecial === "all" ? [...this.specialTokens.keys()] : [...(options.allowedSpecial ?? [])];
    const decoder = new TextDecoder();
    let pending = "";
    for await (const piece of pieces) {
      pending += typeof piece === "string" ? piece : decoder.decode(piece, { stream: true });
      const cut = this.streamCut(pending, allowed);
      if (cut === 0) continue;
      yield this.encode(pending.slice(0, cut), options);
      pending = pending.slice(cut);
    }
    pending += decoder.decode();
    if (pending !== "") yield this.encode(pending, options);
  }

  /** Where a pending streamed text can be cut without changing its ids: before its last two chunks, outside special tokens. */
  private streamCut(text: string, allowed: readonly string[]): number {
    if (this.regex === null) return 0;
    // chunks start after the last allowed special token (encode splits at those first)
    let after = 0;
    for (const special of allowed) {
      const at = text.lastIndexOf(special);
      if (at >= 0) after = Math.max(after, at + special.length);
    }
    const starts: number[] = [];
    let at = after;
    for (const chunk of splitChunks(text.slice(after), this.regex)) {
      starts.push(at);
      at += chunk.length;
    }
    // before the last two chunks, and not after whitespace: cl100k and o200k read whitespace at the
    // very end of a text (`\s++$`) differently from whitespace that something follows
    let k = starts.length - 2;
    while (k > 0 && /[\s\u0085]/u.test(text[starts[k] - 1])) k--;
    let cut = k > 0 ? starts[k] : after;
    for (const special of allowed) {
      // a special token the text's tail may be the start of stays pending
      for (let from = Math.max(after, cut - special.length + 1); from < cut; from++) {
        if (special.startsWith(text.slice(from, Math.min(text.length, from + special.length)))) {
          cut = from;
          break;
        }
      }
    }
    return cut;
  }

  /** Ids of many texts; the wasm engine encodes about a megabyte of them per call. */
  encodeBatch(texts: Iterable<string>, options: EncodeOptions = {}): number[][] {
    return this.encodeBatchToArrays(texts, options).map((ids) => (Array.isArray(ids) ? ids : Array.from(ids)));
  }

  /** As encodeBatch, but as typed arrays when the wasm engine made them (no copy into JS arrays). */
  encodeBatchToArrays(texts: Iterable<string>, options: EncodeOptions = {}): (number[] | Uint32Array)[] {
    const specials = this.specialPlan(options);
    const out: (number[] | Uint32Array)[] = [];
    const wasm = this.engine === "wasm" ? this.wasm! : undefined;
    try {
      for (const text of texts) {
        const pieces = this.normalizer.length ? this.splitSpecials(text, specials).map((p) => (typeof p === "string" ? this.normalize(p) : p)) : this.splitSpecials(text, specials);
        if (wasm) {
          for (const piece of pieces) typeof piece === "number" ? wasm.addToken(piece) : wasm.addText(piece);
          wasm.endDocument();
          if (wasm.staged >= BATCH_BYTES) out.push(...wasm.flush());
          continue;
        }
        const ids: number[] = [];
        for (const piece of pieces) {
          if (typeof piece === "number") ids.push(piece);
          else for (const chunk of splitChunks(piece, this.regex)) for (const id of this.encodeCachedChunk(chunk)) ids.push(id);
        }
        out.push(ids);
      }
      if (wasm) out.push(...wasm.flush());
    } catch (error) {
      wasm?.discard();
      throw error;
    }
    return out;
  }

  /**
   * Documents' bytes encoded as encodeBytes with special tokens as ordinary text (tiktoken's
   * encode_ordinary), joined: a token id may go before or after each (a separator), and `ends`
   * says where each document ends in `ids`. The wasm engine makes one array per megabyte, not one
   * per document (what `tokenize` writes as it is). The normalizer, if any, is not applied.
   * `into`: an array to write the ids into (reused by the caller: `ids` is then a view of it from
   * its start, unless it was too small).
   */
  encodeOrdinaryBytesJoined(docs: readonly { bytes: Uint8Array; before?: number; after?: number }[], into?: Uint32Array): { ids: Uint32Array; ends: Uint32Array } {
    const lengths = new Uint32Array(docs.length); // tokens of each document
    const parts: Uint32Array[] = [];
    const wasm = this.engine === "wasm" ? this.wasm! : undefined;
    const staged: number[] = []; // document of each document staged in the core (a long one is staged in several)
    let out = into ?? new Uint32Array(0); // the wasm engine's ids so far: out[0..written)
    let written = 0;
    const room = (n: number) => {
      if (written + n > out.length) {
        const grown = new Uint32Array(Math.max(written + n, out.length * 2, 1 << 16));
        grown.set(out.subarray(0, written));
        out = grown;
      }
      written += n;
      return out.subarray(written - n, written);
    };
    const take = () => {
      const ends = wasm!.flushInto(room);
      ends.forEach((end, i) => (lengths[staged[i]] += end - (i > 0 ? ends[i - 1] : 0)));
      staged.length = 0;
    };
    try {
      docs.forEach((doc, d) => {
        if (!wasm) {
          const ids = [...(doc.before === undefined ? [] : [doc.before]), ...this.encodeBytes(doc.bytes, { allowedSpecial: [], disallowedSpecial: [] }), ...(doc.after === undefined ? [] : [doc.after])];
          lengths[d] = ids.length;
          parts.push(Uint32Array.from(ids));
          return;
        }
        if (doc.before !== undefined) wasm.addToken(doc.before);
        // a long document goes through the core a megabyte at a time, cut where a chunk surely ends
        for (const segment of wasm.segments(doc.bytes, BATCH_BYTES)) {
          wasm.addBytes(segment);
          if (wasm.staged < BATCH_BYTES) continue;
          wasm.endDocument();
          staged.push(d);
          take();
        }
        if (doc.after !== undefined) wasm.addToken(doc.after);
        wasm.endDocument();
        staged.push(d);
        if (wasm.staged >= BATCH_BYTES) take();
      });
      if (wasm) take();
    } catch (error) {
      wasm?.discard();
      throw error;
    }
    const ends = new Uint32Array(docs.length);
    let end = 0;
    lengths.forEach((n, d) => (ends[d] = end += n));
    return { ids: wasm ? out.subarray(0, written) : concatIds(parts), ends };
  }

  /** The allowed and the disallowed special tokens, after checking the options; throws on unknown tokens. */
  private specialLists(options: EncodeOptions): { allowed: string[]; disallowed: string[] } {
    const all = [...this.specialTokens.keys()];
    const pick = (v: "all" | Iterable<string> | undefined, fallback: string[]) => {
      if (v === undefined) return fallback;
      if (v === "all") return all;
      const list = [...v];
      for (const s of list) if (!this.specialTokens.has(s)) throw new UsageError(`${JSON.stringify(s)} is not a special token of this tokenizer.`);
      return list;
    };
    const allowed = new Set(pick(options.allowedSpecial, []));
    const disallowed = pick(options.disallowedSpecial, all.filter((s) => !allowed.has(s))).filter((s) => !allowed.has(s));
    return { allowed: [...allowed], disallowed };
  }

  /** The allowed special tokens as a regex (null: none), and the disallowed ones. */
  private specialPlan(options: EncodeOptions): { allowed: RegExp | null; disallowed: RegExp | null } {
    const { allowed, disallowed } = this.specialLists(options);
    return { allowed: this.specialRegex(allowed), disallowed: this.specialRegex(disallowed) };
  }

  private disallowedError(token: string): BytepairError {
    return new BytepairError(
      `The text contains the special token ${JSON.stringify(token)}; allow it to encode it as its id, or disallow none to encode it as text.`,
    );
  }

  private specialRegex(tokens: string[]): RegExp | null {
    const key = JSON.stringify(tokens);
    let re = this.specialRegexes.get(key);
    if (re === undefined) {
      re = specialsRegex(tokens);
      this.specialRegexes.set(key, re);
    }
    return re;
  }

  /** The text cut at allowed special tokens (as ids); a disallowed special token is an error. */
  private splitSpecials(text: string, specials: { allowed: RegExp | null; disallowed: RegExp | null }): (string | number)[] {
    if (specials.disallowed) {
      specials.disallowed.lastIndex = 0; // the regexes are shared: exec and matchAll start at lastIndex
      const found = specials.disallowed.exec(text);
      specials.disallowed.lastIndex = 0;
      if (found) throw this.disallowedError(found[0]);
    }
    if (!specials.allowed) return [text];
    const pieces: (string | number)[] = [];
    let at = 0;
    specials.allowed.lastIndex = 0;
    for (const m of text.matchAll(specials.allowed)) {
      if (m.index > at) pieces.push(text.slice(at, m.index));
      pieces.push(this.specialTokens.get(m[0])!);
      at = m.index + m[0].length;
    }
    if (at < text.length) pieces.push(text.slice(at));
    return pieces;
  }

  private encodeCachedChunk(chunk: string): number[] {
    if (chunk.length > 256) return this.encodeChunk(encoder.encode(chunk));
    let ids = this.cache.get(chunk);
    if (!ids) {
      ids = this.encodeChunk(encoder.encode(chunk));
      if (this.cache.size >= CACHE_ENTRIES) this.cache.clear();
      this.cache.set(chunk, ids);
    }
    return ids;
  }

  private encodeCachedBytes(chunk: Uint8Array): number[] {
    if (chunk.length > 256) return this.encodeChunk(chunk);
    const key = byteKey(chunk);
    let ids = this.byteCache.get(key);
    if (!ids) {
      ids = this.encodeChunk(chunk);
      if (this.byteCache.size >= CACHE_ENTRIES) this.byteCache.clear();
      this.byteCache.set(key, ids);
    }
    return ids;
  }

  /** Ids of one chunk of bytes (no pre-tokenization), with the TypeScript encoder. */
  encodeChunk(bytes: Uint8Array): number[] {
    if (this.mergeRule === "ranks" && bytes.length > 1) {
      const whole = this.tokens().get(byteKey(bytes)); // as tiktoken: a chunk that is a token is that token
      if (whole !== undefined) return [whole];
    }
    const ids = Array.from(bytes, (b) => this.byteIds[b]);
    return mergeByRank(ids, this.pairs());
  }

  /** pair -> rank and id, under this tokenizer's merge rule. */
  private pairs(): PairTable {
    if (!this.pairTable) {
      if (this.mergeRule === "merges") this.pairTable = mergePairs(this.givenMerges!);
      else {
        const index = this.tokens();
        this.pairTable = tokenPairs(this.ranked, (key) => (key.length === 1 ? this.byteIds[key.charCodeAt(0)] : index.get(key)));
      }
    }
    return this.pairTable;
  }

  /** byteKey(token bytes) -> id, for tokens of two bytes or more. */
  private tokens(): Map<string, number> {
    if (!this.tokenIndex) {
      this.tokenIndex = new Map();
      for (const { id, bytes } of this.ranked) if (!this.tokenIndex.has(byteKey(bytes))) this.tokenIndex.set(byteKey(bytes), id);
    }
    return this.tokenIndex;
  }

  decodeBytes(ids: Iterable<number>): Uint8Array {
    const parts: Uint8Array[] = [];
    for (const id of ids) parts.push(this.tokenBytes(id));
    return concatBytes(parts);
  }

  /** Text of the ids; bytes that are not valid UTF-8 become U+FFFD. */
  decode(ids: Iterable<number>): string {
    return new TextDecoder().decode(this.decodeBytes(ids));
  }

  tokenBytes(id: number): Uint8Array {
    const bytes = this.vocab[id];
    if (bytes) return bytes;
    this.specialsById ??= new Map([...this.specialTokens].map(([text, special]) => [special, text]));
    const special = this.specialsById.get(id);
    if (special !== undefined) return encoder.encode(special);
    throw new BytepairError(`Token id ${id} is not in this tokenizer's vocabulary.`);
  }
}

/**
 * The end of the last "\n" in data that follows a printable ASCII character and precedes an ASCII
 * letter, or 0: no chunk of a built-in pattern crosses it (as WasmEncoder.segments cuts).
 */
function cutPoint(data: Uint8Array): number {
  for (let q = data.lastIndexOf(0x0a, data.length - 2); q > 0; q = data.lastIndexOf(0x0a, q - 1)) {
    const before = data[q - 1];
    const after = data[q + 1] | 0x20;
    if (before >= 0x21 && before <= 0x7e && after >= 0x61 && after <= 0x7a) return q + 1;
  }
  return 0;
}

/** The parts as one array (the part itself when there is one). */
function join(parts: Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0] : concatBytes(parts);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
