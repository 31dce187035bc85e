#!/usr/bin/env python3
"""Generate test/fixtures/pretokenize/*.json: how tiktoken splits text into chunks.

Run once by a maintainer (never by the tests), from the repository root:

    python3 -m venv /tmp/v && /tmp/v/bin/pip install tiktoken regex pyarrow
    /tmp/v/bin/python scripts/gen-pretokenize-fixtures.py

Truth is tiktoken itself. tiktoken splits with fancy-regex, whose \\p{..} and \\s tables are those of
the Rust regex crate it was built with (Unicode 16.0 for tiktoken 0.14), while Python `regex` has
newer tables (Unicode 17.0). So the expected chunks come from Python `regex` running the tiktoken
pattern with every class spelled out as the code point ranges that tiktoken's own regex matches
(probed below), and every expected split is then checked against tiktoken's native encoder.
Where Python `regex` with its own tables splits differently, the case records that too.

Outputs (all small; FineWeb text itself is not stored, only its sha256 and chunk lengths):
  unicode.json  tiktoken's class tables (ranges, and the compact strings src/pretokenize.ts embeds)
  cases.json    hand-written adversarial strings with their chunks
  random.json   seeded random strings over a weighted alphabet of tricky characters
  fineweb.json  sha256 and chunk lengths (UTF-16 code units) of the first FineWeb documents
"""

import hashlib
import json
import os
import random
import sys

import regex
import tiktoken
import tiktoken_ext.openai_public as openai_public

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "pretokenize")
FINEWEB_REL = "fineweb/lindahl-fineweb-CC-MAIN-2024-10/fineweb-CC-MAIN-2024-10-first1000.parquet"
FINEWEB = os.path.join(ROOT, "..", "shared", "data", FINEWEB_REL)
FINEWEB_DOCS = 200
RANDOM_STRINGS = 3000
SEED = 20240310

# Copied from tiktoken_ext/openai_public.py (tiktoken 0.14.0) and checked against it below.
PATTERNS = {
    "gpt2": r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s""",
    "cl100k": r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s""",
    "o200k": "|".join(
        [
            r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
            r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
            r"""\p{N}{1,3}""",
            r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
            r"""\s*[\r\n]+""",
            r"""\s+(?!\S)""",
            r"""\s+""",
        ]
    ),
}
ENCODINGS = {"gpt2": "r50k_base", "cl100k": "cl100k_base", "o200k": "o200k_base"}


# 1. The patterns, straight from tiktoken's module (its constructors would download the vocab).
def load_patterns():
    openai_public.load_tiktoken_bpe = lambda *args, **kwargs: {}
    openai_public.data_gym_to_mergeable_bpe_ranks = lambda *args, **kwargs: {}
    for name, ctor in ENCODINGS.items():
        pat = getattr(openai_public, ctor)()["pat_str"]
        assert pat == PATTERNS[name], f"tiktoken's {ctor} pattern changed: {pat!r}"
    assert getattr(openai_public, "p50k_base")()["pat_str"] == PATTERNS["gpt2"]
    return PATTERNS


# 2. tiktoken's class tables: encode every code point with a one-class pattern and 256 byte tokens.
BYTE_RANKS = {bytes([i]): i for i in range(256)}
ALL_CHARS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
CLASS_PATTERNS = {
    "L": r"\p{L}",
    "N": r"\p{N}",
    "M": r"\p{M}",
    "Ll": r"\p{Ll}",
    "LuLt": r"[\p{Lu}\p{Lt}]",
    "White_Space": r"\s",
}


def tiktoken_matches(pat, text):
    enc = tiktoken.Encoding("probe", pat_str=pat, mergeable_ranks=BYTE_RANKS, special_tokens={})
    return enc.decode_bytes(enc.encode_ordinary(text)).decode("utf-8")


def to_ranges(code_points):
    ranges = []
    for c in sorted(code_points):
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return ranges


def encode_ranges(ranges):
    """Compact form embedded in src/pretokenize.ts: base-36 'gap,length-1' pairs, gap from the previous end."""
    out, prev = [], -1
    for start, end in ranges:
        out.append(f"{base36(start - prev - 1)},{base36(end - start)}")
        prev = end
    return " ".join(out)


def base36(n):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    s = ""
    while True:
        n, r = divmod(n, 36)
        s = digits[r] + s
        if n == 0:
            return s


def probe_tables():
    tables = {}
    for name, pat in CLASS_PATTERNS.items():
        tables[name] = to_ranges(ord(c) for c in set(tiktoken_matches(pat, ALL_CHARS)))
    folds = {c: sorted(tiktoken_matches(f"(?i:{c})", ALL_CHARS)) for c in "sdmtlvre"}
    return tables, folds


# 3. The reference splitter: Python `regex` with tiktoken's tables spelled out.
def explicit_pattern(pat, tables):
    """Replace \\p{..}, \\s and \\S by tiktoken's ranges; `$` by `\\Z` (Rust's `$` is end of text only)."""
    sets = {k: {c for a, b in v for c in range(a, b + 1)} for k, v in tables.items()}
    pat = pat.replace(r"\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}", "{UPPER}")
    pat = pat.replace(r"\p{Ll}\p{Lm}\p{Lo}\p{M}", "{LOWER}")
    letters_marks = sets["L"] | sets["M"]
    body = {
        "{UPPER}": letters_marks - sets["Ll"],
        "{LOWER}": letters_marks - sets["LuLt"],
        r"\p{L}": sets["L"],
        r"\p{N}": sets["N"],
        r"\s": sets["White_Space"],
    }
    out, i, in_class = [], 0, False
    while i < len(pat):
        if pat[i] == "\\" and pat[i + 1] == "S" and not in_class:
            out.append("[^" + class_body(sets["White_Space"]) + "]")
            i += 2
            continue
        for key, cps in body.items():
            if pat.startswith(key, i):
                out.append(class_body(cps) if in_class else "[" + class_body(cps) + "]")
                i += len(key)
                break
        else:
            ch = pat[i]
            if ch == "\\":
                out.append(pat[i : i + 2])
                i += 2
                continue
            if ch == "[":
                in_class = True
            elif ch == "]":
                in_class = False
            elif ch == "$" and not in_class:
                ch = r"\Z"
            out.append(ch)
            i += 1
    return "".join(out)


def class_body(cps):
    return "".join(f"\\U{a:08x}" + (f"-\\U{b:08x}" if b > a else "") for a, b in to_ranges(cps))


# 4. Check a split against tiktoken's own encoder. The vocabulary holds every run of up to `span`
# consecutive expected chunks as one token, so a tiktoken chunk that is such a run comes back as one
# token, and a tiktoken chunk that cuts inside an expected chunk leaves a token boundary there:
# the decoded tokens equal the expected chunks only if tiktoken's chunks are exactly those.
def check_with_tiktoken(pat, texts, splits, span):
    ranks = dict(BYTE_RANKS)
    for chunks in splits:
        raw = [c.encode("utf-8") for c in chunks]
        for i in range(len(raw)):
            run = b""
            for j in range(i, min(len(raw), i + span)):
                run += raw[j]
                ranks.setdefault(run, len(ranks))
    enc = tiktoken.Encoding("check", pat_str=pat, mergeable_ranks=ranks, special_tokens={})
    for text, chunks in zip(texts, splits):
        got = [enc.decode_single_token_bytes(t).decode("utf-8", "replace") for t in enc.encode_ordinary(text)]
        if got != chunks:
            sys.exit(f"tiktoken splits {text[:80]!r} as {got[:20]} but the reference gives {chunks[:20]}")


def split_all(compiled, texts):
    return [compiled.findall(t) for t in texts]


def check_concat(texts, splits):
    for t, s in zip(texts, splits):
        assert "".join(s) == t, (t, s)


# 5. Inputs.
WHITE_SPACE = "\t\n\u000b\u000c\r \u0085\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
NOT_WHITE_SPACE = "\ufeff\u180e\u200b\u001c\u001f"  # BOM, Mongolian vowel separator, ZWSP, info separators


def hand_cases():
    cases = [
        "Hello world", "Hello, world!\n", "  leading and trailing  ", "tabs\tand\vvertical\fform\rfeed",
        "line\r\nbreaks\r\n\r\n\r\nrun", "\r\n", "\n\n\n", "a\n", "a \n", "a  \n  ", "a\n\n b", "x\r\r\ny",
        "trailing spaces   ", "trailing newline\n", "   ", " ", "", "end with tab\t", "end\u3000",
        "he's she'S it'LL we'Ve they'RE I'M you'D don'T", "'s 's 'S 'ſ 'ſt 'll 'LL 'lL 've 'VE 're 'rE 'm 'M 'd 'D 't 'T",
        "HE'S SHE'LL", "Kelvin'\u212a 'k", "İstanbul'ı İ'S dotted\u0130I \u0131'S", "long s: '\u017f \u017fchool 'ſ", "ligature '\ufb05 '\ufb06",
        "it\u2019s typographic \u2019S \u2018quoted\u2019", "'''s ''ll '", "rock'n'roll", "o'clock", "y'all's",
        "123", "1234567", "12345678901234567890", "3.14159 1,000,000", "\u0661\u0662\u0663\u0664 Arabic-Indic",
        "\u0967\u0968\u0969\u096a\u096b Devanagari", "\uff11\uff12\uff13\uff14 fullwidth", "x\u00b2 + y\u00b3 = \u2074",
        "\u216b \u2160\u2161 Roman", "\u00bd \u2153 fractions", "\u2460\u2461 circled", "a1b2c3", "abc123def", "$100.00",
        "caf\u00e9 cafe\u0301 na\u00efve", "e\u0301\u0302\u0303 stacked", "\u0301 lone mark", " \u0301mark after space",
        "\u0915\u094d\u0937\u093f Devanagari \u0928\u092e\u0938\u094d\u0924\u0947", "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35 Thai",
        "\u4f60\u597d\u4e16\u754c Chinese", "\u3053\u3093\u306b\u3061\u306f Japanese \u30ab\u30bf\u30ab\u30ca",
        "\ud55c\uad6d\uc5b4 Korean", "\u0645\u0631\u062d\u0628\u0627 Arabic", "\u05e9\u05dc\u05d5\u05dd Hebrew",
        "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440 Russian", "\u0393\u03b5\u03b9\u03ac \u03c3\u03bf\u03c5 Greek",
        "mixed\u4e2d\u6587English\u0420\u0443\u0441", "CamelCaseWord", "camelCaseWord", "ALLCAPS", "ALLCAPSThenLower",
        "HTTPServer", "iPhone XML HTMLParser", "\u01c5ungla \u01c4 \u01c6 title\u01c5Case", "\u1e9e\u00df sharp s",
        "\u02b0\u02b1 modifier letters a\u02b0b", "A\u0301BC\u0301d", "\u00c9COLE \u00e9cole", "\u1f88\u1f89 Greek titlecase",
        "\U0001d400\U0001d401\U0001d41a math bold", "\U00010400\U00010428 Deseret",
        "\U0001f600 emoji", "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 family",
        "\U0001f1fa\U0001f1f8\U0001f1e9\U0001f1ea flags", "\U0001f44d\U0001f3fd skin", "1\ufe0f\u20e3 #\ufe0f\u20e3 keycaps",
        "\u2764\ufe0f heart", "a\U0001f600b", " \U0001f600\U0001f600 ", "<|endoftext|>", "http://example.com/a/b?c=d&e=f",
        "path/to/file.txt", "a//b///c", "!!!\n\n", "...\r\n", "?!/\n/\n", "(parenthesised)", "[x] {y} <z>",
        "email@example.com", "snake_case_name", "kebab-case-name", "\"quoted\"", "tab\tafter", " \t mixed \t ",
        "\u00a0nbsp\u00a0 \u00a0", "nel\u0085next", "\u0085", "a\u0085\u0085b", "\u2028line\u2029para", "\ufeffBOM",
        "x\ufeff\ufeffy", "mongolian\u180eseparator", "zero\u200bwidth", "zwj\u200dzwnj\u200c", "\u001cfs\u001fus",
        "soft\u00adhyphen", "ideographic\u3000space\u3000", "\u2003em\u2002en\u2009thin", "a\u202fb\u205fc",
        "end with nel\u0085", "end with ls\u2028", "ws  \u00a0\u00a0 x", " \n \n x", "\n \n", "\r \r \n ",
        "x" * 300, "9" * 100, " " * 50 + "x", "\n" * 20 + " " * 5,
        "a\n          \nb", "a\r\n            \r\n", "x \u0301ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "\u0301ABCDEFGHIJKLMNOPQRSTUVWXYZ\U0001d41a", " \u0301ABCDEFGHIJKLMNOPQRSTUVWXYZ'll", "don'll've'd",
        "\u0295Bb Unicode 16 Ll, 17 Lo", "a\U000323b0b Unicode 17 CJK Ext J", "\u0558\u0559 Armenian",
    ]
    ws_cases = []
    for c in WHITE_SPACE + NOT_WHITE_SPACE:
        for t in ("a{c}b", "a {c}b", "a{c} b", "a{c}{c}b", "{c}", "a{c}", "a{c}{c}", "!{c}\n", "1{c}2", "{c}'s"):
            ws_cases.append(t.format(c=c))
    return cases + ws_cases


def random_strings(n, seed):
    rng = random.Random(seed)
    weighted = [
        ("abcxyz", 8), ("ABCXYZ", 5), ("sdmtlvre", 4), ("SDMTLVRE", 3), ("'", 6), ("\u2019", 2), (" ", 10),
        ("\n", 4), ("\r", 2), ("\t", 1), ("0123456789", 5), ("!?.,;:-_/()[]{}<>\"#$%&*+=@\\^`|~", 4),
        (WHITE_SPACE, 3), (NOT_WHITE_SPACE, 1), ("\u00e9\u00c9\u00df\u00f1\u0131\u0130\u017f\u212a\ufb05", 2),
        ("\u0301\u0308\u0903\u094d\u20dd", 2), ("\u01c4\u01c5\u01c6\u1f88\u02b0\u02b1", 1),
        ("\u0661\u0967\uff11\u00b2\u216b\u00bd", 2), ("\u4f60\u597d\u3053\u30ab\ud55c\u0645\u05e9\u041f", 2),
        ("\U0001f600\U0001f468\u200d\U0001f1fa\U0001f3fd\ufe0f\u20e3", 2), ("\U0001d400\U0001d41a\U00010400", 1),
        ("\u0295\U000323b0", 1),
    ]
    chars = "".join(s for s, _ in weighted)
    weights = [w / len(s) for s, w in weighted for _ in s]
    return ["".join(rng.choices(chars, weights, k=rng.randint(1, 40))) for _ in range(n)]


def read_fineweb(n):
    import pyarrow.parquet as pq

    return pq.read_table(FINEWEB, columns=["text"]).column("text").to_pylist()[:n]


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def encode_lengths(chunks):
    """Chunk lengths in UTF-16 code units: one base-36 digit below 36, else '(' base-36 ')'."""
    return "".join(base36(n) if n < 36 else f"({base36(n)})" for n in map(utf16_len, chunks))


def write(name, data):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path):,} bytes)")


# 6. Orchestration: tables, reference regexes, then each input set split, checked and written.
def main():
    os.makedirs(OUT, exist_ok=True)
    patterns = load_patterns()
    tables, folds = probe_tables()
    reference = {name: regex.compile(explicit_pattern(p, tables)) for name, p in patterns.items()}
    python_own = {name: regex.compile(p) for name, p in patterns.items()}
    meta = {"tiktoken": tiktoken.__version__, "regex": regex.__version__, "patterns": patterns}
    write("unicode.json", {**meta, "ranges": tables, "compact": {k: encode_ranges(v) for k, v in tables.items()}, "caseFolds": folds})

    differences = 0
    cases = hand_cases()
    case_rows = [{"text": t, "chunks": {}} for t in cases]
    for name, pat in patterns.items():
        splits = split_all(reference[name], cases)
        check_concat(cases, splits)
        check_with_tiktoken(pat, cases, splits, span=len(max(splits, key=len)))
        for row, chunks in zip(case_rows, splits):
            row["chunks"][name] = chunks
            own = python_own[name].findall(row["text"])
            if own != chunks:
                row.setdefault("pythonRegex", {})[name] = own
                differences += 1
    write("cases.json", {**meta, "cases": case_rows})

    texts = random_strings(RANDOM_STRINGS, SEED)
    random_rows = {"seed": SEED, "texts": texts, "lengths": {}, "pythonRegexDiffers": {}}
    for name, pat in patterns.items():
        splits = split_all(reference[name], texts)
        check_concat(texts, splits)
        check_with_tiktoken(pat, texts, splits, span=12)
        random_rows["lengths"][name] = [encode_lengths(s) for s in splits]
        random_rows["pythonRegexDiffers"][name] = [i for i, t in enumerate(texts) if python_own[name].findall(t) != splits[i]]
        differences += len(random_rows["pythonRegexDiffers"][name])
    write("random.json", {**meta, **random_rows})

    docs = read_fineweb(FINEWEB_DOCS)
    doc_rows = [{"row": i, "sha256": hashlib.sha256(d.encode("utf-8")).hexdigest(), "lengths": {}} for i, d in enumerate(docs)]
    for name, pat in patterns.items():
        splits = split_all(reference[name], docs)
        check_concat(docs, splits)
        for doc, chunks in zip(docs, splits):
            check_with_tiktoken(pat, [doc], [chunks], span=8)
        for row, doc, chunks in zip(doc_rows, docs, splits):
            row["lengths"][name] = encode_lengths(chunks)
            if python_own[name].findall(doc) != chunks:
                row.setdefault("pythonRegexDiffers", []).append(name)
                differences += 1
    write("fineweb.json", {**meta, "file": FINEWEB_REL, "column": "text", "docs": doc_rows})
    print(f"Python regex with its own Unicode tables differs from tiktoken on {differences} (input, pattern) pairs")


if __name__ == "__main__":
    main()
