// A worker_threads worker that counts chunks (see ../parallel.ts).
import { parentPort } from "node:worker_threads";
import { serveCounter } from "../parallel.js";

serveCounter({
  post: (message, transfer) => parentPort!.postMessage(message, transfer),
  onMessage: (handler) => parentPort!.on("message", handler),
});
