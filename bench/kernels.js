// Kernel benchmarks with tinybench: the WebAssembly core against its pure-TypeScript twin on the
// same real FineWeb text. Run `npm run bench` (or `npm run bench -- --quick`); needs `npm run build`.
//   pairs: count every adjacent byte pair of the corpus (the teaching step)
//   count: cl100k pre-tokenization + unique chunk counting (wasm: the hand-written scanner straight
//          into the wasm table; ts: the tiktoken-exact JS regex + a Map, then the TS table)
//   merge-step: one merge, the first (the most frequent pair, so the most occurrences), on that table;
//               timed by hand (median of several), since each sample needs a fresh table
//   merge: the whole merge loop on a fixed cl100k chunk table, to vocab 32768
//   train-none: pattern "none" (each document one byte sequence): table + all merges to vocab 2048
import { Bench } from "tinybench";
import { createEngine } from "../dist/index.js";
import { ChunkCounter } from "../dist/count.js";

const IDENTITY = Uint32Array.from({ length: 256 }, (_, b) => b);

async function countedEngine(engine, texts) {
  const e = await createEngine(engine);
  const counter = new ChunkCounter(e, "cl100k", []);
  for (const t of texts) counter.add(t);
  counter.flush();
  return e;
}

/** Runs the kernel suite on `texts` (strings) and `docs` (their UTF-8); one row per kernel and engine. */
export async function kernelSuite(texts, docs, { quick = false } = {}) {
  const bytes = docs.reduce((n, d) => n + d.length, 0);
  const bench = new Bench({ time: quick ? 300 : 3000, iterations: quick ? 2 : 5, warmupIterations: 1 });
  for (const engine of /** @type {const} */ (["wasm", "ts"])) {
    bench.add(`pairs ${engine}`, async () => {
      const e = await createEngine(engine);
      for (const d of docs) e.countPairs(d, -1);
      e.pairCounts();
    });
    bench.add(`count ${engine}`, async () => {
      await countedEngine(engine, texts);
    });
    let table;
    bench.add(
      `merge ${engine}`,
      () => {
        table.startTraining(256, IDENTITY, 32768 - 256, 2);
        while (table.runMerges(1 << 30) === null);
      },
      { beforeEach: async () => void (table = await countedEngine(engine, texts)) },
    );
    bench.add(`train-none ${engine}`, async () => {
      const e = await createEngine(engine);
      e.addChunks(docs);
      e.startTraining(256, IDENTITY, 2048 - 256, 2);
      while (e.runMerges(1 << 30) === null);
    });
  }
  await bench.run();
  const rows = bench.tasks.map((t) => {
    if (!("latency" in t.result)) throw new Error(`kernel ${t.name} did not finish: ${t.result.state}`);
    const { latency } = t.result;
    const seconds = latency.p50 / 1000;
    const [kernel, engine] = t.name.split(" ");
    return {
      kernel,
      engine,
      medianSeconds: seconds,
      minSeconds: latency.min / 1000,
      maxSeconds: latency.max / 1000,
      samples: latency.samplesCount,
      mbPerSecond: bytes / 1e6 / seconds,
      wasmOverTs: /** @type {number | null} */ (null), // set below
    };
  });
  for (const engine of ["wasm", "ts"]) {
    const seconds = [];
    for (let i = 0; i < (quick ? 3 : 9); i++) {
      const e = await countedEngine(engine, texts);
      e.startTraining(256, IDENTITY, 32768 - 256, 2);
      const t = performance.now();
      e.runMerges(1);
      seconds.push((performance.now() - t) / 1000);
    }
    seconds.sort((a, b) => a - b);
    const median = seconds[Math.floor(seconds.length / 2)];
    rows.push({ kernel: "merge-step", engine, medianSeconds: median, minSeconds: seconds[0], maxSeconds: seconds[seconds.length - 1], samples: seconds.length, mbPerSecond: bytes / 1e6 / median, wasmOverTs: null });
  }
  for (const row of rows) {
    const twin = rows.find((r) => r.kernel === row.kernel && r.engine === "ts");
    row.wasmOverTs = row.engine === "wasm" && twin ? twin.medianSeconds / row.medianSeconds : null;
  }
  return { bytes, rows };
}
