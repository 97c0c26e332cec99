"""Train the linear topic models shipped in src/newsgraph/resources/topic/.

German: ../shared/data/10kgnad (514 DER STANDARD articles, CC BY-NC-SA 4.0 → the model is shipped
as the separately named, non-commercial ``topic-de.10kgnad-nc.npz``). English: the Wikinews
sample with topic labels from ``training/data/wikinews-en-topics.tsv``.

Each corpus is split deterministically (stratified, by a hash of the text) into train (80 %) and
dev (20 %); the shipped model is the one trained on train only, so the dev score is honest.
Also reported: 5-fold cross-validation on train (used to pick ``--bits``/``--alpha``), and on
dev the majority class and the licence-clean theme-vote fallback.

    .venv/bin/python training/train_topic.py            # train both, write models + print scores
    .venv/bin/python training/train_topic.py --lang de --no-save
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import spacy

from newsgraph.nlp import topic_model
from newsgraph.nlp.pipeline import load_pipeline
from newsgraph.nlp.themes import find_themes, topic_from_themes

REPO = Path(__file__).resolve().parents[1]
DATA = (REPO / ".." / "shared" / "data").resolve()

GNAD_TOPICS = {
    "Web": "technology", "Panorama": "panorama", "Wirtschaft": "economy",
    "International": "politics", "Inland": "politics", "Sport": "sports",
    "Wissenschaft": "science", "Kultur": "culture", "Etat": "media",
}


def load_gnad() -> list[tuple[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with open(DATA / "10kgnad" / "test_part_a.csv", encoding="utf-8", newline="") as f:
        return [(text, GNAD_TOPICS[cat]) for cat, text in csv.reader(f, delimiter=";", quotechar="'")]


def load_wikinews() -> list[tuple[str, str]]:
    csv.field_size_limit(sys.maxsize)
    labels = {}
    for line in (REPO / "training" / "data" / "wikinews-en-topics.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            url, label, _ = line.split("\t")
            labels[url] = label
    out = []
    for name in ("wikinews_2019.csv", "wikinews_2020.csv"):
        with open(DATA / "wikinews-en-sample" / name, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row["url"] in labels:
                    body = row["text"].split("\n", 1)[-1]  # first line is the dateline
                    out.append((row["title"] + "\n" + body, labels[row["url"]]))
    return out


def split(items: list[tuple[str, str]], dev_share: float = 0.2):
    """Stratified deterministic split: within each label, order by text hash, every 5th to dev."""
    by_label: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for text, label in items:
        by_label[label].append((text, label))
    train, dev = [], []
    step = round(1 / dev_share)
    for label in sorted(by_label):
        rows = sorted(by_label[label], key=lambda r: hashlib.sha1(r[0].encode()).hexdigest())
        for i, r in enumerate(rows):
            (dev if i % step == step - 1 else train).append(r)
    return train, dev


def fit(X: np.ndarray, y: np.ndarray, n_labels: int, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial naive Bayes over the (log-scaled, L2-normalised) hashed features: a linear
    model, stored like any other (weights = log P(feature | label), bias = 0, i.e. flat prior).

    Chosen over a numpy softmax regression by 5-fold cross-validation on the train split
    (``--cv``): on ~400 articles NB scored higher (de 0.72 vs ≤ 0.61) and trains in milliseconds.
    """
    counts = np.stack([X[y == c].sum(axis=0) for c in range(n_labels)], axis=1) + alpha
    W = np.log(counts / counts.sum(axis=0, keepdims=True)).astype(np.float32)
    return W, np.zeros(n_labels, dtype=np.float32)


def cross_validate(X: np.ndarray, y: np.ndarray, n_labels: int, alpha: float, k: int = 5) -> float:
    folds = np.arange(len(y)) % k
    accs = []
    for f in range(k):
        W, b = fit(X[folds != f], y[folds != f], n_labels, alpha)
        accs.append(float(((X[folds == f] @ W + b).argmax(axis=1) == y[folds == f]).mean()))
    return float(np.mean(accs))


def train_lang(lang: str, items, name: str, bits: int, alpha: float, save: bool) -> dict:
    nlp = spacy.blank(lang)
    train, dev = split(items)
    labels = sorted({label for _, label in items})
    index = {label: i for i, label in enumerate(labels)}

    def featurize(rows):
        docs = nlp.pipe(text for text, _ in rows)
        return np.stack([topic_model.featurize(topic_model.doc_words(d), lang, bits) for d in docs])

    Xtr, Xdev = featurize(train), featurize(dev)
    ytr = np.array([index[label] for _, label in train])
    ydev = np.array([index[label] for _, label in dev])
    cv = cross_validate(Xtr, ytr, len(labels), alpha)
    W, b = fit(Xtr, ytr, len(labels), alpha)
    model = topic_model.TopicModel(lang, name, labels, W, b, bits)
    pred = np.array([int(np.argmax(x @ W + b)) for x in Xdev])
    acc = float((pred == ydev).mean())
    majority = Counter(label for _, label in train).most_common(1)[0][0]
    maj_acc = float(np.mean([label == majority for _, label in dev]))
    full = load_pipeline(lang)
    votes = []
    for text, label in dev:
        topic = topic_from_themes(find_themes(_sentenced(full, text)))
        votes.append(topic is not None and topic.label == label)
    per_label = {
        lab: f"{int(((pred == i) & (ydev == i)).sum())}/{int((ydev == i).sum())}"
        for lab, i in index.items()
    }
    if save:
        out = topic_model.RESOURCE_DIR / f"topic-{lang}.{name}.npz"
        model.save(out)
        print(f"wrote {out.relative_to(REPO)} ({out.stat().st_size // 1024} KiB)")
    return {"lang": lang, "cv": cv, "train": len(train), "dev": len(dev), "labels": len(labels),
            "acc": acc, "majority": maj_acc, "themes": float(np.mean(votes)), "per_label": per_label}


def _sentenced(nlp, text):
    """The base pipeline's tokens and sentences (no newsgraph components) for the theme baseline."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if not name.startswith("newsgraph_"):
            doc = proc(doc)
    return doc


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lang", choices=["de", "en", "both"], default="both")
    ap.add_argument("--bits", type=int, default=14)
    ap.add_argument("--alpha", type=float, default=0.005, help="naive Bayes smoothing")
    ap.add_argument("--no-save", action="store_true")
    args = ap.parse_args(argv)
    results = []
    if args.lang in ("de", "both"):
        results.append(train_lang("de", load_gnad(), "10kgnad-nc", args.bits, args.alpha, not args.no_save))
    if args.lang in ("en", "both"):
        results.append(train_lang("en", load_wikinews(), "wikinews", args.bits, args.alpha, not args.no_save))
    print("| lang | corpus | train | dev | labels | 5-fold CV on train | dev accuracy | "
          "majority class (dev) | theme votes (dev) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        corpus = "10kGNAD test_part_a" if r["lang"] == "de" else "Wikinews sample (own labels)"
        print(f"| {r['lang']} | {corpus} | {r['train']} | {r['dev']} | {r['labels']} | "
              f"{r['cv']:.3f} | {r['acc']:.3f} | {r['majority']:.3f} | {r['themes']:.3f} |")
    for r in results:
        print(f"{r['lang']} per label (correct/dev): {r['per_label']}")


if __name__ == "__main__":
    main()
