"""Train the quote clause classifier (:mod:`newsgraph.nlp.quote_model`) on Redewiedergabe.

Data: ``../shared/data/Redewiedergabe/train``. ``benchmarks/bench_quotes.py`` splits those documents
by a hash of the file name into DEV and TEST; TEST is never used here. DEV is split again by a second
hash (``fit_split``) into FIT (about two thirds: the model is trained on it) and TUNE (the rest:
feature and regularisation choices were made on it). The benchmark reports TUNE and TEST for runs
with the model.

Model: multinomial logistic regression (L2, L-BFGS from scipy; scipy is needed for training only)
over hashed segment features; the weights ship as ``quote-model.de.redewiedergabe-nc.npz`` —
CC BY-NC-SA 4.0 like the corpus (see resources/LICENSES.md).

Usage: ``OMP_NUM_THREADS=1 nice -n 10 python training/train_quote_model.py [--bits 18] [--l2 30] [--no-thought]
[--sweep L2 ...] [--no-save]`` (about two minutes on one core)

Experimental sequence tagger (not shipped: below the classifier on TUNE, see training/SCORES.md):
``--tagger-data DIR [--stacked]`` writes FIT/TUNE DocBins (gold tags O/D/I/DI, the rules' hints of
:func:`newsgraph.nlp.quote_model.token_hints` in the LEMMA slot) and a ``spacy train`` config (train it with
``--code training/quote_tagger_reader.py``); ``--install-tagger DIR/model-best [--stacked]`` installs it as
``model = "redewiedergabe-tagger-nc"``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_quotes as bq  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from newsgraph.nlp import quote_model as qm  # noqa: E402
from newsgraph.nlp import quotes  # noqa: E402

OUT = qm.RESOURCES / "quote-model.de.redewiedergabe-nc.npz"


def fit_split(path: Path) -> str:
    return bq.fit_split(path)


def gold_segment_labels(seg: qm.Segments, types: list[set[str]]) -> np.ndarray:
    out = []
    for a, b in zip(seg.a.tolist(), seg.b.tolist()):
        d = sum("direct" in types[i] for i in range(a, b))
        ind = sum("indirect" in types[i] and "direct" not in types[i] for i in range(a, b))
        o = (b - a) - d - ind
        out.append(1 if d >= max(ind, o) and d else 2 if ind > o else 0)
    return np.array(out, dtype=np.int64)


def examples(files: list[Path], nlp, thought: bool):
    """Per document: (segments, segment index, feature hashes, gold segment labels, gold token types)."""
    lex = quotes.load_lexicon("de", thought)
    konj, cues = qm.konj_keys(lex.konj1), qm.cue_keys(lex.verbs, lex.nouns)
    out = []
    for path in files:
        words, types = bq.read_doc(path)
        doc = nlp(Doc(nlp.vocab, words=words, spaces=[True] * len(words)))
        items = [(q.start, q.end, q.kind) for q in doc._.quotes]
        pairs = [(p.open, p.close) for p in quotes.find_pairs(doc.text)]
        seg, seg_ix, feats = qm.doc_features(doc, items, pairs, konj, cues)
        out.append((seg, seg_ix, feats, gold_segment_labels(seg, types), types))
    return out


def matrix(exs, bits: int):
    from scipy import sparse

    rows, cols, ys = [], [], []
    off = 0
    for seg, seg_ix, feats, gold, _ in exs:
        rows.append(seg_ix + off)
        cols.append((feats >> np.uint64(64 - bits)).astype(np.int64))
        ys.append(gold)
        off += len(seg)
    r, c = np.concatenate(rows), np.concatenate(cols)
    x = sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(off, 1 << bits))
    return x, np.concatenate(ys)


def train(x, y, l2: float, n_labels: int = 3, iters: int = 300) -> np.ndarray:
    from scipy.optimize import minimize

    n, d = x.shape
    yoh = np.zeros((n, n_labels))
    yoh[np.arange(n), y] = 1.0
    xt = x.T.tocsr()

    def loss(wflat):
        w = wflat.reshape(d, n_labels)
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        ll = -np.sum(np.log(p[np.arange(n), y] + 1e-12))
        g = xt @ (p - yoh)
        return ll + 0.5 * l2 * np.sum(w * w), (g + l2 * w).ravel()

    res = minimize(loss, np.zeros(d * n_labels), jac=True, method="L-BFGS-B", options={"maxiter": iters})
    return res.x.reshape(d, n_labels).astype(np.float32)


def _count(tp, tok: np.ndarray, types) -> None:
    for code, k in ((1, "direct"), (2, "indirect")):
        g = np.array([k in t for t in types], dtype=bool)
        p = tok == code
        tp[k][0] += int((g & p).sum())
        tp[k][1] += int((p & ~g).sum())
        tp[k][2] += int((g & ~p).sum())


def score(exs, model, bias=None) -> dict[str, tuple[float, float, float]]:
    tp = {k: [0, 0, 0] for k in ("direct", "indirect")}
    for seg, seg_ix, feats, gold, types in exs:
        if model is None:
            labels = gold
        else:
            z = model.scores(seg_ix, feats, len(seg)) if len(seg) else np.zeros((0, 3))
            labels = (z + (bias if bias is not None else 0)).argmax(axis=1)
        _count(tp, qm.glue(seg, labels), types)
    return {k: bq.prf(*v) for k, v in tp.items()}


def tune_bias(exs, model: qm.QuoteModel) -> np.ndarray:
    """Per-label score offsets that maximise the mean of direct and indirect F1 on ``exs`` (TUNE):
    the L2-regularised model is conservative, and F1 rewards recall."""
    best, best_bias = -1.0, np.zeros(3, dtype=np.float32)
    for bd in np.arange(0, 3.01, 0.25):
        for bi in np.arange(0, 3.01, 0.25):
            bias = np.array([0.0, bd, bi], dtype=np.float32)
            sc = score(exs, model, bias)
            f = (sc["direct"][2] + sc["indirect"][2]) / 2
            if f > best:
                best, best_bias = f, bias
    return best_bias


def _fmt(scores) -> str:
    return " ".join(f"{k} P {p:.3f} R {r:.3f} F {f:.3f}" for k, (p, r, f) in scores.items())


def gold_tags(types: list[set[str]]) -> list[str]:
    """Token labels of the sequence tagger: D direct, I indirect, DI indirect inside direct, O."""
    return ["DI" if "direct" in t and "indirect" in t else "D" if "direct" in t else "I" if "indirect" in t
            else "O" for t in types]


TAGGER_CONFIG = """[paths]
train = null
dev = null

[system]
seed = 0
gpu_allocator = null

[nlp]
lang = "de"
pipeline = ["tagger"]
batch_size = 256

[components]

[components.tagger]
factory = "tagger"
overwrite = true
neg_prefix = "!"
label_smoothing = 0.0

[components.tagger.model]
@architectures = "spacy.Tagger.v2"
nO = null
normalize = false

[components.tagger.model.tok2vec]
@architectures = "spacy.Tok2Vec.v2"

[components.tagger.model.tok2vec.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = {width}
attrs = ["NORM","PREFIX","SUFFIX","SHAPE","LEMMA"]
rows = [5000,1000,2500,1000,{hint_rows}]
include_static_vectors = false

[components.tagger.model.tok2vec.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = {width}
depth = {depth}
window_size = {window}
maxout_pieces = 3

[corpora]

[corpora.train]
@readers = "newsgraph.quote_hints_corpus.v1"
path = ${{paths.train}}

[corpora.dev]
@readers = "newsgraph.quote_hints_corpus.v1"
path = ${{paths.dev}}

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${{system.seed}}
gpu_allocator = ${{system.gpu_allocator}}
dropout = 0.15
accumulate_gradient = 1
patience = 3000
max_epochs = 0
max_steps = {max_steps}
eval_frequency = 150
frozen_components = []
annotating_components = []
before_to_disk = null

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2
get_length = null

[training.batcher.size]
@schedules = "compounding.v1"
start = 1000
stop = 3000
compound = 1.001
t = 0.0

[training.logger]
@loggers = "spacy.ConsoleLogger.v1"
progress_bar = false

[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = true
eps = 0.00000001
learn_rate = 0.002

[training.score_weights]
tag_acc = 1.0

[initialize]
vectors = null
init_tok2vec = null
"""


def crossfit_labels(files: list[Path], nlp, thought: bool, bits: int, l2: float) -> dict[str, np.ndarray]:
    """Token labels of the clause classifier for FIT documents, each from a model trained on the
    other half of FIT (two folds by a third hash), so that a model stacked on them (the tagger)
    sees labels as good as on unseen text; with the shipped model's bias."""
    shipped = qm.load_model("redewiedergabe-nc", "de")
    fold = {f.name: int(hashlib.sha1(("fold:" + f.name).encode()).hexdigest(), 16) % 2 for f in files}
    out = {}
    for k in (0, 1):
        train_files = [f for f in files if fold[f.name] != k]
        pred_files = [f for f in files if fold[f.name] == k]
        x, y = matrix(examples(train_files, nlp, thought), bits)
        model = qm.QuoteModel(train(x, y, l2), bits, qm.LABELS, shipped.bias if shipped else None)
        for f, (seg, seg_ix, feats, _, _) in zip(pred_files, examples(pred_files, nlp, thought)):
            out[f.name] = qm.glue(seg, model.predict(seg_ix, feats, len(seg)))
        print("fold", k, len(train_files), "train /", len(pred_files), "labelled", flush=True)
    return out


def tagger_data(out: Path, thought: bool, width: int, depth: int, window: int, max_steps: int,
                stacked: bool = False, bits: int = 18, l2: float = 30.0) -> None:
    """DocBins of FIT (train) and TUNE (dev) documents with gold tags and the rules' token hints
    in the LEMMA slot, and the ``spacy train`` config, under ``out``. ``stacked``: the hints
    also hold the clause classifier's labels (cross-fitted on FIT, the shipped model on TUNE)."""
    from spacy.tokens import DocBin

    nlp = bq.build("blank", include_thought=thought)
    lex = quotes.load_lexicon("de", thought)
    konj, cues = qm.konj_keys(lex.konj1), qm.cue_keys(lex.verbs, lex.nouns)
    out.mkdir(parents=True, exist_ok=True)
    dev = bq.corpus_files("dev")
    fit_labels = crossfit_labels([f for f in dev if fit_split(f) == "fit"], nlp, thought, bits, l2) if stacked else {}
    shipped = qm.load_model("redewiedergabe-nc", "de")
    for part in ("fit", "tune"):
        db = DocBin(attrs=["ORTH", "TAG", "LEMMA"], store_user_data=False)
        for path in (f for f in dev if fit_split(f) == part):
            words, types = bq.read_doc(path)
            doc = nlp(Doc(nlp.vocab, words=words, spaces=[True] * len(words)))
            items = [(q.start, q.end, q.kind) for q in doc._.quotes]
            pairs = [(p.open, p.close) for p in quotes.find_pairs(doc.text)]
            partner = None
            if stacked and part == "fit":
                partner = fit_labels[path.name]
            elif stacked:
                seg, seg_ix, feats = qm.doc_features(doc, items, pairs, konj, cues)
                partner = qm.glue(seg, shipped.predict(seg_ix, feats, len(seg)))
            hints = qm.token_hints(doc, items, pairs, konj, cues, partner)
            db.add(Doc(nlp.vocab, words=words, spaces=[True] * len(words), tags=gold_tags(types), lemmas=hints))
        db.to_disk(out / f"{part}.spacy")
        print(part, len(db), "documents", flush=True)
    (out / "config.cfg").write_text(TAGGER_CONFIG.format(width=width, depth=depth, window=window,
                                                         max_steps=max_steps, hint_rows=512 if stacked else 256))
    print("then: python -m spacy train", out / "config.cfg", "--paths.train", out / "fit.spacy", "--paths.dev",
          out / "tune.spacy", "--output", out / "model", "--code", ROOT / "training" / "quote_tagger_reader.py")
    print("and: python training/train_quote_model.py --install-tagger", out / "model" / "model-best")


def install_tagger(src: Path, stacked: bool = False) -> None:
    """Copy a trained tagger pipeline (``model-best``) to the quote resources, without the training
    strings (the tagger hashes its features; the vocabulary's strings are not needed to run it)."""
    import json
    import shutil

    dest = qm.tagger_path(qm.TAGGER_NAMES[0], "de")
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    (dest / "vocab" / "strings.json").write_text(json.dumps(list(qm.TAGGER_LABELS)), encoding="utf-8")
    cfg = dest / "config.cfg"  # the hint reader is a training-time helper (training/quote_tagger_reader.py)
    cfg.write_text(cfg.read_text().replace("newsgraph.quote_hints_corpus.v1", "spacy.Corpus.v1"))
    if stacked:  # it reads the clause classifier's labels: name it as its partner
        (dest / "ensemble.json").write_text(json.dumps({"partner": qm.CLASSIFIER_NAMES[0], "stacked": True,
                                                        "weight": 1.0}), encoding="utf-8")
    size = sum(f.stat().st_size for f in dest.rglob("*") if f.is_file())
    print("installed", dest, size // 1024, "KB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tagger-data", type=Path, help="write the sequence tagger's training data and config here "
                    "(FIT/TUNE DocBins) instead of training the clause classifier")
    ap.add_argument("--install-tagger", type=Path, help="install this trained tagger (a model-best folder)")
    ap.add_argument("--stacked", action="store_true", help="tagger hints include the clause classifier's labels")
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--window", type=int, default=1)
    ap.add_argument("--max-steps", type=int, default=1600)
    ap.add_argument("--bits", type=int, default=18)
    ap.add_argument("--l2", type=float, default=30.0)
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--no-thought", dest="thought", action="store_false",
                    help="rule features from the default rules instead of include_thought=True ones")
    ap.add_argument("--sweep", type=float, nargs="*", help="L2 values to compare on TUNE (no saving)")
    args = ap.parse_args()
    if args.install_tagger:
        install_tagger(args.install_tagger, args.stacked)
        return
    if args.tagger_data:
        tagger_data(args.tagger_data, args.thought, args.width, args.depth, args.window, args.max_steps,
                    args.stacked, args.bits, args.l2)
        return
    nlp = bq.build("blank", include_thought=args.thought)
    dev = bq.corpus_files("dev")
    fit = [f for f in dev if fit_split(f) == "fit"]
    tune = [f for f in dev if fit_split(f) == "tune"]
    t0 = time.time()
    ex_fit, ex_tune = examples(fit, nlp, args.thought), examples(tune, nlp, args.thought)
    print(f"{len(fit)} fit / {len(tune)} tune documents; features in {time.time() - t0:.0f} s", flush=True)
    x, y = matrix(ex_fit, args.bits)
    print("segments", x.shape[0], "label counts", np.bincount(y), flush=True)
    if args.sweep:
        print("oracle tune", _fmt(score(ex_tune, None)))
    for l2 in args.sweep or [args.l2]:
        t0 = time.time()
        model = qm.QuoteModel(train(x, y, l2), args.bits, qm.LABELS)
        print(f"l2={l2}: trained in {time.time() - t0:.0f} s; fit", _fmt(score(ex_fit, model)),
              "tune", _fmt(score(ex_tune, model)), flush=True)
        model.bias = tune_bias(ex_tune, model)
        print(f"l2={l2}: bias {model.bias.tolist()} tune", _fmt(score(ex_tune, model)), flush=True)
    if not args.no_save and not args.sweep:
        np.savez_compressed(OUT, weights=model.weights.astype(np.float16), bits=args.bits,
                            labels=np.array(qm.LABELS), bias=model.bias, include_thought=args.thought)
        print("saved", OUT, OUT.stat().st_size // 1024, "KB")


if __name__ == "__main__":
    main()
