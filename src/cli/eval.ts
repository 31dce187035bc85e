// `bytepair eval`: compare tokenizers on text — a table (or --json) of compression, fertility,
// vocabulary use and Rényi efficiency per tokenizer × input (or column value), and an SVG chart.
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { BytepairError } from "../errors.js";
import { evalChart } from "../eval-chart.js";
import { Evaluation, type EvalRow } from "../eval.js";
import { writeFileAtomic } from "../node/files.js";
import { readRows } from "../node/sources.js";
import { loadTokenizerFile } from "../node/tokenizers.js";
import type { CliIO } from "./io.js";
import { addSourceOptions, sourceOptions } from "./fetch.js";

const list = (v: string, acc: string[]) => [...acc, v];

function alphaOption(value: string): number {
  const a = Number(value);
  if (!/^\d*\.?\d+(e[+-]?\d+)?$/i.test(value) || !(a > 0) || !Number.isFinite(a)) throw new InvalidArgumentError("--alpha must be a positive number.");
  return a;
}

export function evalCommand(cli: Command, io: CliIO): void {
  const command = cli
    .command("eval")
    .description("compare tokenizers on text: bytes/chars per token, tokens per word, vocabulary use, Rényi efficiency")
    .argument("<tokenizer...>", "tokenizer files in any format, URLs, or cl100k_base / o200k_base (ratios are to the first)")
    .requiredOption("--on <input...>", "the text: files, directories, globs, URLs, hub datasets, or - (anything train reads)")
    .option("--by <how...>", "groups: input (one per --on input, the default) or field NAME (a JSON Lines field or parquet column)", ["input"])
    .option("--json", "print {\"rows\": [...]} instead of a table")
    .option("--chart <file.svg>", "write a bar chart of bytes per token per group and tokenizer")
    .option("--alpha <a>", "order of the Rényi entropy", alphaOption, 2.5);
  addSourceOptions(command).action(async (names: string[], o) => {
    const by = groupBy(o.by as string[]);
    const tokenizers = [];
    for (const name of names) tokenizers.push({ name, tokenizer: await (await loadTokenizerFile(name)).useEngine("wasm") });
    const evaluation = new Evaluation(tokenizers, { alpha: o.alpha, groupKey: by.field === undefined ? "input" : "group" });
    const inputs = o.on as string[];
    const options = { ...sourceOptions(o, io), columns: by.field === undefined ? [] : [by.field] };
    // with --by input each input is read on its own (--rows and the like apply to each), else all together
    for (const batch of by.field === undefined ? inputs.map((i) => [i]) : [inputs]) {
      for await (const row of readRows(batch, options)) evaluation.add(by.field === undefined ? batch[0] : groupValue(row.values, by.field, row.source), row.text);
    }
    if (evaluation.documents === 0) throw new BytepairError(`${inputs.join(", ")}: no documents to evaluate on.`);
    const rows = evaluation.rows();
    if (o.chart) await writeFileAtomic(o.chart, evalChart(rows));
    io.stdout.write(o.json ? JSON.stringify({ rows }, null, 1) + "\n" : table(rows, o.alpha));
    if (evaluation.invalidUtf8 > 0) {
      io.stderr.write(
        `bytepair: note: ${evaluation.invalidUtf8} document${evaluation.invalidUtf8 === 1 ? " is" : "s are"} not valid UTF-8; bytes count what is stored, chars, words and tokens count the text with U+FFFD in place of each bad sequence.\n`,
      );
    }
  });
}

function groupBy(by: string[]): { field?: string } {
  if (by.length === 1 && by[0] === "input") return {};
  if (by.length === 2 && by[0] === "field" && by[1] !== "") return { field: by[1] };
  throw new InvalidArgumentError(`--by takes "input" or "field NAME", not "${by.join(" ")}".`);
}

function groupValue(values: Record<string, unknown> | null, field: string, source: string): string {
  if (values === null) throw new BytepairError(`${source} is a text file with no columns for --by field ${field}.`);
  if (!(field in values)) throw new BytepairError(`${source}: a row has no field "${field}" (used by --by field).`);
  const v = values[field];
  return v === null || v === undefined ? "(none)" : typeof v === "string" ? v : typeof v === "bigint" ? String(v) : JSON.stringify(v);
}

/** File names without their folders when that keeps them apart (the JSON keeps them whole). */
function shortNames(names: string[]): Map<string, string> {
  const distinct = [...new Set(names)];
  const base = (n: string) => (/^[a-z]+:\/\//i.test(n) ? n : n.replace(/\/+$/, "").replace(/^.*\//, "") || n);
  const unique = new Set(distinct.map(base)).size === distinct.length;
  return new Map(distinct.map((n) => [n, unique ? base(n) : n]));
}

/** An aligned table: text columns to the left, numbers to the right. */
export function table(rows: readonly EvalRow[], alpha: number): string {
  const tokenizers = shortNames(rows.map((r) => r.tokenizer));
  const groups = rows[0]?.group !== undefined ? new Map<string, string>() : shortNames(rows.map((r) => r.input ?? ""));
  const head = ["tokenizer", rows[0]?.group !== undefined ? "group" : "input", "bytes", "chars", "words", "tokens", "bytes/tok", "chars/tok", "tok/word", "ratio", "vocab", "used", "unused", `rényi(${alpha})`];
  const cells = rows.map((r) => [
    tokenizers.get(r.tokenizer)!,
    r.group ?? groups.get(r.input ?? "")!,
    int(r.bytes),
    int(r.chars),
    int(r.words),
    int(r.tokens),
    r.bytesPerToken.toFixed(3),
    r.charsPerToken.toFixed(3),
    r.tokensPerWord.toFixed(3),
    r.tokenRatio.toFixed(3),
    int(r.vocabSize),
    int(r.vocabUsed),
    `${(r.vocabUnused * 100).toFixed(1)}%`,
    r.renyiEfficiency.toFixed(4),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((v, c) => (c < 2 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join("  ").trimEnd();
  return [line(head), ...cells.map(line)].join("\n") + "\n";
}

const int = (n: number) => n.toLocaleString("en");
