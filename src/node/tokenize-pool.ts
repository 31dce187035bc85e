// Encoding document batches for `tokenize`, on this thread or on worker threads. Each worker owns a
// tokenizer on the wasm encoder; the main thread deals it batches of documents (strings) and gets back
// one typed array of ids per batch (separators included) plus each document's token count. Batches
// come back in the order they were dealt, so the output does not depend on the number of threads.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { loadTokenizer } from "../formats/index.js";
import type { EncodeOptions, Tokenizer } from "../tokenizer.js";
import type { Document } from "../types.js";
import { BytepairError } from "../errors.js";
import { tokenTypeFor, type TokenArray, type TokenType } from "./shards.js";

/** A separator token: before each document (llm.c's FineWeb script: <|endoftext|>) or after it. */
export interface Separator {
  place: "bos" | "eos";
  text: string;
  id: number;
}

/** What a worker needs to rebuild the tokenizer: the file's text (gunzipped) and its sidecar. */
export interface TokenizerSource {
  text: string;
  source: string;
  sidecar?: string;
}

export interface EncodedBatch {
  /** Every document's ids, separators included, one after another. */
  ids: TokenArray;
  /** Tokens of each document (separator included). */
  lengths: Uint32Array;
  /** UTF-8 bytes of the batch's text. */
  bytes: number;
}

// as llm.c's encode_ordinary: special-token text inside a document is ordinary text
const ORDINARY: EncodeOptions = { allowedSpecial: [], disallowedSpecial: [] };

/** Encodes a batch of documents into one array of `type`, with a separator per document. */
export function encodeDocuments(tokenizer: Tokenizer, docs: readonly Document[], separator: Separator | null, type: TokenType): EncodedBatch {
  let bytes = 0;
  for (const d of docs) bytes += typeof d === "string" ? Buffer.byteLength(d) : d.length;
  // Byte documents (text files) are encoded as their bytes: invalid UTF-8 is kept, never replaced.
  const encoded = docs.every((d) => typeof d === "string")
    ? tokenizer.encodeBatchToArrays(docs as string[], ORDINARY)
    : docs.map((d) => (typeof d === "string" ? tokenizer.encodeBatchToArrays([d], ORDINARY)[0] : tokenizer.encodeBytesToArray(d, ORDINARY)));
  const extra = separator ? 1 : 0;
  let total = 0;
  for (const e of encoded) total += e.length + extra;
  const ids = type === "uint16" ? new Uint16Array(total) : new Uint32Array(total);
  const lengths = new Uint32Array(docs.length);
  let at = 0;
  encoded.forEach((e, i) => {
    if (separator?.place === "bos") ids[at++] = separator.id;
    ids.set(e, at); // uint16: ids are below 65,536 (checked when the token type was chosen)
    at += e.length;
    if (separator?.place === "eos") ids[at++] = separator.id;
    lengths[i] = e.length + extra;
  });
  return { ids, lengths, bytes };
}

/** What the main thread needs to know of the tokenizer (a worker reports it: the main thread need not load it). */
export interface VocabularyFacts {
  nVocab: number;
  specialTokens: [string, number][];
}

/** The separator asked for, by text; each side finds its id in the tokenizer it loaded. */
export type SeparatorRequest = Omit<Separator, "id"> | null;

type Request = { type: "init"; tokenizer: TokenizerSource; separator: SeparatorRequest } | { type: "docs"; seq: number; docs: Document[] };

type Reply = { type: "ready"; facts: VocabularyFacts } | { type: "encoded"; seq: number; batch: EncodedBatch } | { type: "error"; seq?: number; message: string };

interface Port {
  post(message: unknown, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (message: unknown) => void): void;
}

/** The worker side: load the tokenizer, then encode each batch it is sent. */
export function serveEncoder(port: Port): void {
  let tokenizer: Tokenizer | undefined;
  let separator: Separator | null = null;
  let tokenType: TokenType = "uint32";
  let refused: string | undefined; // the separator is not a special token (the main thread says so too)
  let queue = Promise.resolve();
  port.onMessage((message) => {
    const req = message as Request;
    queue = queue
      .then(async () => {
        if (req.type === "init") {
          tokenizer = await (await loadTokenizer(req.tokenizer.text, { source: req.tokenizer.source, sidecar: req.tokenizer.sidecar })).useEngine("wasm");
          tokenType = tokenTypeFor(tokenizer.nVocab);
          const id = req.separator ? tokenizer.specialTokens.get(req.separator.text) : undefined;
          if (req.separator && id === undefined) refused = `${JSON.stringify(req.separator.text)} is not a special token of the tokenizer.`;
          separator = req.separator && id !== undefined ? { ...req.separator, id } : null;
          port.post({ type: "ready", facts: { nVocab: tokenizer.nVocab, specialTokens: [...tokenizer.specialTokens] } } satisfies Reply);
        } else {
          if (refused) throw new BytepairError(refused);
          const batch = encodeDocuments(tokenizer!, req.docs, separator, tokenType);
          port.post({ type: "encoded", seq: req.seq, batch } satisfies Reply, [batch.ids.buffer as ArrayBuffer, batch.lengths.buffer as ArrayBuffer]);
        }
      })
      .catch((error: Error) => port.post({ type: "error", seq: req.type === "docs" ? req.seq : undefined, message: error.message } satisfies Reply));
  });
}

/** The compiled worker: beside this file in dist/, or in dist/ when running from the TypeScript sources. */
function workerUrl(): URL {
  const here = new URL("./tokenize-worker.js", import.meta.url);
  return existsSync(fileURLToPath(here)) ? here : new URL("../../dist/node/tokenize-worker.js", import.meta.url);
}

interface Pending {
  resolve(batch: EncodedBatch): void;
  reject(error: Error): void;
}

/** Worker threads that encode batches; `encode` resolves in any order, callers keep their own order. */
export class EncoderPool {
  private readonly workers: { worker: Worker; busy: number; pending: Map<number, Pending> }[] = [];
  private seq = 0;
  /** The vocabulary's size and special tokens, as the first worker loaded them, once every worker has. */
  ready!: Promise<VocabularyFacts>;

  private constructor() {}

  /** Starts `threads` workers, each loading the tokenizer; batches may be sent at once (they wait for it). */
  static start(threads: number, tokenizer: TokenizerSource, separator: SeparatorRequest): EncoderPool {
    const pool = new EncoderPool();
    const ready: Promise<VocabularyFacts>[] = [];
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(workerUrl());
      const slot = { worker, busy: 0, pending: new Map<number, Pending>() };
      pool.workers.push(slot);
      ready.push(
        new Promise<VocabularyFacts>((resolve, reject) => {
          const fail = (error: Error) => {
            reject(error);
            for (const p of slot.pending.values()) p.reject(error);
            slot.pending.clear();
          };
          worker.on("error", fail);
          worker.on("exit", (code) => code !== 0 && fail(new Error(`an encoding worker stopped (exit code ${code})`)));
          worker.on("message", (reply: Reply) => {
            if (reply.type === "ready") return resolve(reply.facts);
            if (reply.type === "error" && reply.seq === undefined) return fail(new Error(reply.message));
            const p = slot.pending.get(reply.seq!)!;
            slot.pending.delete(reply.seq!);
            slot.busy--;
            if (reply.type === "encoded") p.resolve(reply.batch);
            else p.reject(new Error(reply.message));
          });
        }),
      );
      worker.postMessage({ type: "init", tokenizer, separator } satisfies Request);
    }
    pool.ready = Promise.all(ready).then((facts) => facts[0]);
    pool.ready.catch(() => {}); // awaited by the caller; this only stops an early rejection being "unhandled"
    return pool;
  }

  /** Sends a batch to the least busy worker. */
  encode(docs: Document[]): Promise<EncodedBatch> {
    const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const seq = this.seq++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      slot.pending.set(seq, { resolve, reject });
      slot.worker.postMessage({ type: "docs", seq, docs } satisfies Request);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
