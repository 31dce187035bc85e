#!/usr/bin/env python3
"""Generate test/fixtures/eval/tiktoken-counts.json: tiktoken's token counts on FineWeb, per document.

Run once by a maintainer (never by the tests), from the repository root:

    python3 -m venv /tmp/v && /tmp/v/bin/pip install tiktoken pyarrow
    /tmp/v/bin/python scripts/gen-eval-fixture.py

Truth is Python tiktoken's encode_ordinary (special tokens as plain text, as bytepair eval counts),
with the cl100k_base and o200k_base vocabularies read from ../shared/data/tiktoken/ (nothing is
downloaded) and tiktoken's own patterns. For each parquet file: its sha256, and per document the
UTF-8 bytes, the characters (Python's len: code points) and the token counts. No text is stored.
"""

import base64
import gzip
import hashlib
import json
import os

import pyarrow.parquet as pq
import tiktoken
import tiktoken_ext.openai_public as openai_public

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "data")
OUT = os.path.join(ROOT, "test", "fixtures", "eval", "tiktoken-counts.json")
FILES = [
    "fineweb/lindahl-fineweb-CC-MAIN-2024-10/fineweb-CC-MAIN-2024-10-first1000.parquet",
    "fineweb/fineweb-c-danish/finewebC_danish.parquet",
]


def encoding(name):
    """tiktoken's encoding of that name, with its ranks from the local .tiktoken.gz file."""
    with gzip.open(os.path.join(SHARED, "tiktoken", f"{name}.tiktoken.gz"), "rt") as f:
        ranks = {base64.b64decode(token): int(rank) for token, rank in (line.split() for line in f if line.strip())}
    openai_public.load_tiktoken_bpe = lambda *args, **kwargs: ranks  # tiktoken's constructor, without its download
    spec = getattr(openai_public, name)()
    return tiktoken.Encoding(name=name, pat_str=spec["pat_str"], mergeable_ranks=ranks, special_tokens=spec["special_tokens"])


def main():
    encodings = {name: encoding(name) for name in ("cl100k_base", "o200k_base")}
    out = {"generator": f"tiktoken {tiktoken.__version__} encode_ordinary", "files": []}
    for rel in FILES:
        path = os.path.join(SHARED, rel)
        with open(path, "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        texts = pq.read_table(path, columns=["text"]).column("text").to_pylist()
        entry = {"path": rel, "sha256": sha, "documents": len(texts)}
        entry["bytes"] = [len(t.encode("utf-8")) for t in texts]
        entry["chars"] = [len(t) for t in texts]
        for name, enc in encodings.items():
            entry[name] = [len(ids) for ids in enc.encode_ordinary_batch(texts, num_threads=1)]
        out["files"].append(entry)
        print(rel, {k: sum(entry[k]) for k in ("bytes", "chars", "cl100k_base", "o200k_base")})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
