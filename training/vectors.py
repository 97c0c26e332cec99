"""Train small static word vectors (gensim word2vec, CBOW) on raw German text for the tok2vec layers.

Text: Bundestag WP20 speeches (official works, § 5 UrhG) + the German-LER training sentences' text.
10kGNAD is CC BY-NC-SA and stays out. Tokens come from spaCy's German tokenizer so that vector keys
match ``token.orth_`` at run time. Output: training/output/de_vectors (a spaCy vectors model usable
as ``[paths] vectors``), pruned to the most frequent words to keep the shipped model small.

Usage: python training/vectors.py [max_words=40000] [dim=100]
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
DATA = (ROOT / ".." / "shared" / "data").resolve()
OUT = ROOT / "training" / "output"
SEED = 4


def texts() -> Iterator[str]:
    with gzip.open(DATA / "Bundestag-WP20-speeches" / "bundestag_wp20_speeches.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            yield from json.loads(line)["text"].split("\n")
    with gzip.open(DATA / "German-LER" / "ler_train.conll.gz", "rt", encoding="utf-8") as f:
        toks: list[str] = []
        for line in f:
            if line.strip():
                toks.append(line.rsplit(" ", 1)[0])
            elif toks:
                yield " ".join(toks)
                toks = []


def main(max_words: int = 40000, dim: int = 100) -> None:
    from gensim.models import Word2Vec

    nlp = spacy.blank("de")
    tok_path = OUT / "de_raw_tokens.txt"
    OUT.mkdir(parents=True, exist_ok=True)
    if not tok_path.exists():
        with open(tok_path, "w", encoding="utf-8") as out:
            for doc in nlp.tokenizer.pipe(t for t in texts() if t.strip()):
                out.write(" ".join(t.text for t in doc if not t.is_space) + "\n")
    model = Word2Vec(corpus_file=str(tok_path), vector_size=dim, window=5, min_count=5, sg=0,
                     workers=1, epochs=4, seed=SEED)
    words = model.wv.index_to_key[:max_words]
    vec_txt = OUT / "de_vectors.txt"
    with open(vec_txt, "w", encoding="utf-8") as f:
        f.write(f"{len(words)} {dim}\n")
        for w in words:
            f.write(w + " " + " ".join(f"{x:.4f}" for x in model.wv[w]) + "\n")
    subprocess.run([sys.executable, "-m", "spacy", "init", "vectors", "de", str(vec_txt), str(OUT / "de_vectors")],
                   check=True)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
