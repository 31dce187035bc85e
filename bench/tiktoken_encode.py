# Python tiktoken encoding a whole file, single thread, as one process: the reference for
# `bytepair encode --tokenizer NAME --in FILE --format count` (see bench/encode-multilingual.js).
#   python bench/tiktoken_encode.py cl100k_base|o200k_base FILE [--hash]   # prints the token count
# With --hash it also prints sha256 of the ids as little-endian u32 (bench/encode_hash.mjs prints bytepair's).
import base64, gzip, os, sys
import tiktoken

PATTERNS = {
    "cl100k_base": r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s""",
    "o200k_base": "|".join([
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""", r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""", r"""\s*[\r\n]+""", r"""\s+(?!\S)""", r"""\s+""",
    ]),
}
SPECIALS = {
    "cl100k_base": {"<|endoftext|>": 100257, "<|fim_prefix|>": 100258, "<|fim_middle|>": 100259, "<|fim_suffix|>": 100260, "<|endofprompt|>": 100276},
    "o200k_base": {"<|endoftext|>": 199999, "<|endofprompt|>": 200018},
}
name, path = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
vocab = os.path.join(here, "..", "..", "shared", "data", "tiktoken", f"{name}.tiktoken")
opener = gzip.open if not os.path.exists(vocab) else open
with opener(vocab if os.path.exists(vocab) else vocab + ".gz", "rb") as f:
    ranks = {base64.b64decode(t): int(r) for t, r in (line.split() for line in f.read().splitlines() if line)}
enc = tiktoken.Encoding(name, pat_str=PATTERNS[name], mergeable_ranks=ranks, special_tokens=SPECIALS[name])
with open(path, "rb") as f:
    text = f.read().decode("utf-8")
ids = enc.encode(text)  # special tokens in the text are an error, as in bytepair encode
if "--hash" in sys.argv:
    import array, hashlib
    print(len(ids), hashlib.sha256(array.array("I", ids).tobytes()).hexdigest()[:16])
else:
    print(len(ids))
