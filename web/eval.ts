// The page's comparison (bytepair eval in the browser): the tokenizer just trained beside any
// vocabulary the user loads, on the first megabytes of the training data, as a table and a chart.
import { evalChart, evaluate, readShards, remoteShards, type EvalRow, type Tokenizer } from "../src/index.js";
import { fileShard, type Input } from "../src/browser/index.js";
import type { Document } from "../src/types.js";
import { el } from "./views.js";

/** How much of the training data the comparison reads (parsing runs on the page's thread). */
export const EVAL_BYTES = 2_000_000;

/** The first documents of the training inputs, up to EVAL_BYTES of text. */
export async function sampleDocuments(inputs: Input[], rows?: number): Promise<Document[]> {
  const shards = [];
  for (const input of inputs) {
    if (typeof input !== "string") shards.push(fileShard(input));
    else shards.push(...((await remoteShards(input.trim(), {})) ?? []));
  }
  const docs: Document[] = [];
  for await (const row of readShards(shards, { bytes: EVAL_BYTES, rows })) docs.push(row.text);
  return docs;
}

/** Evaluates the two tokenizers on the documents and draws the table and the chart. */
export async function showEvaluation(into: HTMLElement, docs: Document[], tokenizers: { name: string; tokenizer: Tokenizer }[]): Promise<EvalRow[]> {
  const { rows, documents } = await evaluate(
    tokenizers,
    docs.map((text) => ({ group: "training data", text })),
  );
  const head = ["tokenizer", "n_vocab", "tokens", "bytes/token", "chars/token", "tokens/word", "ratio", "ids used", "never used", "Rényi eff."];
  const table = el("table");
  table.id = "eval-table";
  const tr = el("tr");
  tr.append(...head.map((h) => el("th", h)));
  table.createTHead().append(tr);
  const body = table.createTBody();
  for (const r of rows) {
    const row = el("tr");
    row.dataset.tokens = String(r.tokens);
    row.append(
      ...[
        r.tokenizer,
        r.vocabSize.toLocaleString("en"),
        r.tokens.toLocaleString("en"),
        r.bytesPerToken.toFixed(3),
        r.charsPerToken.toFixed(3),
        r.tokensPerWord.toFixed(3),
        r.tokenRatio.toFixed(3),
        r.vocabUsed.toLocaleString("en"),
        `${(r.vocabUnused * 100).toFixed(1)}%`,
        r.renyiEfficiency.toFixed(4),
      ].map((v) => el("td", v)),
    );
    body.append(row);
  }
  const note = el(
    "div",
    `On the first ${documents.toLocaleString("en")} documents (${(rows[0].bytes / 1e6).toFixed(2)} MB, ${rows[0].words.toLocaleString("en")} words) of the training data. ` +
      "Ratio: tokens relative to the tokenizer just trained. Rényi efficiency (α = 2.5, Zouhar et al. 2023): how evenly the ids are used, 1 = all of n_vocab equally.",
    "muted",
  );
  const chart = el("div");
  chart.className = "eval-chart";
  chart.innerHTML = evalChart(rows.map((r) => ({ ...r, input: "training data" })));
  into.replaceChildren(table, note, chart);
  return rows;
}
