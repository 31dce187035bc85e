// Written by scripts/bundle-worker.mjs into dist/browser/worker-source.js after the TypeScript build.
/** dist/browser/worker.js and everything it imports, as one ES module script. */
export declare const WORKER_SOURCE: string;
