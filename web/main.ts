// The page: choose data and options, train in a Web Worker (src/browser), then show what was learned.
// body[data-state] is idle | training | done | cancelled | error; window.bytepairPage holds the last result.
import { loadTokenizer, saveTokenizer, FORMATS, type FormatName, type Tokenizer } from "../src/index.js";
import { trainInWorker, TrainingCancelled, type BrowserTrainResult, type Input, type TrainingJob } from "../src/browser/index.js";
import type { ReadProgress } from "../src/sources/types.js";
import type { Progress } from "../src/train.js";
import type {} from "./page.js"; // window.bytepairPage
import { compressionCurve, el, showChart, showMerges, showSeedSteps, showTokens } from "./views.js";
import { sampleDocuments, showEvaluation } from "./eval.js";
import type { Document } from "../src/types.js";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const input = <T = HTMLInputElement>(id: string) => $(id) as T;

let source: Input[] | null = null; // URLs (one or more, space-separated) or one file
let job: TrainingJob | null = null;
let trained: BrowserTrainResult | null = null;
let cl100k: Tokenizer | null = null; // the vocabulary loaded to compare with (cl100k_base or any other)
let compareName = "cl100k_base";
let trainedOn: { inputs: Input[]; rows?: number; docs?: Document[] } | null = null; // for the comparison


// 1. data: a URL typed, or a file chosen or dropped (which starts training at once)
const params = new URLSearchParams(location.search);
input("url").value = params.get("url") ?? "";
input("threads").value = String(navigator.hardwareConcurrency || 1);
input("url").addEventListener("input", () => {
  source = urls();
  $("source-name").textContent = "";
});
input("file").addEventListener("change", () => {
  const file = input("file").files?.[0];
  if (file) useFile(file);
});
document.addEventListener("dragover", (e) => {
  e.preventDefault();
  $("drop").classList.add("over");
});
document.addEventListener("dragleave", () => $("drop").classList.remove("over"));
document.addEventListener("drop", (e) => {
  e.preventDefault();
  $("drop").classList.remove("over");
  const file = e.dataTransfer?.files[0];
  if (file && isVocabulary(file.name)) void loadCompareFile(file);
  else if (file) useFile(file);
});
/** A tokenizer file to compare with, not data to train on. */
const isVocabulary = (name: string) => /\.(tiktoken(\.gz)?|bpe|model|json)$/i.test(name);
function urls(): string[] | null {
  const list = input("url").value.split(/\s+/).filter(Boolean);
  return list.length ? list : null;
}
function useFile(file: File): void {
  source = [file];
  $("source-name").textContent = `${file.name} (${(file.size / 1e6).toFixed(1)} MB)`;
  start();
}

// 2. options and training
input<HTMLSelectElement>("pattern").addEventListener("change", () => ($("custom-label").hidden = input<HTMLSelectElement>("pattern").value !== "custom"));
$("train").addEventListener("click", () => {
  source = urls() ?? source;
  start();
});
$("cancel").addEventListener("click", () => job?.cancel());

function options() {
  const pattern = input<HTMLSelectElement>("pattern").value;
  const number = (id: string) => (input(id).value.trim() === "" ? undefined : Number(input(id).value));
  return {
    vocabSize: number("vocab") ?? 1024,
    pattern: pattern === "custom" ? input("custom").value : pattern,
    specialTokens: input("specials").value.split(/\s+/).filter(Boolean),
    rows: number("rows"),
    threads: number("threads"),
    parallelAfter: params.has("parallelAfter") ? Number(params.get("parallelAfter")) : undefined,
  };
}

async function start(): Promise<void> {
  if (job) return;
  if (!source) return fail("Choose data first: type a parquet URL or drop a file on the page.");
  setState("training");
  $("message").textContent = "";
  const began = performance.now();
  job = trainInWorker(source, { ...options(), onProgress: showProgress, createWorker: startWorker });
  try {
    const result = await job.result;
    trained = result;
    trainedOn = { inputs: source, rows: options().rows };
    const seconds = (performance.now() - began) / 1000;
    window.bytepairPage = { native: result.native, merges: result.merges, stats: result.stats, seconds };
    showResult(result, seconds);
    setState("done");
  } catch (error) {
    if (error instanceof TrainingCancelled) {
      $("status").textContent = "Training cancelled.";
      setState("cancelled");
    } else fail((error as Error).message);
  } finally {
    job = null;
    ($("cancel") as HTMLButtonElement).disabled = true;
    ($("train") as HTMLButtonElement).disabled = false;
  }
}

function setState(state: string): void {
  document.body.dataset.state = state;
  ($("cancel") as HTMLButtonElement).disabled = state !== "training";
  ($("train") as HTMLButtonElement).disabled = state === "training";
  if (state !== "training") ($("progress") as HTMLProgressElement).value = state === "done" ? 1 : 0;
}

function fail(message: string): void {
  $("message").textContent = message;
  $("status").textContent = "";
  setState("error");
}

let mergeStart = 0;
function showProgress(p: Progress | ReadProgress): void {
  const bar = $("progress") as HTMLProgressElement;
  if (p.stage === "read") {
    bar.removeAttribute("value"); // indeterminate: the text's size is not known before it is read
    $("status").textContent = `Reading: ${p.rows.toLocaleString("en")} documents, ${mb(p.bytes)} of text${p.fetched ? `, ${mb(p.fetched)} fetched` : ""}…`;
  } else if (p.stage === "count") {
    $("status").textContent = `Counting chunks: ${mb(p.done)} so far (${p.elapsed.toFixed(1)} s)…`;
  } else {
    if (p.done === 0 || mergeStart === 0) mergeStart = p.elapsed;
    bar.value = p.total ? p.done / p.total : 0;
    const rate = p.done / Math.max(p.elapsed - mergeStart, 1e-3);
    const eta = p.done > 0 ? ` — about ${Math.ceil((p.total - p.done) / rate)} s left` : "";
    $("status").textContent = `Merging: ${p.done.toLocaleString("en")} of up to ${p.total.toLocaleString("en")} merges${eta}.`;
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

// 3. results
function showResult(r: BrowserTrainResult, seconds: number): void {
  mergeStart = 0;
  const s = r.stats;
  $("status").textContent = `Trained in ${seconds.toFixed(2)} s (counting ${s.seconds.count.toFixed(2)} s, merging ${s.seconds.merge.toFixed(2)} s).`;
  $("summary").textContent =
    `${r.tokenizer.vocabSize.toLocaleString("en")} tokens (${s.merges} merges) from ${s.documents.toLocaleString("en")} documents, ` +
    `${mb(s.bytes)} of text, ${s.uniqueChunks.toLocaleString("en")} unique chunks; stopped by ${r.stopReason}; ` +
    `${(s.bytes / s.tokens).toFixed(2)} bytes per token on the training text.`;
  $("results").hidden = false;
  showDownloads(r.tokenizer);
  showMerges($("merges") as HTMLTableElement, $("merges-more"), r.tokenizer, r.merges);
  const first = Math.min(...r.merges.map((m) => m.id), 256 + s.merges);
  showChart($("chart"), compressionCurve(r.merges, s.bytes, s.tokens, first));
  encodeBox();
  void compare();
}

/** The trained tokenizer beside the loaded vocabulary on the first megabytes of the training data. */
async function compare(): Promise<void> {
  if (!trained || !cl100k || !trainedOn) return;
  const into = $("eval");
  delete into.dataset.done;
  into.textContent = "Comparing on the training data…";
  try {
    trainedOn.docs ??= await sampleDocuments(trainedOn.inputs, trainedOn.rows);
    await showEvaluation(into, trainedOn.docs, [
      { name: "this tokenizer", tokenizer: trained.tokenizer },
      { name: compareName, tokenizer: cl100k },
    ]);
    into.dataset.done = "true";
  } catch (error) {
    into.textContent = (error as Error).message;
  }
}

const FILE_NAMES: Record<FormatName, string> = { bytepair: "tokenizer.bpe", tiktoken: "tokenizer.tiktoken", hf: "tokenizer.json", minbpe: "tokenizer.model" };

function showDownloads(tokenizer: Tokenizer): void {
  const links = FORMATS.map((format) => {
    const button = el("button", `Download ${format} (${FILE_NAMES[format]})`);
    button.type = "button";
    button.dataset.format = format;
    button.addEventListener("click", () => {
      try {
        const saved = saveTokenizer(tokenizer, format, FILE_NAMES[format]);
        download(FILE_NAMES[format], saved.text);
        if (saved.companion) download(saved.companion.path, saved.companion.text);
      } catch (error) {
        $("message").textContent = (error as Error).message;
      }
    });
    return button;
  });
  $("downloads").replaceChildren(...links);
}

function download(name: string, text: string): void {
  const a = el("a");
  a.href = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

// the encode / decode box, side by side with cl100k when a vocabulary is loaded
function encodeBox(): void {
  const text = input<HTMLTextAreaElement>("text").value;
  if (trained) {
    const ids = trained.tokenizer.encode(text, { allowedSpecial: "all" });
    showTokens($("tokens"), trained.tokenizer, ids);
    $("ids").textContent = ids.join(" ");
    $("count").textContent = `${ids.length} tokens, ${(new TextEncoder().encode(text).length / Math.max(ids.length, 1)).toFixed(2)} bytes per token`;
  }
  if (cl100k) {
    const ids = cl100k.encode(text, { allowedSpecial: "all" });
    showTokens($("cl100k-tokens"), cl100k, ids);
    $("cl100k-count").textContent = `${ids.length} tokens`;
  }
}
input<HTMLTextAreaElement>("text").addEventListener("input", encodeBox);
input("decode-ids").addEventListener("input", () => {
  if (!trained) return;
  try {
    const ids = input("decode-ids").value.split(/[\s,]+/).filter(Boolean).map(Number);
    $("decoded").textContent = trained.tokenizer.decode(ids);
  } catch (error) {
    $("decoded").textContent = (error as Error).message;
  }
});

/** A file's bytes as text, gunzipped first when they are gzip. */
async function textOf(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
}

async function loadCompare(url: string): Promise<void> {
  $("cl100k-status").textContent = `Loading ${url}…`;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}.`);
    useCompare(await loadTokenizer(await textOf(new Uint8Array(await response.arrayBuffer())), { source: url }), url);
  } catch (error) {
    $("cl100k-status").textContent = (error as Error).message;
  }
}

async function loadCompareFile(file: File): Promise<void> {
  $("cl100k-status").textContent = `Loading ${file.name}…`;
  try {
    useCompare(await loadTokenizer(await textOf(new Uint8Array(await file.arrayBuffer())), { source: file.name }), file.name);
  } catch (error) {
    $("cl100k-status").textContent = `${file.name}: ${(error as Error).message}`;
  }
}

function useCompare(tokenizer: Tokenizer, from: string): void {
  cl100k = tokenizer;
  compareName = from.replace(/[?#].*$/, "").replace(/^.*\//, "").replace(/\.gz$/, "").replace(/\.tiktoken$/, "") || from;
  $("compare-name").textContent = compareName;
  $("cl100k-status").textContent = `Loaded ${tokenizer.vocabSize.toLocaleString("en")} tokens (n_vocab ${tokenizer.nVocab.toLocaleString("en")}) from ${from}.`;
  $("compare").dataset.loaded = "true";
  encodeBox();
  void compare();
}
input("vocab-file").addEventListener("change", () => {
  const file = input("vocab-file").files?.[0];
  if (file) void loadCompareFile(file);
});
$("vocab-load").addEventListener("click", () => loadCompare(input("vocab-url").value.trim()));
if (params.get("compare")) {
  input("vocab-url").value = params.get("compare")!;
  void loadCompare(params.get("compare")!);
}

// the seed's steps, for any short text
const seed = () => showSeedSteps(input<HTMLTextAreaElement>("seed-text").value.slice(0, 2000), $("seed-bits"), $("seed-bytes"), $("seed-pairs"));
input<HTMLTextAreaElement>("seed-text").addEventListener("input", () => void seed());
void seed();

/** The worker script from the sources (Vite bundles it); the package's default inlines it instead. */
function startWorker(): Worker {
  return new Worker(new URL("../src/browser/worker.ts", import.meta.url), { type: "module" });
}
