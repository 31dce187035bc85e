# Writes test/fixtures/hf-normalizer/: a small byte-level BPE tokenizer.json trained by HuggingFace
# tokenizers with a normalizer (Sequence[NFKC, Lowercase]), and HF's ids for texts where the
# normalizer matters. test/api.test.ts loads the file with bytepair and demands the same ids.
#   /work/venv/bin/python scripts/gen-hf-normalizer.py
import json, pathlib
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, decoders, trainers

out = pathlib.Path(__file__).resolve().parent.parent / "test/fixtures/hf-normalizer"
out.mkdir(parents=True, exist_ok=True)
corpus = ["The ﬁnest CAFÉ in town serves café au lait.", "Ångström units: ÅNGSTRÖM, ångström, Å.", "ＦＵＬＬ ｗｉｄｔｈ and ½ cup, x² + y²"] * 20
tok = Tokenizer(models.BPE())
tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
tok.decoder = decoders.ByteLevel()
trainer = trainers.BpeTrainer(vocab_size=300, min_frequency=2, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), special_tokens=["<|endoftext|>"])
tok.train_from_iterator(corpus, trainer)
tok.save(str(out / "tokenizer.json"))
texts = ["The ﬁnest CAFÉ", "Cafe\u0301 AU LAIT", "ＦＵＬＬ ｗｉｄｔｈ ½ x²", "ÅNGSTRÖM vs Ångström", "plain text stays plain"]
(out / "expected.json").write_text(json.dumps([{"text": t, "ids": tok.encode(t).ids} for t in texts], ensure_ascii=False, indent=1) + "\n")
print(out)
