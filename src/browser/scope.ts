// The worker's global scope, typed without the WebWorker lib (the project compiles with DOM's).

/** The name a counting worker is started with: worker.ts serves counting instead of training. */
export const COUNT_WORKER = "bytepair-count";

export interface WorkerScope {
  name: string;
  location: { href: string };
  postMessage(message: unknown, options?: { transfer?: Transferable[] }): void;
  addEventListener(type: "message", handler: (event: MessageEvent) => void): void;
}

export function workerScope(): WorkerScope {
  return globalThis as unknown as WorkerScope;
}

/** A Web Worker as parallel.ts's WorkerPort; a worker that fails to load reports an error message. */
export function workerPort(worker: Worker) {
  return {
    post: (message: unknown, transfer?: ArrayBuffer[]) => worker.postMessage(message, { transfer: transfer ?? [] }),
    onMessage: (handler: (message: unknown) => void) => {
      worker.addEventListener("message", (event) => handler(event.data));
      worker.addEventListener("error", (event) => handler({ type: "error", message: event.message || "A counting worker failed to start." }));
    },
    terminate: () => worker.terminate(),
  };
}
