// bytepair's Node entry: everything in the browser entry, plus files and standard input.
export * from "./index.js";
export { train, nodeWorker, defaultThreads } from "./node/train.js";
export { trainFiles, countInputs, clampThreads, type TrainFilesOptions } from "./node/train.js";
export { readDocuments, expandInputs, inputSize, readRows, resolveShards, hubSettings, type SourceOptions } from "./node/sources.js";
export { loadTokenizerFile, saveTokenizerFile } from "./node/tokenizers.js";
export { writeFileAtomic } from "./node/files.js";
export { main } from "./cli/main.js";
export { tokenizeDataset, type TokenizeOptions, type TokenizeProgress, type TokenizeResult, type TokenizeManifest } from "./node/tokenize.js";
export { countChunks, countShardFiles, openCountFiles, parseShard, shardPart } from "./node/count.js";
export { loadEncoding, encodingSearchPath, tiktokenCacheDir, type NodeLoadEncodingOptions } from "./node/encodings.js";
