// HuggingFace `tokenizer.json`: a byte-level BPE model as the `tokenizers` library reads it.
//
//   pre_tokenizer  Sequence[Split(Regex pattern, Isolated), ByteLevel(add_prefix_space=false, use_regex=false)]
//                  (pattern "none": ByteLevel alone)
//   model          BPE: vocab (token bytes written with GPT-2's byte-to-unicode table -> id) and merges
//                  ("left right", in rank order); ignore_merges = true for the ranks rule, so that a
//                  chunk that is a token is that token, as in tiktoken
//   decoder        ByteLevel
//   added_tokens   the special tokens (also in the vocab, as HuggingFace's trainer puts them)
//
// The pattern is tiktoken's, except that `{1,3}+` becomes `{1,3}`: HuggingFace's regex engine
// (Oniguruma) reads `{n,m}+` as a repetition of the group, not as possessive.
import { BYTE_TO_UNICODE } from "../bytelevel.js";
import type { Merge } from "../engine.js";
import { BytepairError } from "../errors.js";
import { resolvePattern } from "../pretokenize.js";
import { Tokenizer, type Normalization } from "../tokenizer.js";

const toUnicode = (bytes: Uint8Array): string => Array.from(bytes, (b) => BYTE_TO_UNICODE[b]).join("");

/** A pattern as HuggingFace's Split pre-tokenizer needs it. */
export function patternForHf(pattern: string): string {
  return resolvePattern(pattern).source.replaceAll("{1,3}+", "{1,3}");
}

export function saveHf(t: Tokenizer): string {
  const byteLevel = { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false };
  const preTokenizer =
    t.pattern === "none"
      ? byteLevel
      : { type: "Sequence", pretokenizers: [{ type: "Split", pattern: { Regex: patternForHf(t.pattern) }, behavior: "Isolated", invert: false }, byteLevel] };
  const vocab: Record<string, number> = {};
  t.vocab.forEach((bytes, id) => {
    if (bytes) vocab[toUnicode(bytes)] = id;
  });
  // special tokens go in the model's vocab too, or tokenizers gives them new ids after it
  for (const [content, id] of t.specialTokens) vocab[content] ??= id;
  const merges = t.merges.map((m) => `${toUnicode(t.vocab[m.left]!)} ${toUnicode(t.vocab[m.right]!)}`);
  const addedTokens = [...t.specialTokens]
    .sort((a, b) => a[1] - b[1])
    .map(([content, id]) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }));
  const json = {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: hfNormalizer(t.normalizer),
    pre_tokenizer: preTokenizer,
    post_processor: null,
    decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: t.mergeRule === "ranks",
      vocab,
      merges,
    },
  };
  return JSON.stringify(json, null, 1) + "\n";
}

interface HfJson {
  added_tokens?: { id: number; content: string; special?: boolean }[];
  pre_tokenizer?: HfPreTokenizer | null;
  normalizer?: HfNormalizer | null;
  model?: { type?: string; vocab?: Record<string, number>; merges?: (string | [string, string])[]; ignore_merges?: boolean };
}
interface HfNormalizer {
  type: string;
  normalizers?: HfNormalizer[];
}
interface HfPreTokenizer {
  type: string;
  pretokenizers?: HfPreTokenizer[];
  pattern?: { Regex?: string; String?: string };
  add_prefix_space?: boolean;
  use_regex?: boolean;
}

const BUILTINS = ["gpt2", "cl100k", "o200k"];

// HF normalizer type -> bytepair's step; any other normalizer is an error, never skipped
const NORMALIZERS: Record<string, Normalization> = { NFC: "NFC", NFD: "NFD", NFKC: "NFKC", NFKD: "NFKD", Lowercase: "lowercase" };

/** The steps of an HF normalizer (null: none; Sequence: its steps in order). */
function normalizerOf(normalizer: HfNormalizer | null | undefined, source: string): Normalization[] {
  if (!normalizer) return [];
  if (normalizer.type === "Sequence") return (normalizer.normalizers ?? []).flatMap((n) => normalizerOf(n, source));
  const step = NORMALIZERS[normalizer.type];
  if (!step) throw new BytepairError(`${source}: bytepair cannot run this normalizer (a ${normalizer.type} step; it runs NFC, NFD, NFKC, NFKD, Lowercase and Sequences of them).`, "ERR_UNSUPPORTED");
  return [step];
}

/** bytepair's steps as an HF normalizer. */
function hfNormalizer(steps: readonly Normalization[]): HfNormalizer | null {
  const types = steps.map((step) => Object.keys(NORMALIZERS).find((type) => NORMALIZERS[type] === step)!);
  if (types.length === 0) return null;
  return types.length === 1 ? { type: types[0] } : { type: "Sequence", normalizers: types.map((type) => ({ type })) };
}

/** The pattern of a pre-tokenizer bytepair can run: a Split regex before a ByteLevel without its own regex. */
function patternOf(pre: HfPreTokenizer | null | undefined, source: string): string {
  const steps = !pre ? [] : pre.type === "Sequence" ? (pre.pretokenizers ?? []) : [pre];
  const unsupported = (what: string): never => {
    throw new BytepairError(`${source}: bytepair cannot run this pre-tokenizer (${what}).`, "ERR_UNSUPPORTED");
  };
  let pattern = "none";
  for (const step of steps) {
    if (step.type === "Split") {
      if (pattern !== "none") unsupported("two Split steps");
      const regex = step.pattern?.Regex;
      if (regex === undefined) unsupported("a Split on a plain string");
      const builtin = BUILTINS.find((name) => regex === patternForHf(name) || regex === resolvePattern(name).source);
      pattern = builtin ?? regex!;
    } else if (step.type === "ByteLevel") {
      if (step.add_prefix_space) unsupported("ByteLevel with add_prefix_space");
      if (step.use_regex) {
        if (pattern !== "none") unsupported("a Split and ByteLevel's own regex");
        pattern = "gpt2";
      }
    } else unsupported(`a ${step.type} step`);
  }
  return pattern;
}

export function loadHf(text: string, source = "tokenizer.json"): Tokenizer {
  let json: HfJson;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BytepairError(`${source} is not JSON (${(error as Error).message}).`);
  }
  const model = json.model;
  if (model?.type !== "BPE" || !model.vocab || !model.merges) throw new BytepairError(`${source} has no BPE model with a vocab and merges.`);
  const vocab = new Map<string, number>(Object.entries(model.vocab));
  const byteIds = BYTE_TO_UNICODE.map((c, b) => {
    const id = vocab.get(c);
    if (id === undefined) throw new BytepairError(`${source}: the vocab has no token for byte ${b}; byte-level BPE needs all 256.`);
    return id;
  });
  const idOf = (token: string): number => {
    const id = vocab.get(token);
    if (id === undefined) throw new BytepairError(`${source}: a merge uses ${JSON.stringify(token)}, which is not in the vocab.`);
    return id;
  };
  const merges: Merge[] = model.merges.map((m) => {
    const [left, right] = typeof m === "string" ? m.split(" ") : m;
    return { left: idOf(left), right: idOf(right), id: idOf(left + right), count: 0 };
  });
  const specialTokens = new Map((json.added_tokens ?? []).map((t) => [t.content, t.id] as const));
  const normalizer = normalizerOf(json.normalizer, source);
  let pattern: string;
  try {
    pattern = patternOf(json.pre_tokenizer, source);
    resolvePattern(pattern);
  } catch (error) {
    if (error instanceof BytepairError) throw error;
    throw new BytepairError(`${source}: ${(error as Error).message}`);
  }
  return new Tokenizer({ pattern, byteIds, merges, specialTokens, normalizer, mergeRule: model.ignore_merges ? "ranks" : "merges" });
}
