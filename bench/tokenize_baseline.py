"""The Python baseline for `bytepair tokenize`: llm.c's dev/data/fineweb.py (nanoGPT-style), i.e.
tiktoken's encode_ordinary in a multiprocessing.Pool (imap, chunksize 16), <|endoftext|> before each
document, shards of exactly N tokens with llm.c's header (data_common.py write_datafile), or np.save
arrays as nanoGPT's fineweb.py. Used to make test/fixtures/tokenize/ and by bench/tokenize.js.
Run with /work/venv/bin/python (tiktoken, numpy, pyarrow); nothing is downloaded.

  python bench/tokenize_baseline.py FILE.parquet... --tiktoken cl100k_base --out DIR
      [--rows N] [--shard-tokens N] [--val-tokens N] [--bos TEXT] [--procs N] [--name NAME] [--format llmc|npy]

--tiktoken: cl100k_base / o200k_base (read from ../shared/data/tiktoken/ beside the checkout, or
$BYTEPAIR_TIKTOKEN_DIR), or a .tiktoken file with its FILE.json sidecar (pattern and special tokens).
--procs 1 encodes in this process (no pool).
"""
import argparse
import base64
import gzip
import json
import multiprocessing as mp
import os
import sys
import time

try:
    import numpy as np
except ImportError:  # /work/venv has no numpy: take the base interpreter's (same Python), after the venv's own packages
    sys.path.append(os.path.join(sys.base_prefix, "lib", f"python{sys.version_info[0]}.{sys.version_info[1]}", "site-packages"))
    import numpy as np
import pyarrow.parquet as pq
import tiktoken

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED_TIKTOKEN = os.path.join(HERE, "..", "..", "..", "shared", "data", "tiktoken")
if not os.path.isdir(SHARED_TIKTOKEN):
    SHARED_TIKTOKEN = os.path.join(HERE, "..", "..", "shared", "data", "tiktoken")

# llm.c dev/data/data_common.py
HEADERS_INFO = {
    "gpt-2": {"magic": 20240520, "version": 1, "token_dtype": np.uint16},
    "llama-3": {"magic": 20240801, "version": 7, "token_dtype": np.uint32},
}


def write_datafile(filename, toks, model_desc):
    assert len(toks) < 2**31, "token count too large"
    info = HEADERS_INFO[model_desc]
    header = np.zeros(256, dtype=np.int32)
    header[0] = info["magic"]
    header[1] = info["version"]
    header[2] = len(toks)
    toks_np = np.array(toks, dtype=info["token_dtype"])
    with open(filename, "wb") as f:
        f.write(header.tobytes())
        f.write(toks_np.tobytes())


def read_ranks(path):
    data = open(path, "rb").read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    ranks = {}
    for line in data.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


def load_encoding(name):
    if name in ("cl100k_base", "o200k_base"):
        folder = os.environ.get("BYTEPAIR_TIKTOKEN_DIR") or SHARED_TIKTOKEN
        path = next(p for p in (os.path.join(folder, name + ".tiktoken"), os.path.join(folder, name + ".tiktoken.gz")) if os.path.exists(p))
        import tiktoken_ext.openai_public as openai_public

        spec = getattr(openai_public, name)  # pattern and special tokens as tiktoken defines them
        import unittest.mock

        with unittest.mock.patch.object(openai_public, "load_tiktoken_bpe", lambda *a, **k: read_ranks(path)):
            return tiktoken.Encoding(**spec())
    sidecar = json.load(open(name + ".json"))
    pattern = sidecar["pat_str"]
    if pattern in ("cl100k", "o200k", "gpt2"):
        base = {"cl100k": "cl100k_base", "o200k": "o200k_base", "gpt2": "gpt2"}[pattern]
        import tiktoken_ext.openai_public as openai_public
        import unittest.mock

        with unittest.mock.patch.object(openai_public, "load_tiktoken_bpe", lambda *a, **k: {}):
            pattern = getattr(openai_public, base if base != "gpt2" else "r50k_base")()["pat_str"]
    specials = sidecar.get("special_tokens", {})
    return tiktoken.Encoding(name=os.path.basename(name), pat_str=pattern, mergeable_ranks=read_ranks(name), special_tokens=specials)


enc = None
sep = None


def init(name, bos):
    global enc, sep
    enc = load_encoding(name)
    sep = enc._special_tokens[bos] if bos else None


def tokenize(text):
    # fineweb.py: tokens = [eot] + enc.encode_ordinary(doc["text"])
    tokens = [sep] if sep is not None else []
    tokens.extend(enc.encode_ordinary(text))
    return np.array(tokens, dtype=np.uint32)


def documents(paths, rows):
    n = 0
    for path in paths:
        pf = pq.ParquetFile(path)
        for group in range(pf.num_row_groups):
            for text in pf.read_row_group(group, columns=["text"]).column("text").to_pylist():
                if rows is not None and n >= rows:
                    return
                n += 1
                yield text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--tiktoken", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rows", type=int)
    ap.add_argument("--shard-tokens", type=int, default=10**8)
    ap.add_argument("--val-tokens", type=int, default=0)
    ap.add_argument("--bos", default="<|endoftext|>")
    ap.add_argument("--procs", type=int, default=1)
    ap.add_argument("--name")
    ap.add_argument("--format", choices=["llmc", "npy"], default="llmc")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    name = args.name or os.path.basename(os.path.normpath(args.out))
    init(args.tiktoken, args.bos)
    dtype = np.uint16 if enc.n_vocab <= 2**16 else np.uint32
    model_desc = "gpt-2" if dtype == np.uint16 else "llama-3"
    started = time.time()

    shard_index = 0
    total = 0

    def capacity():
        return args.val_tokens if (shard_index == 0 and args.val_tokens > 0) else args.shard_tokens

    def write(buf):
        nonlocal shard_index, total
        split = "val" if (shard_index == 0 and args.val_tokens > 0) else "train"
        ext = "bin" if args.format == "llmc" else "npy"
        filename = os.path.join(args.out, f"{name}_{split}_{shard_index:06d}.{ext}")
        if args.format == "llmc":
            write_datafile(filename, buf, model_desc)
        else:
            np.save(filename, buf.astype(dtype))
        total += len(buf)
        shard_index += 1

    if args.procs > 1:
        pool = mp.Pool(args.procs, initializer=init, initargs=(args.tiktoken, args.bos))
        stream = pool.imap(tokenize, documents(args.inputs, args.rows), chunksize=16)
    else:
        pool = None
        stream = map(tokenize, documents(args.inputs, args.rows))
    buf = np.empty((capacity(),), dtype=np.uint32)
    count = 0
    for tokens in stream:
        # fill shards of exactly `capacity` tokens; a document's remainder goes to the next (fineweb.py)
        at = 0
        while at < len(tokens):
            take = min(len(tokens) - at, capacity() - count)
            buf[count : count + take] = tokens[at : at + take]
            count += take
            at += take
            if count == capacity():
                write(buf[:count])
                buf = np.empty((capacity(),), dtype=np.uint32)
                count = 0
    if count:
        write(buf[:count])
    if pool:
        pool.close()
        pool.join()
    seconds = time.time() - started
    print(f"{total} tokens in {shard_index} shards, {seconds:.2f} s ({total / seconds / 1e6:.2f} M tokens/s), {args.procs} process(es)")


if __name__ == "__main__":
    main()
