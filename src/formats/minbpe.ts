// Karpathy's minbpe files, byte for byte as minbpe's Tokenizer.save() writes them.
//
// `.model` (loaded by minbpe's Tokenizer.load()):
//   minbpe v1
//   <pattern>                 empty for no pre-tokenization (BasicTokenizer)
//   <number of special tokens>
//   <special> <id>            one per special token
//   <left> <right>            one per merge, in order; merge k makes id 256 + k
//
// `.vocab`, for people (never loaded): one line per id, `[token] id` for bytes and special tokens,
// `[left][right] -> [token] id` for merged tokens; bytes shown as UTF-8 with U+FFFD for invalid
// sequences and control characters escaped as \uXXXX (minbpe's render_token).
import { BytepairError } from "../errors.js";
import { Tokenizer } from "../tokenizer.js";
import { checkMergeRefs } from "./check.js";
import { patternForTiktoken, patternFromTiktoken } from "./tiktoken.js";

const MAGIC = "minbpe v1";

/** Throws unless minbpe's implicit ids hold: byte b is id b, merge k makes id 256 + k. */
function checkIds(t: Tokenizer): void {
  const why =
    t.ids !== "raw"
      ? `its bytes are not ids 0..255 (ids "${t.ids}")`
      : t.merges.findIndex((m, k) => m.id !== 256 + k) >= 0
        ? "merge k does not always make id 256 + k (a merge reused an existing token, or ids are ranks with gaps)"
        : [...t.specialTokens.keys()].find((s) => /\s/.test(s))
          ? "a special token contains white space"
          : undefined;
  if (why) throw new BytepairError(`A minbpe .model cannot hold this tokenizer: ${why}.`);
}

export function saveMinbpeModel(t: Tokenizer): string {
  checkIds(t);
  if (t.normalizer.length) throw new BytepairError(`minbpe files cannot hold a normalizer (${t.normalizer.join(", ")}); save as bytepair or hf.`, "ERR_UNSUPPORTED");
  const pattern = t.pattern === "none" ? "" : patternForTiktoken(t.pattern);
  const lines = [MAGIC, pattern, String(t.specialTokens.size)];
  for (const [text, id] of t.specialTokens) lines.push(`${text} ${id}`);
  for (const m of t.merges) lines.push(`${m.left} ${m.right}`);
  return lines.join("\n") + "\n";
}

export function loadMinbpeModel(text: string, source = "tokenizer.model"): Tokenizer {
  const lines = text.split("\n");
  if (lines[0].trim() !== MAGIC) throw new BytepairError(`${source} is not a minbpe model (its first line should be "${MAGIC}").`);
  const patternLine = lines[1]?.trim() ?? "";
  // minbpe writes a newline after every line: without one at the end, the last line was cut
  if (!text.endsWith("\n")) throw new BytepairError(`${source} is truncated: its last line (${lines.length}) does not end with a newline.`);
  const specials = Number(lines[2]?.trim());
  if (!Number.isInteger(specials) || specials < 0) throw new BytepairError(`${source}:3: expected the number of special tokens.`);
  const specialTokens = new Map<string, number>();
  for (let i = 3; i < 3 + specials; i++) {
    const [special, id, extra] = (lines[i] ?? "").trim().split(/\s+/);
    if (extra !== undefined || !/^\d+$/.test(id ?? "")) throw new BytepairError(`${source}:${i + 1}: expected "special id".`);
    if (specialTokens.has(special!)) throw new BytepairError(`${source}:${i + 1}: the special token ${JSON.stringify(special)} appears twice.`);
    specialTokens.set(special!, Number(id));
  }
  const merges = [];
  const lineOf: number[] = []; // merge k -> its line
  for (let i = 3 + specials; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    const pair = lines[i].trim().split(/\s+/);
    if (pair.length !== 2 || !pair.every((p) => /^\d+$/.test(p))) throw new BytepairError(`${source}:${i + 1}: expected "left right".`);
    merges.push({ left: Number(pair[0]), right: Number(pair[1]), id: 256 + merges.length, count: 0 });
    lineOf.push(i + 1);
  }
  let pattern = "none";
  if (patternLine !== "") {
    try {
      pattern = patternFromTiktoken(patternLine);
    } catch (error) {
      throw new BytepairError(`${source}:2: ${(error as Error).message}`);
    }
  }
  const byteIds = Array.from({ length: 256 }, (_, b) => b);
  checkMergeRefs(merges, byteIds, lineOf, source);
  return new Tokenizer({ pattern, ids: "raw", byteIds, merges, specialTokens });
}

/** minbpe's render_token: UTF-8 with replacement, control characters (category C) escaped. */
export function renderToken(bytes: Uint8Array): string {
  const text = new TextDecoder().decode(bytes);
  return text.replace(/\p{C}/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, "0")}`);
}

export function saveMinbpeVocab(t: Tokenizer): string {
  checkIds(t);
  const made = new Map(t.merges.map((m) => [m.id, m]));
  const lines: string[] = [];
  t.vocab.forEach((bytes, id) => {
    if (!bytes) return;
    const m = made.get(id);
    const s = renderToken(bytes);
    lines.push(m ? `[${renderToken(t.vocab[m.left]!)}][${renderToken(t.vocab[m.right]!)}] -> [${s}] ${id}` : `[${s}] ${id}`);
  });
  for (const [text, id] of t.specialTokens) lines.push(`[${renderToken(new TextEncoder().encode(text))}] ${id}`);
  return lines.join("\n") + "\n";
}
