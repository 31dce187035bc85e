// Written by scripts/inline-wasm.mjs into dist/wasm-base64.js after the wasm build.
/** build/release.wasm, base64. */
export declare const RELEASE_WASM: string;
