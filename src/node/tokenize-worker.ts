// A worker_threads worker that encodes document batches for `tokenize` (see ./tokenize-pool.ts).
import { parentPort } from "node:worker_threads";
import { serveEncoder } from "./tokenize-pool.js";

serveEncoder({
  post: (message, transfer) => parentPort!.postMessage(message, transfer),
  onMessage: (handler) => parentPort!.on("message", handler),
});
