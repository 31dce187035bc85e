// What the page exposes for tests and the curious: window.bytepairPage, the last training's result.
import type { BrowserTrainResult } from "../src/browser/index.js";

export interface PageResult {
  native: string;
  merges: BrowserTrainResult["merges"];
  stats: BrowserTrainResult["stats"];
  /** Seconds on the page from Train to the result (worker start and wasm compile included). */
  seconds: number;
}

declare global {
  interface Window {
    bytepairPage?: PageResult;
  }
}
