// Kernel benchmarks with tinybench: the WebAssembly core against its pure-TypeScript twin on the
// same real FineWeb text. Run `npm run bench` (or `npm run bench -- --quick`); needs `npm run build`.
//   pairs: count every adjacent byte pair of the corpus
//   train: pattern "none" (each document one byte sequence), count chunks + all merges to the vocab size
import { Bench } from "tinybench";
import { createEngine } from "../dist/index.js";

const IDENTITY = Uint32Array.from({ length: 256 }, (_, b) => b);

/** Runs the kernel suite on `docs` (UTF-8 bytes); returns one row per kernel and engine. */
export async function kernelSuite(docs, { quick = false, vocabSize = 2048 } = {}) {
  const bytes = docs.reduce((n, d) => n + d.length, 0);
  const bench = new Bench({ time: quick ? 500 : 3000, iterations: quick ? 2 : 5, warmupIterations: 1 });
  for (const engine of ["wasm", "ts"]) {
    bench.add(`pairs ${engine}`, async () => {
      const e = await createEngine(engine);
      for (const d of docs) e.countPairs(d, -1);
      e.pairCounts();
    });
    bench.add(`train ${engine}`, async () => {
      const e = await createEngine(engine);
      e.addChunks(docs);
      e.startTraining(256, IDENTITY, vocabSize - 256, 2);
      while (e.runMerges(1 << 30) === null);
    });
  }
  await bench.run();
  const rows = bench.tasks.map((t) => {
    const { latency, throughput } = t.result;
    const seconds = latency.p50 / 1000;
    return {
      kernel: t.name.split(" ")[0],
      engine: t.name.split(" ")[1],
      medianSeconds: seconds,
      minSeconds: latency.min / 1000,
      maxSeconds: latency.max / 1000,
      samples: latency.samplesCount,
      mbPerSecond: bytes / 1e6 / seconds,
      opsPerSecond: throughput.p50,
    };
  });
  for (const row of rows) {
    const twin = rows.find((r) => r.kernel === row.kernel && r.engine === "ts");
    row.wasmOverTs = row.engine === "wasm" && twin ? twin.medianSeconds / row.medianSeconds : null;
  }
  return { bytes, vocabSize, rows };
}
