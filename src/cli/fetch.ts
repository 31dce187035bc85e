// `bytepair fetch`: stream the selected rows' text (the seed's get_text()) or JSON Lines to a file,
// written whole or not at all, or to stdout. Also the data options train and pairs share.
import type { Command } from "commander";
import { InvalidArgumentError, Option } from "commander";
import { toJson } from "hyparquet";
import { BytepairError, UsageError } from "../errors.js";
import { writeFileAtomic } from "../node/files.js";
import { isNetworkInput, readRows, type SourceOptions } from "../node/sources.js";
import type { Row } from "../sources/types.js";
import { writeStdout, type CliIO } from "./io.js";
import { int } from "./options.js";
import { createReporter, type ProgressMode } from "./progress.js";

export const DEFAULT_DATASET = "HuggingFaceFW/fineweb";

const list = (v: string, acc: string[]) => [...acc, v];

/** The data options (selection, the hub, robustness) on a command that reads inputs. */
export function addSourceOptions(command: Command): Command {
  return command
    .option("--rows <n>", "take only the first N documents", int("--rows", 1))
    .option("--bytes <n>", "stop once the documents hold N bytes of text (1M = 10^6, 1Mi = 2^20; the last document is whole)", size("--bytes"))
    .option("--skip <n>", "leave out the first N documents (after --where)", int("--skip", 0))
    .option("--shards <list>", "read only these shards, by 0-based index in path order: 0-3,7,10-")
    .option("--where <cond>", "keep rows meeting a condition on a column, repeatable: language_score>=0.9, language=en", list, [] as string[])
    .option("--config <name>", "hub datasets: the config (from the dataset card), e.g. sample-10BT")
    .option("--split <name>", "hub datasets: the split", "train")
    .option("--column <name>", "parquet column with the text", "text")
    .option("--field <name>", "JSON Lines field with the text", "text")
    .option("--timeout <seconds>", "give up a network try after this many seconds without data", seconds("--timeout"), 30);
}

/** The options addSourceOptions parsed, for readDocuments/readRows. */
export function sourceOptions(o: Record<string, unknown>, io: CliIO): SourceOptions {
  return {
    rows: o.rows as number | undefined,
    bytes: o.bytes as number | undefined,
    skip: o.skip as number | undefined,
    shards: o.shards as string | undefined,
    where: o.where as string[],
    config: o.config as string | undefined,
    split: o.split as string,
    column: o.column as string,
    field: o.field as string,
    timeout: o.timeout as number,
    stdin: io.stdin,
  };
}

export function fetchCommand(cli: Command, io: CliIO): void {
  const command = cli
    .command("fetch")
    .description("stream rows' text from the hub (FineWeb), URLs or files to a file (whole or not at all) or stdout")
    .argument("[inputs...]", `a hub dataset (default ${DEFAULT_DATASET}), hf:// or http(s):// URLs, files, directories, globs, or -`);
  addSourceOptions(command)
    .option("--out <file>", "write here, whole or not at all (default: stdout)")
    .addOption(new Option("--format <f>", "text: the documents' text; jsonl: one JSON object per row").choices(["text", "jsonl"]).default("text"))
    .option("--columns <a,b>", "jsonl: the columns to write (default: the text column)")
    .option("--separator <s>", "text: what goes between documents (\\n, \\t, \\0 and \\\\ are escapes)", "\\n")
    .addOption(new Option("--progress <mode>", "progress on stderr").choices(["auto", "bar", "json", "none"]).default("auto"))
    .action(async (inputs: string[], o) => {
      const sources = inputs.length > 0 ? inputs : [DEFAULT_DATASET];
      if (o.columns !== undefined && o.format !== "jsonl") throw new UsageError("--columns chooses the columns of --format jsonl.");
      const columns: string[] = o.columns ? String(o.columns).split(",").map((c) => c.trim()).filter(Boolean) : [o.column];
      const reporter = createReporter(o.progress as ProgressMode, io);
      const tally = { rows: 0, bytes: 0, fetched: 0, shards: 0 };
      const rows = readRows(sources, {
        ...sourceOptions(o, io),
        columns: o.format === "jsonl" ? columns.filter((c) => c !== o.column) : [],
        onProgress: (p) => {
          Object.assign(tally, { rows: p.rows, bytes: p.bytes, fetched: p.fetched, shards: p.shard });
          reporter.update(p);
        },
      });
      const textKeys = new Set([o.column as string, o.field as string]);
      const output = batched(o.format === "jsonl" ? jsonLines(rows, columns, textKeys) : textOf(rows, separatorBytes(o.separator)));
      try {
        if (o.out) await writeFileAtomic(o.out, output);
        else await writeStdout(io, output);
      } finally {
        reporter.stop();
      }
      if (o.out) {
        const network = sources.some(isNetworkInput) ? `, ${tally.fetched} bytes over the network` : "";
        io.stdout.write(`fetched ${tally.rows} documents (${tally.bytes} bytes of text) from ${tally.shards} shard${tally.shards === 1 ? "" : "s"}${network}; wrote ${o.out}\n`);
      }
    });
}

const encoder = new TextEncoder();

/** The documents' UTF-8, with the separator between them. */
async function* textOf(rows: AsyncIterable<Row>, separator: Uint8Array): AsyncGenerator<Uint8Array> {
  let first = true;
  for await (const row of rows) {
    if (!first && separator.length) yield separator;
    first = false;
    yield typeof row.text === "string" ? encoder.encode(row.text) : row.text;
  }
}

/** One JSON object a line with the chosen columns (bigints as numbers, dates as ISO text); absent ones are null. */
async function* jsonLines(rows: AsyncIterable<Row>, columns: string[], textKeys: Set<string>): AsyncGenerator<Uint8Array> {
  for await (const row of rows) {
    const values = row.values ?? {};
    const out: Record<string, unknown> = {};
    for (const c of columns) {
      out[c] = c in values ? values[c] : textKeys.has(c) ? (typeof row.text === "string" ? row.text : new TextDecoder().decode(row.text)) : null;
    }
    yield encoder.encode(JSON.stringify(toJson(out)) + "\n");
  }
}

/** Pieces gathered into writes of about 1 MB. */
async function* batched(pieces: AsyncIterable<Uint8Array>, size = 1 << 20): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let length = 0;
  const flush = () => {
    const out = new Uint8Array(length);
    let at = 0;
    for (const p of parts) out.set(p, (at += p.length) - p.length);
    parts = [];
    length = 0;
    return out;
  };
  for await (const piece of pieces) {
    parts.push(piece);
    length += piece.length;
    if (length >= size) yield flush();
  }
  if (length > 0) yield flush();
}

function separatorBytes(s: string): Uint8Array {
  return encoder.encode(s.replace(/\\([nt0\\])/g, (_, c: string) => ({ n: "\n", t: "\t", "0": "\0", "\\": "\\" })[c]!));
}

/** "1000", "10M" (10^6), "1Gi" (2^30), "64k". */
function size(name: string) {
  return (value: string): number => {
    const m = /^(\d+(?:\.\d+)?)\s*([kKmMgGtT]i?)?[bB]?$/.exec(value.trim());
    if (!m) throw new InvalidArgumentError(`${name} must be a number of bytes such as 1000000, 10M or 1Gi.`);
    const unit = m[2] ?? "";
    const power = " kmgt".indexOf(unit[0]?.toLowerCase() ?? " ");
    const n = Number(m[1]) * (unit.endsWith("i") ? 1024 : 1000) ** Math.max(power, 0);
    if (n < 1) throw new InvalidArgumentError(`${name} must be at least 1 byte.`);
    return Math.floor(n);
  };
}

function seconds(name: string) {
  return (value: string): number => {
    if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) throw new InvalidArgumentError(`${name} must be a number of seconds above 0, such as 30 or 0.5.`);
    return Number(value);
  };
}
