"""HuggingFace tokenizers' BPE trainer on the same documents, for bench/e2e.js.

usage: python bench/hf_train.py CORPUS(.parquet|DIR of .parquet|.jsonl) VOCAB PATTERN(cl100k|gpt2|none)
Configured as a user training a GPT-4-style tokenizer would: Split(tiktoken's pattern, Isolated) then
ByteLevel(add_prefix_space=False, use_regex=False), BpeTrainer(vocab_size, min_frequency=2,
initial_alphabet=ByteLevel.alphabet()), train_from_iterator over the documents (all cores: HF's
default RAYON parallelism). Prints one JSON line: seconds for reading and for training.
"""
import json, sys, time

t0 = time.perf_counter()
path, vocab, pattern = sys.argv[1], int(sys.argv[2]), sys.argv[3]
import os
if path.endswith(".parquet") or os.path.isdir(path):  # a directory: its parquet shards, in path order
    import pyarrow.parquet as pq
    files = sorted(os.path.join(path, f) for f in os.listdir(path) if f.endswith(".parquet")) if os.path.isdir(path) else [path]
    docs = [t for f in files for t in pq.read_table(f, columns=["text"]).column("text").to_pylist() if t]
else:
    docs = [json.loads(line)["text"] for line in open(path, encoding="utf-8") if line.strip()]
t1 = time.perf_counter()

from tokenizers import Regex, Tokenizer, models, pre_tokenizers, trainers

PATTERNS = {
    "cl100k": r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s""",
    "gpt2": r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s""",
}
tok = Tokenizer(models.BPE())
byte_level = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)
if pattern == "none":
    tok.pre_tokenizer = byte_level
else:
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Split(Regex(PATTERNS[pattern]), behavior="isolated"), byte_level])
trainer = trainers.BpeTrainer(vocab_size=vocab, min_frequency=2, show_progress=False, initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
tok.train_from_iterator(docs, trainer=trainer)
t2 = time.perf_counter()
print(json.dumps({"read": t1 - t0, "train": t2 - t1, "vocab": tok.get_vocab_size()}))
