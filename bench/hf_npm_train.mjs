// The `tokenizers` npm package's trainer as it ships: `Tokenizer.train(files)` takes no trainer, so
// it runs HuggingFace's defaults — BPE, vocab 30000, min_frequency 0, no initial alphabet — here with
// ByteLevel(add_prefix_space=false, use_regex=true) (GPT-2's regex) in front. Files are read line by line.
// usage: node bench/hf_npm_train.mjs FILE.txt   prints {"vocab": N}
import { BPE, Tokenizer, byteLevelPreTokenizer } from "tokenizers";

const tokenizer = new Tokenizer(BPE.empty());
tokenizer.setPreTokenizer(byteLevelPreTokenizer(false, true));
tokenizer.train([process.argv[2]]);
console.log(JSON.stringify({ vocab: tokenizer.getVocabSize() }));
