// Counting chunks on several threads. The same code runs in Node worker_threads and in Web Workers:
// each worker owns a wasm instance and a ChunkCounter; the main thread deals it batches of documents
// and, at the end, merges the workers' tables into its own. Only plain data crosses: strings, typed arrays.
import { createEngine, type Engine } from "./engine.js";
import { ChunkCounter } from "./count.js";
import type { Document, WorkerPort } from "./types.js";
import { UNIT_REQUESTS, type ShardOpener, type UnitRequest } from "./pipeline/protocol.js";
import { UnitServer } from "./pipeline/serve.js";
import { exportTable, importTables, transferList, type TableData } from "./pipeline/table.js";

type Request =
  | { type: "init"; pattern: string; specialTokens: string[]; maxChunkBytes?: number }
  | { type: "docs"; docs: Document[] }
  | { type: "finish" };

type Reply =
  | { type: "counted" }
  | ({ type: "table"; documents: number; textBytes: number; invalidBytes: number } & TableData)
  | { type: "error"; message: string };

/**
 * The worker side: answers the main thread's requests until "finish". With an opener it also counts
 * whole units of input it opens itself (src/pipeline/: the main thread sends plans, not bytes).
 */
export function serveCounter(port: WorkerPort, opener?: ShardOpener): void {
  const units = opener ? new UnitServer(port, opener) : undefined;
  let counter: ChunkCounter | undefined;
  let engine: Engine | undefined;
  let queue = Promise.resolve();
  port.onMessage((message) => {
    const req = message as Request | UnitRequest;
    queue = queue.then(() => (UNIT_REQUESTS.has(req.type) ? units!.handle(req as UnitRequest) : handle(req as Request))).catch((error: Error) => port.post({ type: "error", message: error.message } satisfies Reply));
  });
  async function handle(req: Request): Promise<void> {
    if (req.type === "init") {
      engine = await createEngine("wasm");
      counter = new ChunkCounter(engine, req.pattern, req.specialTokens, req.maxChunkBytes);
    } else if (req.type === "docs") {
      for (const doc of req.docs) counter!.add(doc);
      if (counter!.pending >= 16 << 20) counter!.flush();
      port.post({ type: "counted" } satisfies Reply);
    } else {
      counter!.flush();
      const table = exportTable(engine!);
      port.post({ type: "table", ...table, documents: counter!.documents, textBytes: counter!.bytes, invalidBytes: counter!.invalidBytes } satisfies Reply, transferList(table));
    }
  }
}

export interface ParallelCountOptions {
  pattern: string;
  specialTokens: readonly string[];
  maxChunkBytes?: number;
  threads: number;
  /** Characters counted on this thread before workers start (default 16 M). */
  parallelAfter?: number;
  createWorker: () => WorkerPort;
  /** Called after each batch is dealt, with the UTF-16 length counted so far. */
  onBatch?: (characters: number) => void;
}

const BATCH_CHARS = 1 << 20; // per message
const IN_FLIGHT = 3; // batches a worker may hold before the reader waits

const MAIN_THREAD_CHARS = 16 << 20; // text the main thread counts itself before starting workers

/**
 * Counts the source's chunks into `engine`'s table: the first 16 M characters on this thread (small
 * inputs never pay for starting workers), the rest dealt in batches to `threads` workers whose tables
 * are merged in at the end. The result does not depend on the number of threads.
 */
export async function countInParallel(engine: Engine, source: AsyncIterable<Document> | Iterable<Document>, options: ParallelCountOptions) {
  const local = new ChunkCounter(engine, options.pattern, options.specialTokens, options.maxChunkBytes);
  let workers: Channel[] = [];
  try {
    let batch: Document[] = [];
    let size = 0;
    let characters = 0;
    let next = 0;
    const deal = async () => {
      if (characters <= (options.parallelAfter ?? MAIN_THREAD_CHARS)) {
        for (const doc of batch) local.add(doc);
        local.flush();
      } else {
        if (workers.length === 0) {
          workers = Array.from({ length: options.threads }, () => new Channel(options.createWorker()));
          workers.forEach((w) => w.send({ type: "init", pattern: options.pattern, specialTokens: [...options.specialTokens], maxChunkBytes: options.maxChunkBytes }));
        }
        const w = workers[next++ % workers.length];
        await w.room();
        w.send({ type: "docs", docs: batch });
      }
      options.onBatch?.(characters);
      batch = [];
      size = 0;
    };
    for await (const doc of source) {
      batch.push(doc);
      size += doc.length;
      characters += doc.length;
      if (size >= BATCH_CHARS) await deal();
    }
    if (batch.length) await deal();
    let documents = local.documents;
    let bytes = local.bytes;
    let invalidBytes = local.invalidBytes;
    const tables = await Promise.all(workers.map((w) => w.finish()));
    for (const table of tables) {
      documents += table.documents;
      bytes += table.textBytes;
      invalidBytes += table.invalidBytes;
    }
    importTables(engine, tables);
    return { documents, bytes, invalidBytes };
  } finally {
    workers.forEach((w) => w.port.terminate?.());
  }
}

/** One worker seen from the main thread: sends requests, tracks batches in flight, surfaces errors. */
class Channel {
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private failure: Error | undefined;
  private table: ((t: Extract<Reply, { type: "table" }>) => void) | undefined;
  private fail: ((e: Error) => void) | undefined;

  constructor(readonly port: WorkerPort) {
    port.onMessage((message) => {
      const reply = message as Reply;
      if (reply.type === "counted") {
        this.inFlight--;
        this.waiters.shift()?.();
      } else if (reply.type === "table") this.table?.(reply);
      else {
        this.failure = new Error(reply.message);
        this.fail?.(this.failure);
        this.waiters.splice(0).forEach((w) => w());
      }
    });
  }

  send(req: Request): void {
    if (req.type === "docs") this.inFlight++;
    this.port.post(req);
  }

  async room(): Promise<void> {
    while (this.inFlight >= IN_FLIGHT && !this.failure) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failure) throw this.failure;
  }

  finish(): Promise<Extract<Reply, { type: "table" }>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.table = resolve;
      this.fail = reject;
      this.send({ type: "finish" });
    });
  }
}
