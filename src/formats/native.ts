// bytepair's own format: versioned, line-oriented, tab-separated, byte-safe.
//
//   bytepair-tokenizer 2             version 1 (no end line) still loads
//   pattern <JSON string>            built-in name or regex source
//   ids raw|hf|custom
//   rule ranks                       only for tiktoken-style vocabularies (see src/encode.ts); absent: merges
//   bytes <256 ids>                  the id of each byte 0..255
//   merge <left> <right> <id> <count> <base64 of the token's bytes>   one per merge, in rank order
//   special <id> <base64 of the token's UTF-8>
//   meta <JSON object>               training facts (no timings: files are identical across runs)
//   end <merges> <specials>          version 2: the last line, so a file cut anywhere is detected
import { BytepairError } from "../errors.js";
import { Tokenizer, type IdScheme, type MergeRule, type Normalization } from "../tokenizer.js";
import { fromBase64, toBase64 } from "./base64.js";
import { checkMergeRefs } from "./check.js";

const MAGIC = "bytepair-tokenizer 2";
const MAGIC_V1 = "bytepair-tokenizer 1";

export function saveNative(t: Tokenizer): string {
  const lines = [MAGIC, `pattern\t${JSON.stringify(t.pattern)}`, `ids\t${t.ids}`, `bytes\t${Array.from(t.byteIds).join(" ")}`];
  if (t.mergeRule !== "merges") lines.push(`rule\t${t.mergeRule}`);
  if (t.normalizer.length) lines.push(`normalizer\t${JSON.stringify(t.normalizer)}`);
  for (const m of t.merges) lines.push(`merge\t${m.left}\t${m.right}\t${m.id}\t${m.count}\t${toBase64(t.vocab[m.id]!)}`);
  for (const [text, id] of t.specialTokens) lines.push(`special\t${id}\t${toBase64(new TextEncoder().encode(text))}`);
  lines.push(`meta\t${JSON.stringify(t.meta)}`);
  lines.push(`end\t${t.merges.length}\t${t.specialTokens.size}`);
  return lines.join("\n") + "\n";
}

export function loadNative(text: string, source = "tokenizer"): Tokenizer {
  const lines = text.split("\n");
  if (lines[0] !== MAGIC && lines[0] !== MAGIC_V1) {
    throw new BytepairError(`${source} is not a bytepair tokenizer of a version this bytepair reads (its first line should be "${MAGIC}").`);
  }
  const end = lines[0] === MAGIC ? endLine(lines, source) : null;
  const lineOf: number[] = []; // merge k -> its line
  let pattern: string | undefined;
  let ids: IdScheme | undefined;
  let mergeRule: MergeRule = "merges";
  let byteIds: number[] | undefined;
  let meta: Record<string, unknown> = {};
  let normalizer: Normalization[] = [];
  const merges: { left: number; right: number; id: number; count: number }[] = [];
  const tokens: string[] = [];
  const specialTokens = new Map<string, number>();
  lines.forEach((line, i) => {
    if (i === 0 || line === "") return;
    const where = `${source}:${i + 1}`;
    const fields = line.split("\t");
    const bad = (what: string): never => {
      throw new BytepairError(`${where}: ${what}.`);
    };
    const int = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : bad(`"${s}" is not a non-negative integer`));
    try {
      switch (fields[0]) {
        case "pattern":
          pattern = JSON.parse(fields[1]);
          break;
        case "ids":
          if (fields[1] !== "raw" && fields[1] !== "hf" && fields[1] !== "custom") bad(`ids must be raw, hf or custom, not "${fields[1]}"`);
          ids = fields[1] as IdScheme;
          break;
        case "rule":
          if (fields[1] !== "ranks" && fields[1] !== "merges") bad(`rule must be ranks or merges, not "${fields[1]}"`);
          mergeRule = fields[1] as MergeRule;
          break;
        case "bytes":
          byteIds = fields[1].split(" ").map(int);
          if (byteIds.length !== 256) bad(`bytes must list 256 ids, not ${byteIds.length}`);
          break;
        case "merge":
          if (fields.length !== 6) bad("a merge line has left, right, id, count and base64 bytes");
          merges.push({ left: int(fields[1]), right: int(fields[2]), id: int(fields[3]), count: int(fields[4]) });
          lineOf.push(i + 1);
          tokens.push(fields[5]);
          break;
        case "special":
          if (fields[2] === "") bad("a special token cannot be empty");
          specialTokens.set(new TextDecoder().decode(fromBase64(fields[2])), int(fields[1]));
          break;
        case "meta":
          meta = JSON.parse(fields[1]);
          break;
        case "end":
          if (i !== end) bad("the end line must be the last");
          break;
        case "normalizer":
          normalizer = JSON.parse(fields[1]);
          if (!Array.isArray(normalizer)) bad("normalizer must be a JSON list of steps");
          break;
        default:
          bad(`unknown line kind "${fields[0]}"`);
      }
    } catch (error) {
      if (error instanceof BytepairError) throw error;
      bad(`cannot read this ${fields[0]} line (${(error as Error).message})`);
    }
  });
  if (pattern === undefined || ids === undefined || byteIds === undefined) {
    throw new BytepairError(`${source} is incomplete: it needs pattern, ids and bytes lines.`);
  }
  if (end !== null) {
    const [, m, s] = lines[end]!.split("\t");
    if (Number(m) !== merges.length || Number(s) !== specialTokens.size) {
      throw new BytepairError(`${source} is damaged: its end line promises ${m} merges and ${s} special tokens, but it holds ${merges.length} and ${specialTokens.size}.`);
    }
  }
  checkMergeRefs(merges, byteIds, lineOf, source);
  const tokenizer = new Tokenizer({ pattern, ids, byteIds, merges, specialTokens, meta, mergeRule, normalizer });
  merges.forEach((m, k) => {
    if (toBase64(tokenizer.vocab[m.id]!) !== tokens[k]) {
      throw new BytepairError(`${source}: merge ${k} (${m.left} ${m.right}) does not give the bytes its line records.`);
    }
  });
  return tokenizer;
}

/** Version 2's last line (0-based index): "end <merges> <specials>", then a final newline. */
function endLine(lines: readonly string[], source: string): number {
  const last = lines.length - 2; // text.split("\n") of a file ending in "\n" ends with ""
  if (lines[lines.length - 1] !== "" || !/^end\t\d+\t\d+$/.test(lines[last] ?? "")) {
    throw new BytepairError(`${source} is truncated: a bytepair tokenizer file ends with an "end" line giving its merge count, and this one does not.`);
  }
  return last;
}
