// Step 2 of training from shards: every selected document's chunks into the engine's table.
// With N threads, N - 1 workers and this thread count: this thread plans units (in a fixed order),
// deals them to the workers, which open, read, decode, scan and count them on their own, and counts
// units itself straight into the training engine's table between its other duties (it pauses every
// few MB to answer the workers and report progress). At the end the workers merge their tables (one
// part each, by a hash of the chunk) and this thread adds the parts to its table. A second thread thus
// costs one worker (its start, its memory and one table to add), not two workers and an idle thread.
//
// Selection without a round trip where the plan alone decides it: no options, or parquet with only
// --rows/--skip (rows taken by position from the footers, as the one-thread reader does). Otherwise
// (--where, --bytes, --rows/--skip on JSON Lines or text) a worker first *measures* a unit (each
// row's text length, -1 for no document / --where not met) and keeps its rows; the main thread
// resolves, in unit order, which rows the selection takes (cheap: lengths only) and sends a mask;
// the worker then counts those. --bytes: a document is taken while the bytes taken before it are
// below the limit (the last one is whole), exactly as the one-thread reader.
import { BytepairError } from "../errors.js";
import type { Engine } from "../engine.js";
import { resolvePattern } from "../pretokenize.js";
import { SCANNER_IDS, scannerRanges } from "../scanner-classes.js";
import type { HttpOptions } from "../sources/http.js";
import { selectShards } from "../sources/select.js";
import type { Shard, StreamOptions } from "../sources/types.js";
import { parseWhere } from "../sources/where.js";
import type { WorkerPort } from "../types.js";
import { UnitCounter, type Counted } from "./count-units.js";
import { CLAIM_SLOTS, DEALT, RECALLED, type ShardRef, type TableSize, type UnitReply, type UnitRequest } from "./protocol.js";
import { importTables, transferList, type TableData } from "./table.js";
import { checkColumns, OpenShard, RANGE_BYTES, shardUnits, type ReadSpec, type TextCut, type Unit } from "./units.js";

/** Which documents of the shards to take: readShards' own options, with the same meanings. */
export interface ShardSelection extends Pick<StreamOptions, "column" | "field" | "rows" | "bytes" | "skip" | "shards" | "where"> {
  /** Network settings for the workers' requests. */
  http?: Pick<HttpOptions, "timeout" | "retries" | "retryDelay">;
}

export interface CountShardsOptions extends ShardSelection {
  pattern: string;
  specialTokens: readonly string[];
  maxChunkBytes?: number;
  /** Threads counting units: this one and threads - 1 workers. */
  threads: number;
  createWorker?: () => WorkerPort;
  /** Estimated text bytes below which this thread counts alone (default 16 MiB: workers cost a start and a merge). */
  parallelAfter?: number;
  /** Bytes of text counted so far, and the total expected (an estimate, never below done). */
  onProgress?: (done: number, total: number) => void;
  /** Bytes per JSON Lines / text range unit and per text piece (defaults 8 MiB, 4 MiB; tests make them small). */
  unitBytes?: number;
  /** Estimated text of a unit above which this thread leaves it to the workers (default 64 MiB; tests make it small). */
  bigUnitBytes?: number;
  pieceBytes?: number;
  /** Bytes per segment of a long document counted (default 1 MiB; tests make it small). */
  segmentBytes?: number;
}

const PARALLEL_AFTER = 16 << 20;
/**
 * Text of a unit above which this thread leaves it to a worker (see `held`), unless every worker
 * already holds at least half as much: then none can run out while this thread reads it.
 */
const BIG_UNIT = 64 << 20;
/**
 * Units a worker holds at once: one being counted, two waiting, so it does not idle while this thread,
 * which deals only between the documents it counts, is in a long one (a 30 MB document: ~0.3 s).
 */
const IN_FLIGHT = 3;
/** Units this thread takes back at once from busy workers once every unit is dealt (see recall). */
const STEAL = IN_FLIGHT - 1;
/** Units planned ahead per thread, the largest dealt first (see largestFirst). */
const LOOK_AHEAD = 8;
/** Text per stored byte of an unread parquet file, for the first progress total (replaced by its footer's sizes). */
const PARQUET_RATIO = 3;

interface Task {
  id: number;
  shard: Shard;
  ref: ShardRef | null;
  unit: Unit;
}

/** A text file's range after its first: the same document as the unit before it (taken whole or not at all). */
const continuesDocument = (task: Task) => task.shard.format === "txt" && task.unit.kind === "range" && task.unit.start > 0;

/** Where a text file may be cut into pieces without changing a count (see TextCut). */
export function textCut(pattern: string, specialTokens: readonly string[], maxChunkBytes?: number): TextCut {
  const { name } = resolvePattern(pattern); // by name: a built-in pattern's regex is not compiled here
  if (specialTokens.some((s) => s.includes("\n"))) return { kind: "whole" };
  if (name === "none") return maxChunkBytes !== undefined && maxChunkBytes !== Infinity ? { kind: "fixed", size: maxChunkBytes } : { kind: "whole" };
  const spaces = !specialTokens.some((s) => s.includes(" ")); // a special token is never cut in two
  if (name === "gpt2") return { kind: "lines", gpt2: true, spaces };
  return name === "cl100k" || name === "o200k" ? { kind: "lines", spaces } : { kind: "whole" };
}

/**
 * Counts the selected documents of the shards into `engine`; the result does not depend on threads.
 * `engine` may still be in the making (its creation then overlaps the workers' start).
 */
export async function countShards(engine: Engine | Promise<Engine>, shards: readonly Shard[], o: CountShardsOptions): Promise<Counted> {
  const threads = o.threads;
  if (!Number.isInteger(threads) || threads < 1) throw new BytepairError(`threads must be a whole number of at least 1, not ${threads}.`);
  const picked = selectShards(shards, o.shards);
  const spec: ReadSpec = { column: o.column ?? "text", field: o.field ?? "text", where: parseWhere(o.where ?? []), cut: textCut(o.pattern, o.specialTokens, o.maxChunkBytes), unitBytes: o.unitBytes, pieceBytes: o.pieceBytes, segmentBytes: o.segmentBytes };
  const text = spec.where.length > 0 ? picked.find((s) => s.format === "txt") : undefined;
  if (text) throw new BytepairError(`${text.name} is a text file with no columns for --where to test.`);
  const selecting = o.rows !== undefined || o.bytes !== undefined || (o.skip ?? 0) > 0 || spec.where.length > 0;
  const byPosition = selecting && spec.where.length === 0 && o.bytes === undefined && picked.every((s) => s.format === "parquet");
  const measure = selecting && !byPosition;
  const positions = byPosition ? { skip: o.skip ?? 0, take: o.rows ?? Infinity } : undefined;

  const guess = picked.map((s) => (s.size === undefined ? Infinity : s.format === "parquet" ? s.size * PARQUET_RATIO : s.compression ? s.size * 4 : s.size));
  const parallel =
    threads > 1 && o.createWorker !== undefined && picked.every((s) => s.origin) && resolvePattern(o.pattern).name !== "none" && guess.reduce((a, b) => a + b, 0) >= (o.parallelAfter ?? PARALLEL_AFTER);
  const workers: WorkerExecutor[] = [];
  const maxWorkers = parallel ? threads - 1 : 0;
  let local: LocalExecutor | undefined;
  let target: Engine | undefined;
  const progress = new Tally(guess, o.bytes, o.onProgress);
  // units dealt to a worker that this thread may take back (see CLAIM_SLOTS): where threads share memory
  const claims = parallel && !measure && typeof SharedArrayBuffer === "function" ? new Int32Array(new SharedArrayBuffer(4 * CLAIM_SLOTS)) : undefined;

  // 1. units in order, planned lazily (a footer is read only when its shard's turn comes)
  let nextId = 0;
  async function* plan(): AsyncGenerator<Task> {
    for (const [i, shard] of picked.entries()) {
      if (positions && positions.take <= 0) return;
      const open = shard.format === "parquet" ? new OpenShard(shard) : null;
      const metadata = open ? await open.footer() : null;
      if (metadata) checkColumns(metadata, shard.name, [spec.column, ...spec.where.map((c) => c.column)]);
      const units = shardUnits(shard, i, metadata, spec, positions);
      progress.planned(i, units.reduce((a, u) => a + u.estimate, 0));
      const ref = shard.origin ? { name: shard.name, format: shard.format, compression: shard.compression, size: shard.size, origin: shard.origin } : null;
      for (const unit of units) yield { id: nextId++, shard, ref, unit };
    }
  }

  // 2. (selection by measuring) which rows of each measured unit are taken, decided in unit order
  const left = { skip: o.skip ?? 0, rows: o.rows ?? Infinity, bytes: o.bytes ?? Infinity };
  let stopped = false;
  const waiting = new Map<number, { lengths: Float64Array; continues: boolean; decide: (mask: Uint8Array | null) => void }>();
  let resolved = 0;
  let tookLast = false; // whether the last document decided on was taken (a text file's later ranges follow it)
  const decideInOrder = (id: number, lengths: Float64Array, continues: boolean) =>
    new Promise<Uint8Array | null>((decide) => {
      waiting.set(id, { lengths, continues, decide });
      for (let next = waiting.get(resolved); next; next = waiting.get(resolved)) {
        waiting.delete(resolved++);
        next.decide(next.continues ? takeRest(next.lengths) : takeRows(next.lengths));
      }
    });
  /** The rest of a text file: taken when its start was (its bytes count toward --bytes), else not. */
  const takeRest = (lengths: Float64Array): Uint8Array | null => {
    if (!tookLast) return null;
    left.bytes -= lengths[0];
    if (left.bytes <= 0) stopped = true;
    return Uint8Array.of(1);
  };
  const takeRows = (lengths: Float64Array): Uint8Array | null => {
    const mask = new Uint8Array(lengths.length);
    tookLast = false;
    let any = false;
    for (let i = 0; i < lengths.length && !stopped; i++) {
      if (lengths[i] < 0) continue;
      if (left.skip > 0) {
        left.skip--;
        continue;
      }
      mask[i] = 1;
      any = tookLast = true;
      left.rows--;
      left.bytes -= lengths[i];
      if (left.rows <= 0 || left.bytes <= 0) stopped = true;
    }
    return any ? mask : null;
  };

  // 3. deal units to free workers (started as needed, up to threads - 1), each holding IN_FLIGHT, and
  // to this thread
  const total: Counted = { documents: 0, bytes: 0, invalidBytes: 0 };
  let reserved = false; // room made in the training table for the workers' chunks
  let failure: unknown = null;
  const running = new Set<Promise<void>>();
  const run = async (exec: Executor, task: Task) => {
    exec.busy++;
    exec.holding += task.unit.estimate;
    try {
      let done: Counted;
      if (!measure) {
        const counted = await exec.count(task, (bytes) => progress.partial(task.id, bytes));
        if (counted === null) return; // taken back before its worker began it: this thread counts it (see recall)
        done = counted;
      } else {
        const mask = await decideInOrder(task.id, await exec.measure(task), continuesDocument(task));
        if (mask === null) {
          exec.drop(task);
          return;
        }
        done = await exec.take(task, mask, (bytes) => progress.partial(task.id, bytes));
      }
      total.documents += done.documents;
      total.bytes += done.bytes;
      total.invalidBytes += done.invalidBytes;
      progress.finished(task.id, done.bytes);
      if (exec === local && !reserved && workers.length > 0 && progress.left() <= RESERVE_LEFT) {
        // near the end, between two of its own units, this thread makes room in its table for the
        // workers' chunks: the table's growth (a rehash into new memory) is then done while the workers
        // still count, not after them (~0.2 s of 0.3 s adding a worker's 590 K chunks, 1.5 GB of text)
        reserved = true;
        const sizes = workers.map((w) => w.tableSize);
        target!.reserveTable?.(sizes.reduce((a, t) => a + t.chunks, 0), sizes.reduce((a, t) => a + t.bytes, 0));
      }
    } finally {
      exec.busy--;
      exec.holding -= task.unit.estimate;
    }
  };
  // measured units are decided in order, so they are dealt in order; counted ones largest first
  const units = measure || !parallel ? plan() : largestFirst(plan(), LOOK_AHEAD * threads);
  let dealt = false; // every unit needed has been dealt
  const newWorker = () => {
    const worker = new WorkerExecutor(o.createWorker!(), o, spec, claims);
    workers.push(worker);
    return worker;
  };
  try {
    // as many workers as the estimate has units for beside this thread's (a range's size; parquet row
    // groups vary) start before the first footer is read: a worker's start (~0.2 s) overlaps the plan's reads
    if (parallel) {
      const expected = Math.ceil(guess.reduce((a, b) => a + b, 0) / (spec.unitBytes ?? RANGE_BYTES));
      while (workers.length < Math.min(maxWorkers, expected - 1)) newWorker();
    }
    target = await engine;
    local = new LocalExecutor(new UnitCounter(target, o.pattern, o.specialTokens, o.maxChunkBytes, spec, parallel ? pauseHere : undefined));
    const start = (exec: Executor, task: Task) => {
      const job: Promise<void> = run(exec, task)
        .catch((error) => void (failure ??= error))
        .then(() => void running.delete(job));
      running.add(job);
    };
    const workerFree = () => workers.some((w) => w.busy < w.capacity) || workers.length < maxWorkers;
    // an idle worker, then a new one, then one with a free slot
    const worker = () => workers.find((w) => w.busy === 0) ?? (workers.length < maxWorkers ? newWorker() : workers.find((w) => w.busy < w.capacity)!);
    // Units this thread leaves to the workers: it reads a unit's pages before it can pause, so while
    // it read a big one (a 460 MB row group: ~1.5 s) a worker would run out of units and wait.
    const held: Task[] = [];
    /** A unit taken back from the busiest worker that has one not begun (see CLAIM_SLOTS), for `thief` (default this thread). */
    const recall = (thief?: WorkerExecutor): Task | undefined => {
      for (const w of [...workers].sort((a, b) => b.holding - a.holding)) {
        const task = w === thief ? undefined : w.recall();
        if (task) {
          takenBack++;
          return task;
        }
      }
      return undefined;
    };
    const stolen: Task[] = []; // units this thread took back and counts next
    let merging: Promise<TableData[]> | undefined; // the workers' tables, asked for once they are done
    let takenBack = 0; // units taken back from a worker that had not begun them
    const big = (task: Task) =>
      maxWorkers > 0 && !measure && task.unit.estimate > (o.bigUnitBytes ?? BIG_UNIT) && (workers.length < maxWorkers || workers.some((w) => w.holding < task.unit.estimate / 2));
    for (;;) {
      while (failure === null) {
        const localFree = local.busy === 0;
        // once every unit is dealt this thread takes a held one first (say a single big .zst file:
        // no worker's table to add after), the workers the rest
        if (held.length > 0 && ((dealt && localFree) || workerFree())) {
          start(dealt && localFree ? local : worker(), held.shift()!);
          continue;
        }
        if (dealt) {
          // Every unit is dealt. A thread out of work takes back units a busy worker holds but has not
          // begun (the ones dealt last), rather than wait while that worker counts them one after
          // another: this thread up to STEAL of them (counted in turn; the last units then end here,
          // after the workers', whose tables are sent meanwhile), an idle worker one at a time.
          if (localFree) {
            if (stolen.length === 0) {
              for (let i = 0; i < STEAL; i++) {
                const task = recall();
                if (task === undefined) break;
                stolen.push(task);
              }
            }
            const next = stolen.shift();
            if (next) {
              start(local, next);
              continue;
            }
          }
          const idle = workers.find((w) => w.busy === 0);
          const back = idle ? recall(idle) : undefined;
          if (back !== undefined) {
            start(idle!, back);
            continue;
          }
          // the workers are done: their tables are merged and sent while this thread counts its last units
          if (merging === undefined && workers.length > 0 && workers.every((w) => w.busy === 0)) {
            merging = mergeTables(workers);
            merging.catch(() => {}); // awaited below
          }
          break;
        }
        if (!localFree && (held.length > 0 || !workerFree())) break;
        const next = await units.next();
        // once the selection is complete only the rest of a text file already begun may be needed
        if (next.done || (stopped && !continuesDocument(next.value))) {
          dealt = true;
          continue;
        }
        if (big(next.value)) held.push(next.value);
        // the workers are dealt first: this thread also deals, merges and reports, so it takes what they leave
        else start(workers.some((w) => w.busy === 0) || !localFree ? worker() : local, next.value);
      }
      if (failure !== null) throw failure;
      if (running.size === 0) break;
      await Promise.race(running);
    }
    if (failure !== null) throw failure;
    local.flush();
    if (workers.length > 0) importTables(target, await (merging ?? mergeTables(workers)));
    // for benchmarks (User Timing): this thread's own counting, to tell its serial work from the rest
    performance.mark?.(COUNT_MARK, { detail: { workers: workers.length, countedHereMs: local.ms, clock: THREAD_CPU ? "thread CPU" : "wall", takenBack } });
  } finally {
    for (const exec of workers) exec.close();
  }
  progress.end(total.bytes);
  return total;
}

/**
 * The tasks, each the largest (by its estimate) of the next `window` planned: a run ends on the small
 * units, not with one thread still on a big one while the others wait. The window starts at one (the
 * first unit is dealt after the first footer, as in plan order) and grows by one a task.
 */
async function* largestFirst(tasks: AsyncGenerator<Task>, window: number): AsyncGenerator<Task> {
  const ahead: Task[] = [];
  let done = false;
  for (let want = 1; ; want = Math.min(window, want + 1)) {
    while (!done && ahead.length < want) {
      const next = await tasks.next();
      if (next.done) done = true;
      else ahead.push(next.value);
    }
    if (ahead.length === 0) return;
    let largest = 0;
    for (let i = 1; i < ahead.length; i++) if (ahead[i].unit.estimate > ahead[largest].unit.estimate) largest = i;
    yield ahead.splice(largest, 1)[0];
  }
}

/**
 * The workers' tables merged by every worker at once, as tables of distinct chunks: each worker cuts
 * its table into one part per worker by a hash of the chunk (equal chunks land in the same part
 * everywhere) and sends the others theirs; worker j merges part j of all tables. One worker's table
 * is already distinct. The result does not depend on which worker counted what.
 */
async function mergeTables(workers: readonly WorkerExecutor[]): Promise<TableData[]> {
  const parts = workers.length;
  if (parts === 1) return workers[0].merge(1, 0, []);
  const cut = await Promise.all(workers.map((w, own) => w.split(parts, own)));
  const merged = await Promise.all(workers.map((w, own) => w.merge(parts, own, cut.map((tables) => tables[own]).filter((t): t is TableData => t !== null))));
  return merged.flat();
}

/**
 * Lets this thread's event loop run (workers' replies, progress) in the middle of counting a unit: a
 * macrotask, with no timer's clamp (setImmediate in Node, a MessageChannel message in browsers).
 */
function pauseHere(): Promise<void> {
  if (typeof setImmediate === "function") return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * The User Timing mark countShards leaves when done: detail { workers, countedHereMs, clock, takenBack }, the
 * time this thread spent counting units itself (bench/pipeline-run.js takes it out of the main
 * thread's busy time: what is left is the serial part).
 */
export const COUNT_MARK = "bytepair:count";

type CpuUsage = { user: number; system: number };
const THREAD_CPU = (globalThis as { process?: { threadCpuUsage?: () => CpuUsage } }).process?.threadCpuUsage;
/** This thread's CPU time in ms (Node >= 23.9), else the wall clock. */
const threadClock = (): number => {
  if (!THREAD_CPU) return performance.now();
  const { user, system } = THREAD_CPU.call((globalThis as { process?: unknown }).process);
  return (user + system) / 1000;
};

/** The training table is made room for the workers' chunks when this much of the text is left (see `run`). */
const RESERVE_LEFT = 0.1;

/** Progress in bytes of text: done = units finished + the running ones' partial bytes; total = estimate >= done. */
class Tally {
  private done = 0;
  private readonly partials = new Map<number, number>();
  private last = 0;
  constructor(
    private readonly estimates: number[], // shard -> text bytes expected (Infinity: unknown)
    private readonly limit: number | undefined,
    private readonly report?: (done: number, total: number) => void,
  ) {}
  planned(shard: number, bytes: number): void {
    this.estimates[shard] = bytes;
  }
  partial(id: number, bytes: number): void {
    this.partials.set(id, bytes);
    this.emit(false);
  }
  finished(id: number, bytes: number): void {
    this.partials.delete(id);
    this.done += bytes;
    this.emit(false);
  }
  end(bytes: number): void {
    this.report?.(bytes, bytes);
  }
  /** The part of the text not yet counted, by the estimates (1 while any shard's size is unknown). */
  left(): number {
    let total = 0;
    for (const e of this.estimates) {
      if (!Number.isFinite(e)) return 1;
      total += e;
    }
    let done = this.done;
    for (const b of this.partials.values()) done += b;
    return total > 0 ? Math.max(0, 1 - done / total) : 1;
  }
  private emit(force: boolean): void {
    if (!this.report) return;
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    let done = this.done;
    for (const b of this.partials.values()) done += b;
    let total = 0;
    for (const e of this.estimates) total += Number.isFinite(e) ? e : 0;
    if (this.limit !== undefined) total = Math.min(total || this.limit, this.limit);
    this.report(done, Math.max(total, done));
  }
}

/** Where units are counted: this thread, or one worker. */
interface Executor {
  busy: number;
  /** Estimated text of the units it holds. */
  holding: number;
  readonly capacity: number;
  /** null: the unit was taken back before it was begun (a worker's, see recall). */
  count(task: Task, onBytes: (bytes: number) => void): Promise<Counted | null>;
  measure(task: Task): Promise<Float64Array>;
  take(task: Task, mask: Uint8Array, onBytes: (bytes: number) => void): Promise<Counted>;
  drop(task: Task): void;
  close(): void;
}

/** This thread, counting into the training engine's table. */
class LocalExecutor implements Executor {
  busy = 0;
  holding = 0;
  readonly capacity = 1;
  /** Milliseconds spent in its units (this thread's CPU time where the runtime tells it, else wall time). */
  ms = 0;
  constructor(private readonly counter: UnitCounter) {}
  count(task: Task, onBytes: (bytes: number) => void): Promise<Counted> {
    return this.timed(() => this.counter.count(task.shard, task.unit, onBytes));
  }
  measure(task: Task): Promise<Float64Array> {
    return this.timed(() => this.counter.measure(task.shard, task.unit, task.id));
  }
  take(task: Task, mask: Uint8Array, onBytes: (bytes: number) => void): Promise<Counted> {
    return this.timed(() => this.counter.count(task.shard, task.unit, onBytes, mask, task.id));
  }
  private async timed<T>(work: () => Promise<T>): Promise<T> {
    const began = threadClock();
    try {
      return await work();
    } finally {
      this.ms += threadClock() - began;
    }
  }
  drop(task: Task): void {
    this.counter.drop(task.id);
  }
  /** Counting ends: the last batch into the engine. */
  flush(): void {
    this.counter.flush();
  }
  close(): void {}
}

/** One worker seen from the main thread: requests out, replies routed to the unit they answer. */
class WorkerExecutor implements Executor {
  busy = 0;
  holding = 0;
  readonly capacity = IN_FLIGHT;
  /** Its chunk table's size after its last unit. */
  tableSize: TableSize = { chunks: 0, bytes: 0 };
  private readonly waiting = new Map<number, { resolve: (reply: UnitReply) => void; reject: (error: Error) => void; onBytes?: (bytes: number) => void }>();
  private table: { resolve: (reply: UnitReply) => void; reject: (error: Error) => void } | undefined; // the one split or merge asked
  private failure: Error | undefined;
  private readonly dealt: Task[] = []; // units sent to count and not yet answered, in the order sent

  constructor(
    private readonly port: WorkerPort,
    o: CountShardsOptions,
    spec: ReadSpec,
    private readonly claims?: Int32Array,
  ) {
    port.onMessage((message) => this.receive(message as UnitReply));
    // a built-in pattern's scanner ranges, decoded here once (this thread's engine needs them too)
    const ranges = Object.hasOwn(SCANNER_IDS, resolvePattern(o.pattern).name) ? scannerRanges() : undefined;
    this.send({ type: "units-init", pattern: o.pattern, specialTokens: [...o.specialTokens], maxChunkBytes: o.maxChunkBytes, spec, http: { timeout: o.http?.timeout, retries: o.http?.retries, retryDelay: o.http?.retryDelay }, claims, ranges });
  }

  private send(req: UnitRequest, transfer?: ArrayBuffer[]): void {
    this.port.post(req, transfer);
  }

  private receive(reply: UnitReply): void {
    if (reply.type === "error") {
      this.failure ??= new BytepairError(reply.message);
      for (const w of this.waiting.values()) w.reject(this.failure);
      this.waiting.clear();
      this.table?.reject(this.failure);
    } else if (reply.type === "units-table" || reply.type === "units-parts") this.table?.resolve(reply);
    else if (reply.type === "unit-progress") this.waiting.get(reply.id)?.onBytes?.(reply.bytes);
    else {
      const w = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      w?.resolve(reply);
    }
  }

  private ask(id: number, req: UnitRequest, onBytes?: (bytes: number) => void, transfer?: ArrayBuffer[]): Promise<UnitReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, onBytes });
      this.send(req, transfer);
    });
  }

  async count(task: Task, onBytes: (bytes: number) => void): Promise<Counted | null> {
    if (this.claims) Atomics.store(this.claims, task.id % CLAIM_SLOTS, DEALT);
    this.dealt.push(task);
    try {
      const reply = await this.ask(task.id, { type: "unit", id: task.id, ref: task.ref!, unit: task.unit, mode: "count" }, onBytes);
      return reply.type === "unit-skipped" ? null : this.counted(reply);
    } finally {
      const at = this.dealt.indexOf(task);
      if (at >= 0) this.dealt.splice(at, 1);
    }
  }

  /** A unit sent to count that this worker has not begun, now this thread's to count (the last sent first), if any. */
  recall(): Task | undefined {
    if (!this.claims) return undefined;
    for (let i = this.dealt.length - 1; i >= 0; i--) {
      const task = this.dealt[i];
      if (Atomics.compareExchange(this.claims, task.id % CLAIM_SLOTS, DEALT, RECALLED) === DEALT) {
        this.dealt.splice(i, 1);
        return task;
      }
    }
    return undefined;
  }

  async measure(task: Task): Promise<Float64Array> {
    const r = (await this.ask(task.id, { type: "unit", id: task.id, ref: task.ref!, unit: task.unit, mode: "measure" })) as Extract<UnitReply, { type: "measured" }>;
    return r.lengths;
  }

  async take(task: Task, mask: Uint8Array, onBytes: (bytes: number) => void): Promise<Counted> {
    return this.counted(await this.ask(task.id, { type: "take", id: task.id, ref: task.ref!, unit: task.unit, mask }, onBytes, [mask.buffer as ArrayBuffer]));
  }

  private counted(reply: UnitReply): Counted {
    const r = reply as Extract<UnitReply, { type: "unit-done" }>;
    this.tableSize = r.table;
    return { documents: r.documents, bytes: r.bytes, invalidBytes: r.invalidBytes };
  }

  drop(task: Task): void {
    this.send({ type: "drop", id: task.id });
  }

  /** Its table's parts (see mergeTables), null at `own`. */
  async split(parts: number, own: number): Promise<(TableData | null)[]> {
    const r = (await this.tableRequest({ type: "units-split", parts, own })) as Extract<UnitReply, { type: "units-parts" }>;
    return r.tables;
  }

  /** Part `own` of its table with the same part of the others' tables merged in (as tables of distinct chunks). */
  async merge(parts: number, own: number, tables: TableData[]): Promise<TableData[]> {
    const r = (await this.tableRequest({ type: "units-merge", parts, own, tables }, transferList(...tables))) as Extract<UnitReply, { type: "units-table" }>;
    return r.tables;
  }

  private tableRequest(req: UnitRequest, transfer?: ArrayBuffer[]): Promise<UnitReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<UnitReply>((resolve, reject) => {
      this.table = { resolve, reject };
      this.send(req, transfer);
    });
  }

  close(): void {
    this.port.terminate?.();
  }
}
