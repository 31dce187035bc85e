// Stands in for `node:` modules in the browser build: src/wasm.ts imports node:fs/promises only
// on its file:// branch, which a page never takes.
export {};
