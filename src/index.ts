// bytepair's browser-safe entry: no `node:` imports here or in anything it imports statically.
export { trainShards, countShards, type TrainShardsOptions, type CountShardsOptions, type ShardSelection } from "./train.js";
export { train, type TrainOptions, type TrainResult, type TrainStats, type Progress, type Document, type DocumentSource } from "./train.js";
export { Tokenizer, byteIdsFor, idSchemeOf, type TokenizerSpec, type IdScheme, type MergeRule, type EncodeOptions } from "./tokenizer.js";
export { loadTokenizer, saveTokenizer, textFromBytes, detectFormat, formatForPath, FORMATS, type FormatName, type SavedTokenizer } from "./formats/index.js";
export { TIKTOKEN_ENCODINGS, loadTiktoken, saveTiktoken, type TiktokenSidecar } from "./formats/tiktoken.js";
export { loadHf, saveHf } from "./formats/hf.js";
export { loadMinbpeModel, saveMinbpeModel, saveMinbpeVocab } from "./formats/minbpe.js";
export { countPairs, topPairs, type PairCount, type CountPairsOptions } from "./pairs.js";
export { createEngine, type Engine, type EngineName, type Merge, type StopReason } from "./engine.js";
export { saveNative, loadNative } from "./formats/native.js";
export {
  convert,
  convertStream,
  createConverter,
  toBinary,
  toDecimal,
  parseBinary,
  parseDecimal,
  bitsOf,
  ConversionError,
  type ByteFormat,
  type ConvertOptions,
} from "./bytes.js";
export { resolvePattern, splitChunks, ChunkSplitter, PATTERNS } from "./pretokenize.js";
export { splitBytes, decodeLossy, invalidUtf8, PatternError } from "./pretokenize.js";
export { renderBytes } from "./render.js";
export { BYTE_TO_UNICODE, HF_BYTE_RANK } from "./bytelevel.js";
export { BytepairError, UsageError, type ErrorCode } from "./errors.js";
export { loadEncoding, tiktokenFromCompact, ENCODING_NAMES, type EncodingName, type EncodingLoader, type EncodingRanks, type CompactRanks, type LoadEncodingOptions } from "./encodings.js";
export { setWasmUrl } from "./wasm.js";
export { streamDocuments, streamRows, readShards, remoteShards, type StreamOptions, type ReadProgress, type Row, type Shard } from "./sources/index.js";
export { evaluate, Evaluation, metrics, renyiEfficiency, type EvalRow, type EvalOptions, type EvalResult, type GroupedDocument } from "./eval.js";
export { evalChart } from "./eval-chart.js";
export { WordCounter } from "./words.js";
export { writeCounts, planCounts, loadCounts, countsMeta, COUNTS_KEY, COUNTS_VERSION, type CountsMeta, type CountsFile, type CountsPlan } from "./counts.js";
export { countChunks, type CountOptions, type CountResult } from "./count-file.js";
export { fillChunkTable } from "./train.js";
export { trainCounts } from "./train-counts.js";
export { SUPERWORD } from "./superword.js";
