// Counting chunks for parallel training (see ../parallel.ts): worker.ts's role when the training
// worker starts it by name, one per thread.
import { serveCounter } from "../parallel.js";
import { workerScope } from "./scope.js";

/** Counts what the training worker sends. */
export function serveCounting(): void {
  const scope = workerScope();
  serveCounter({
    post: (message, transfer) => scope.postMessage(message, { transfer: transfer ?? [] }),
    onMessage: (handler) => scope.addEventListener("message", (event) => handler(event.data)),
  });
}
