// Comparing tokenizers on text (bytepair eval): per tokenizer × group (an input, or a column's
// value), compression (bytes, chars and words per token), vocabulary use and Rényi efficiency.
// Browser-safe: documents come in as an iterable, tokenizers as loaded objects.
//
//   1. each document once: bytes, chars (code points), words (UAX #29, src/words.ts)
//   2. each tokenizer encodes it with the wasm encoder; its ids go into a typed-array histogram
//   3. rows: the metrics from the sums and histograms, and each group's token ratio to the first tokenizer
//
// Rényi efficiency (Zouhar et al., "Tokenization and the Noiseless Channel", ACL 2023): the Rényi
// entropy of order α of the token unigram distribution p, H_α(p) = 1/(1-α) · log Σ p_i^α (Shannon's
// −Σ p log p at α = 1), divided by the entropy of the uniform distribution over the vocabulary,
// log(vocabSize) with vocabSize = n_vocab. (The authors' tokenization-scorer divides by the log of the
// number of distinct tokens seen unless given `vocab=`; we give the whole vocabulary, as the paper.)
import type { Tokenizer } from "./tokenizer.js";
import type { Document } from "./types.js";
import { BytepairError } from "./errors.js";
import { WordCounter } from "./words.js";

/** One tokenizer × group. The field names are a contract (bytepair eval --json). */
export interface EvalRow {
  tokenizer: string;
  /** The input (with --by input) or the column value (with --by field). */
  input?: string;
  group?: string;
  bytes: number;
  chars: number;
  words: number;
  tokens: number;
  bytesPerToken: number;
  charsPerToken: number;
  /** Fertility. */
  tokensPerWord: number;
  /** n_vocab: one more than the highest id. */
  vocabSize: number;
  /** Distinct ids seen in the group. */
  vocabUsed: number;
  /** The share of the vocabulary never seen in the group: 1 − vocabUsed / vocabSize. */
  vocabUnused: number;
  renyiEfficiency: number;
  /** Tokens relative to the first tokenizer's on the same group (1 for the first). */
  tokenRatio: number;
}

export interface EvalOptions {
  /** Order of the Rényi entropy (default 2.5, as Zouhar et al.). */
  alpha?: number;
  /** How rows name their group: "input" (default) or "group". */
  groupKey?: "input" | "group";
}

export interface EvalResult {
  rows: EvalRow[];
  /** Documents whose bytes were not valid UTF-8 (their chars, words and tokens are of the text with U+FFFD in place of bad bytes). */
  invalidUtf8: number;
  documents: number;
}

/** A document and the group it counts towards. */
export interface GroupedDocument {
  group: string;
  text: Document;
}

interface Totals {
  bytes: number;
  chars: number;
  words: number;
}

const BATCH_BYTES = 1 << 20; // encode about a megabyte per call into the core
const strict = new TextDecoder("utf-8", { fatal: true });
const lossy = new TextDecoder();
const utf8 = new TextEncoder();

/** Measures tokenizers on documents fed one by one; `rows()` gives the result at any time. */
export class Evaluation {
  private readonly alpha: number;
  private readonly groupKey: "input" | "group";
  private readonly groups = new Map<string, Totals & { index: number }>(); // group -> text totals, in first-seen order
  private readonly tallies: Tally[];
  private readonly words = new WordCounter();
  private pending = { texts: [] as string[], groups: [] as number[], bytes: 0 };
  invalidUtf8 = 0;
  documents = 0;

  constructor(
    private readonly tokenizers: readonly { name: string; tokenizer: Tokenizer }[],
    options: EvalOptions = {},
  ) {
    if (tokenizers.length === 0) throw new BytepairError("Give at least one tokenizer to evaluate.");
    this.alpha = options.alpha ?? 2.5;
    if (!(this.alpha > 0) || !Number.isFinite(this.alpha)) throw new BytepairError(`The Rényi order alpha must be a positive number, not ${options.alpha}.`);
    this.groupKey = options.groupKey ?? "input";
    this.tallies = tokenizers.map(({ tokenizer }) => new Tally(tokenizer.nVocab));
  }

  /** 1. one document: its text totals now, its tokens with the next batch. */
  add(group: string, document: Document): void {
    let text: string;
    let bytes: number;
    if (typeof document === "string") {
      text = document;
      bytes = utf8Length(document);
    } else {
      bytes = document.length;
      try {
        text = strict.decode(document);
      } catch {
        text = lossy.decode(document);
        this.invalidUtf8++;
      }
    }
    this.documents++;
    let totals = this.groups.get(group);
    if (!totals) this.groups.set(group, (totals = { bytes: 0, chars: 0, words: 0, index: this.groups.size }));
    totals.bytes += bytes;
    totals.chars += codePoints(text);
    totals.words += this.words.count(text);
    this.pending.texts.push(text);
    this.pending.groups.push(totals.index);
    this.pending.bytes += bytes;
    if (this.pending.bytes >= BATCH_BYTES) this.flush();
  }

  /** 2. every tokenizer encodes the batch; each document's ids go to its group's histogram. */
  private flush(): void {
    const { texts, groups } = this.pending;
    if (texts.length === 0) return;
    this.pending = { texts: [], groups: [], bytes: 0 };
    this.tokenizers.forEach(({ tokenizer }, t) => {
      const tally = this.tallies[t];
      tokenizer.encodeBatchToArrays(texts, { allowedSpecial: [], disallowedSpecial: [] }).forEach((ids, d) => tally.count(groups[d], ids));
      tally.fold();
    });
  }

  /** 3. one row per tokenizer × group, tokenizers in the order given, groups in first-seen order. */
  rows(): EvalRow[] {
    this.flush();
    const rows: EvalRow[] = [];
    const firstTokens: number[] = [];
    this.tokenizers.forEach(({ name, tokenizer }, t) => {
      for (const [group, totals] of this.groups) {
        const row = metrics(this.tallies[t].histogram(totals.index), totals, tokenizer.nVocab, this.alpha);
        if (t === 0) firstTokens[totals.index] = row.tokens;
        const first = firstTokens[totals.index];
        rows.push({ tokenizer: name, [this.groupKey]: group, ...row, tokenRatio: first > 0 ? row.tokens / first : row.tokens === 0 ? 1 : Infinity });
      }
    });
    return rows;
  }
}

/**
 * One tokenizer's id counts per group. Ids are counted in one dense scratch histogram (a typed-array
 * increment per token, nothing more); when the group changes, the ids touched are folded into the
 * group's sparse histogram, so memory grows with the distinct ids of each group, not n_vocab per group.
 */
class Tally {
  private readonly scratch: Uint32Array; // id -> count since the last fold (at most one batch's tokens: no overflow)
  private readonly touched: Uint32Array; // ids whose scratch count is not 0
  private touchedCount = 0;
  private current = -1; // the group the scratch counts belong to
  private readonly groups: Map<number, number>[] = []; // group -> id -> count

  constructor(nVocab: number) {
    this.scratch = new Uint32Array(nVocab);
    this.touched = new Uint32Array(nVocab);
  }

  count(group: number, ids: ArrayLike<number>): void {
    if (group !== this.current) this.fold();
    this.current = group;
    const { scratch, touched } = this;
    let n = this.touchedCount;
    for (let i = 0; i < ids.length; i++) if (scratch[ids[i]]++ === 0) touched[n++] = ids[i];
    this.touchedCount = n;
  }

  fold(): void {
    if (this.current < 0) return;
    const histogram = (this.groups[this.current] ??= new Map());
    for (let i = 0; i < this.touchedCount; i++) {
      const id = this.touched[i];
      histogram.set(id, (histogram.get(id) ?? 0) + this.scratch[id]);
      this.scratch[id] = 0;
    }
    this.touchedCount = 0;
    this.current = -1;
  }

  /** The group's counts of the ids it used. */
  histogram(group: number): number[] {
    return [...(this.groups[group]?.values() ?? [])];
  }
}

/** The metrics of one tokenizer on one group, from its id counts (ids with no count may be left out) and the text's totals. */
export function metrics(histogram: ArrayLike<number>, text: Totals, vocabSize: number, alpha = 2.5): Omit<EvalRow, "tokenizer" | "input" | "group" | "tokenRatio"> {
  let tokens = 0;
  let used = 0;
  for (let id = 0; id < histogram.length; id++) {
    tokens += histogram[id];
    if (histogram[id] > 0) used++;
  }
  return {
    bytes: text.bytes,
    chars: text.chars,
    words: text.words,
    tokens,
    bytesPerToken: ratio(text.bytes, tokens),
    charsPerToken: ratio(text.chars, tokens),
    tokensPerWord: ratio(tokens, text.words),
    vocabSize,
    vocabUsed: used,
    vocabUnused: vocabSize > 0 ? 1 - used / vocabSize : 0,
    renyiEfficiency: renyiEfficiency(histogram, vocabSize, alpha),
  };
}

/** H_α(p) / log(vocabSize) for the distribution the counts make; 0 when nothing was counted. */
export function renyiEfficiency(counts: ArrayLike<number>, vocabSize: number, alpha = 2.5): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  if (total === 0 || vocabSize < 2) return 0;
  let entropy = 0;
  if (alpha === 1) {
    for (let i = 0; i < counts.length; i++) if (counts[i] > 0) entropy -= (counts[i] / total) * Math.log(counts[i] / total);
  } else {
    let sum = 0;
    for (let i = 0; i < counts.length; i++) if (counts[i] > 0) sum += (counts[i] / total) ** alpha;
    entropy = Math.log(sum) / (1 - alpha);
  }
  return entropy / Math.log(vocabSize);
}

/**
 * Evaluates tokenizers on grouped documents (bytepair eval in the library): the wasm encoder is
 * switched on for each tokenizer first.
 */
export async function evaluate(
  tokenizers: readonly { name: string; tokenizer: Tokenizer }[],
  documents: Iterable<GroupedDocument> | AsyncIterable<GroupedDocument>,
  options: EvalOptions = {},
): Promise<EvalResult> {
  for (const { tokenizer } of tokenizers) await tokenizer.useEngine("wasm");
  const evaluation = new Evaluation(tokenizers, options);
  for await (const { group, text } of documents) evaluation.add(group, text);
  return { rows: evaluation.rows(), invalidUtf8: evaluation.invalidUtf8, documents: evaluation.documents };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

/** Code points (as Python's len): UTF-16 units less the second half of each surrogate pair. */
function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800) n--;
  }
  return n;
}

function utf8Length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}
