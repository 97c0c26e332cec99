"""A small linear clause classifier that corrects the quote rules (direct / indirect / none).

The text is cut into *segments* at punctuation and quotation marks (roughly clauses); each segment
gets a hashed bag of features — its words, its neighbours' words, the punctuation around it, the
rules' label for it and its neighbours (see :mod:`newsgraph.nlp.quotes`), Konjunktiv forms, speech
cues, first/second-person deixis — and a multinomial logistic regression over them labels it
``O``, ``direct`` or ``indirect``. Punctuation takes the label of the text around it (the
Redewiedergabe conventions: quotation marks belong to a direct quote, a clause-final period to an
indirect one). The features need only a tokenizer, so it runs the same on a blank or a trained
pipeline. Everything is computed with numpy over spaCy's own 64-bit string hashes (``LOWER``,
``ORTH``), never per token in Python: a string-keyed feature hasher (as in
:mod:`newsgraph.nlp.topic_model`) cost a tenth of the whole German pipeline's time.

The weights (``resources/quotes/quote-model.de.redewiedergabe-nc.npz``) are trained by
``training/train_quote_model.py`` on part of the Redewiedergabe corpus, which is CC BY-NC-SA 4.0:
they are a non-commercial resource, loaded only when present and only when the quotes component
is configured with ``model = "redewiedergabe-nc"`` (see resources/LICENSES.md).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.attrs import IDX, LENGTH, LOWER, ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc

RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "quotes"
LABELS = ("O", "direct", "indirect")
RULE_CODES = {"O": 0, "direct": 1, "indirect": 2, "mixed": 3}
QUOTE_MARKS = set("\"„“”»«‚‘’'›‹")
BOUNDARIES = {",", ";", ":", "(", ")", "[", "]", "–", "—", "-", "--", ".", "!", "?", "…", "...", "/"} | QUOTE_MARKS
SENT_END = {".", "!", "?", "…", "..."}
DASHES = {"–", "—", "--", "-"}
DEIXIS = {"ich", "mich", "mir", "mein", "meine", "meinen", "meinem", "meiner", "du", "dich", "dir", "dein", "deine",
          "wir", "uns", "unser", "unsere", "ihr", "euch", "euer", "eure"}
POLITE = {"Sie", "Ihnen", "Ihre", "Ihren", "Ihrem", "Ihrer"}
_C = np.uint64(0x9E3779B97F4A7C15)
_NONE = np.uint64(7777)  # the value of a neighbour feature where there is no neighbour


def _keys(words) -> np.ndarray:
    return np.array(sorted({get_string_id(w) for w in words}), dtype=np.uint64)


def _member(x: np.ndarray, keys: np.ndarray) -> np.ndarray:
    if not len(keys) or not len(x):
        return np.zeros(len(x), dtype=bool)
    return keys[np.minimum(np.searchsorted(keys, x), len(keys) - 1)] == x


_BOUND_H, _QUOTE_H, _END_H, _DASH_H = _keys(BOUNDARIES), _keys(QUOTE_MARKS), _keys(SENT_END), _keys(DASHES)
_DEIXIS_H, _POLITE_H = _keys(DEIXIS), _keys(POLITE)


_SALTS = [np.uint64((k * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) % 2**64) for k in range(80)]


#: segment features as (salt, value columns), grouped by the number of columns so that each group
#: hashes in a few array operations (one per column) instead of one call per feature
_FEATURES = [
    (2, ("r",)), (3, ("pb",)), (4, ("nb",)), (5, ("pb2", "pb")), (6, ("nb", "nb2")), (7, ("r", "pb")),
    (8, ("r", "nb")), (9, ("first",)), (10, ("last",)), (11, ("lenb",)), (12, ("ins",)), (13, ("r", "ins")),
    (14, ("style",)), (15, ("style", "r", "ins", "deixis", "pb")), (16, ("konj",)), (17, ("konj", "pb")),
    (18, ("deixis",)), (19, ("deixis", "ins")), (20, ("cue",)), (21, ("pr",)), (22, ("pr", "r")), (23, ("pin",)),
    (24, ("pfirst",)), (25, ("plast",)), (26, ("pcue",)), (27, ("pcue", "konj")), (28, ("pkonj",)), (29, ("pdx",)),
    (31, ("nr",)), (32, ("nr", "r")), (33, ("nin",)), (34, ("nfirst",)), (35, ("nlast",)), (36, ("ncue",)),
    (37, ("ncue", "konj")), (38, ("nkonj",)), (39, ("ndx",)), (40, ("first", "pcue")), (41, ("first", "plast")),
    (42, ("ppr",)), (43, ("ppcue",)), (44, ("ppr", "pr", "r")), (45, ("end",)), (46, ("end", "ins", "r")),
    (47, ("dash",)), (48, ("dash", "deixis")), (49, ("pr", "nr", "r")),
]
_SEGMENT_FEATURES = [
    [f for f in _FEATURES if len(f[1]) == k] for k in sorted({len(f[1]) for f in _FEATURES})
]


#: rows of the value matrix built in :func:`_features`
_OWN = ["pb", "nb", "pb2", "nb2", "lenb", "style", "end", "dash"]
_BASE = ["r", "ins", "cue", "konj", "deixis", "first", "last"]
_ROW = {name: i for i, name in enumerate(
    _OWN + _BASE + [p + n for p in ("p:", "n:", "pp:") for n in _BASE])}
_ALIAS = {"pr": "p:r", "pin": "p:ins", "pcue": "p:cue", "pkonj": "p:konj", "pdx": "p:deixis", "pfirst": "p:first",
          "plast": "p:last", "nr": "n:r", "nin": "n:ins", "ncue": "n:cue", "nkonj": "n:konj", "ndx": "n:deixis",
          "nfirst": "n:first", "nlast": "n:last", "ppr": "pp:r", "ppcue": "pp:cue"}
#: per group: the salts (features, 1) and, per column position, the value rows of its features
_GROUPS = [
    (np.array([_SALTS[salt] for salt, _ in group], dtype=np.uint64)[:, None],
     [np.array([_ROW[_ALIAS.get(cols[k], cols[k])] for _, cols in group]) for k in range(len(group[0][1]))])
    for group in _SEGMENT_FEATURES
]


def _mix_rows(salts: np.ndarray, rows: list[np.ndarray], values: np.ndarray) -> np.ndarray:
    """:func:`_mix` for a group of features with the same number of columns at once: (features, m)."""
    x = salts
    for r in rows:
        x = (x ^ values[r]) * _C
    return x


def _mix(salt: int, *cols: np.ndarray) -> np.ndarray:
    """Multiplicative hash of a feature's salt and value columns (uint64 arrays, wrapping)."""
    x = _SALTS[salt]
    for c in cols:
        x = (x ^ c) * _C
    return x


@dataclass
class Segments:
    """Content segments (token ranges ``a[k]:b[k]`` without boundary punctuation) of a Doc."""

    a: np.ndarray
    b: np.ndarray
    seg_id: np.ndarray  # per token: its segment, -1 for boundary punctuation
    is_bound: np.ndarray
    is_quote: np.ndarray
    is_end: np.ndarray
    starts: list[int]  # character offset of each token
    lengths: list[int]

    def __len__(self) -> int:
        return len(self.a)


@dataclass
class DocArrays:
    orth: np.ndarray
    lower: np.ndarray
    idx: np.ndarray
    length: np.ndarray


def doc_arrays(doc: Doc) -> DocArrays:
    if not len(doc):
        z = np.zeros(0, dtype=np.uint64)
        return DocArrays(z, z, z.astype(np.int64), z.astype(np.int64))
    arr = doc.to_array([ORTH, LOWER, IDX, LENGTH])
    return DocArrays(arr[:, 0].astype(np.uint64), arr[:, 1].astype(np.uint64), arr[:, 2].astype(np.int64),
                     arr[:, 3].astype(np.int64))


def segment(d: DocArrays) -> Segments:
    n = len(d.orth)
    isb = _member(d.orth, _BOUND_H)
    content = ~isb
    prev_b = np.ones(n, dtype=bool)
    prev_b[1:] = isb[:-1]
    next_b = np.ones(n, dtype=bool)
    next_b[:-1] = isb[1:]
    starts = content & prev_b
    a = np.flatnonzero(starts)
    b = np.flatnonzero(content & next_b) + 1
    seg_id = np.where(content, np.cumsum(starts) - 1, -1)
    return Segments(a, b, seg_id, isb, _member(d.orth, _QUOTE_H), _member(d.orth, _END_H), d.idx.tolist(),
                    d.length.tolist())


def token_rules(n: int, starts: list[int], items: list[tuple[int, int, str]]) -> np.ndarray:
    """Per-token rule code (0 none, 1 direct, 2 indirect, 3 mixed) of character spans ``items``."""
    out = np.zeros(n, dtype=np.int64)
    for s, e, kind in items:
        out[bisect.bisect_left(starts, s) : bisect.bisect_left(starts, e)] = RULE_CODES[kind]
    return out


def features(d: DocArrays, seg: Segments, rule: np.ndarray, inside: np.ndarray, konj: np.ndarray,
             cues: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(segment index, 64-bit feature hash) of every feature occurrence; ``konj`` and ``cues`` are
    sorted hash arrays of Konjunktiv forms and cue forms (lower case)."""
    m = len(seg)
    if not m:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return _features(d, seg, rule, inside, konj, cues)


def _features(d: DocArrays, seg: Segments, rule: np.ndarray, inside: np.ndarray, konj: np.ndarray,
              cues: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    m = len(seg)
    n = len(d.orth)
    a, b = seg.a, seg.b
    tok = np.flatnonzero(seg.seg_id >= 0)
    s = seg.seg_id[tok]
    low = d.lower[tok]

    def any_in_seg(flag: np.ndarray) -> np.ndarray:
        return np.bincount(s, weights=flag.astype(np.float64), minlength=m) > 0

    is_cue = _member(low, cues)
    konj_s = any_in_seg(_member(low, konj)).astype(np.uint64)
    cue_s = any_in_seg(is_cue).astype(np.uint64)
    deixis_s = any_in_seg(_member(low, _DEIXIS_H) | (_member(d.orth[tok], _POLITE_H) & (tok != a[s])))
    deixis_s = deixis_s.astype(np.uint64)
    r = np.bincount(s * 4 + rule[tok], minlength=m * 4).reshape(m, 4).argmax(axis=1).astype(np.uint64)
    ins = inside[a].astype(np.uint64)
    pb = np.where(a > 0, d.orth[np.maximum(a - 1, 0)], _NONE)
    a2 = np.maximum(a - 2, 0)
    pb2 = np.where((a > 1) & seg.is_bound[a2], d.orth[a2], _NONE)
    nb = np.where(b < n, d.orth[np.minimum(b, n - 1)], _NONE)
    b2 = np.minimum(b + 1, n - 1)
    nb2 = np.where((b + 1 < n) & seg.is_bound[b2], d.orth[b2], _NONE)
    first, last = d.lower[a], d.lower[b - 1]
    lenb = (np.minimum(b - a, 12) // 3).astype(np.uint64)
    # sentences: the mark that ends each, and whether it opens with a dash (a turn of dialogue)
    sent = np.cumsum(seg.is_end) - seg.is_end
    end_pos = np.flatnonzero(seg.is_end)
    end_of_sent = np.full(int(sent[-1]) + 2, _NONE, dtype=np.uint64)
    end_of_sent[sent[end_pos]] = d.orth[end_pos]
    sent_start = np.ones(n, dtype=bool)
    sent_start[1:] = seg.is_end[:-1]
    dash_tok = sent_start & _member(d.orth, _DASH_H)
    dash_sent = np.zeros(len(end_of_sent), dtype=bool)
    dash_sent[sent[dash_tok]] = True
    end = end_of_sent[sent[a]]
    dash = dash_sent[sent[a]].astype(np.uint64)
    style = np.full(m, (1 if inside.any() else 0) * 8 + min(int(dash_tok.sum()), 3), dtype=np.uint64)

    # one value matrix: own columns, then the base columns of the previous, next and second-previous
    # segment (shifted copies), so each feature group hashes with one fancy index per column
    base = np.stack([r, ins, cue_s, konj_s, deixis_s, first, last])
    shifted = np.full((3, len(_BASE), m), _NONE, dtype=np.uint64)
    shifted[0, :, 1:] = base[:, :-1]
    shifted[1, :, :-1] = base[:, 1:]
    shifted[2, :, 2:] = base[:, :-2]
    values = np.concatenate([np.stack([pb, nb, pb2, nb2, lenb, style, end, dash]), base, shifted.reshape(-1, m)])
    cols = [np.full(m, _SALTS[1])] + [_mix_rows(salts, rows, values).ravel() for salts, rows in _GROUPS]
    seg_ix = np.arange(m, dtype=np.int64)
    idx_parts = cols + [_mix(60, low), _mix(61, low[is_cue])]
    seg_parts = [seg_ix] + [np.tile(seg_ix, len(salts)) for salts, _ in _GROUPS] + [s, s[is_cue]]
    nxt, prv = s + 1 < m, s > 0  # words of the previous / next segment
    idx_parts += [_mix(62, low[nxt]), _mix(63, low[prv])]
    seg_parts += [s[nxt] + 1, s[prv] - 1]
    return np.concatenate(seg_parts), np.concatenate(idx_parts)


def glue(seg: Segments, labels: np.ndarray) -> np.ndarray:
    """Token label codes (0 none, 1 direct, 2 indirect) from segment labels: boundary punctuation
    joins the text around it."""
    n = len(seg.seg_id)
    if not n:
        return np.zeros(0, dtype=np.int64)
    lab = np.concatenate([labels.astype(np.int64), [0]])
    nseg = np.searchsorted(seg.a, np.arange(n), side="right")  # segments starting at or before i
    prev = np.where(nseg > 0, lab[np.maximum(nseg - 1, 0)], 0)
    nxt = np.where(nseg < len(seg), lab[np.minimum(nseg, len(seg))], 0)
    tok = np.where(seg.seg_id >= 0, lab[seg.seg_id], 0)
    quote = np.where((prev == 1) | (nxt == 1), 1, np.where((prev == 2) & (nxt == 2), 2, 0))
    other = np.where(prev == nxt, prev, np.where(seg.is_end & (prev != 0), prev, 0))
    bound = np.where(seg.is_quote, quote, other)
    tok = np.where(seg.is_bound, bound, tok)
    # punctuation between a direct run and its closing quotation mark stays direct
    fix = np.zeros(n, dtype=bool)
    fix[1:-1] = seg.is_bound[1:-1] & (tok[1:-1] == 0) & (tok[:-2] == 1) & seg.is_quote[2:] & (tok[2:] == 1)
    tok[fix] = 1
    return tok


@dataclass
class QuoteModel:
    weights: np.ndarray  # (2**bits, n_labels) float32
    bits: int
    labels: tuple[str, ...]
    bias: np.ndarray | None = None  # per-label offsets tuned on held-out documents
    include_thought: bool = True  # the rule setting its features were computed with

    def buckets(self, feats: np.ndarray) -> np.ndarray:
        return (feats >> np.uint64(64 - self.bits)).astype(np.int64)

    def __post_init__(self) -> None:
        self._rows = np.ascontiguousarray(self.weights.T)  # one contiguous row per label

    def scores(self, seg_ix: np.ndarray, feats: np.ndarray, m: int) -> np.ndarray:
        b = self.buckets(feats)
        z = np.stack([np.bincount(seg_ix, weights=row[b], minlength=m) for row in self._rows], axis=1)
        return z + self.bias if self.bias is not None else z

    def predict(self, seg_ix: np.ndarray, feats: np.ndarray, m: int) -> np.ndarray:
        if not m:
            return np.zeros(0, dtype=np.int64)
        return self.scores(seg_ix, feats, m).argmax(axis=1)


#: the models the quotes component's ``model`` option may name: clause classifiers and sequence taggers
CLASSIFIER_NAMES = ("redewiedergabe-nc",)
TAGGER_NAMES = ("redewiedergabe-tagger-nc",)
MODEL_NAMES = CLASSIFIER_NAMES + TAGGER_NAMES


def model_path(name: str, lang: str = "de") -> Path:
    return RESOURCES / f"quote-model.{lang}.{name}.npz"


@lru_cache(maxsize=4)
def load_model(name: str, lang: str = "de") -> QuoteModel | None:
    """The model ``quote-model.<lang>.<name>.npz`` when it is present (cached once per process)."""
    path = model_path(name, lang)
    if not path.exists():
        return None
    data = np.load(path)
    return QuoteModel(data["weights"].astype(np.float32), int(data["bits"]), tuple(str(x) for x in data["labels"]),
                      data["bias"].astype(np.float32) if "bias" in data else None,
                      bool(data["include_thought"]) if "include_thought" in data else False)


def doc_features(doc: Doc, items: list[tuple[int, int, str]], pairs: list[tuple[int, int]], konj: np.ndarray,
                 cues: np.ndarray) -> tuple[Segments, np.ndarray, np.ndarray]:
    """Segments and features (segment index, hash) of a Doc, given the rules' quotes ``items``
    (start, end, kind) and the quotation-mark pairs ``pairs`` (open, close offsets)."""
    d = doc_arrays(doc)
    seg = segment(d)
    rule = token_rules(len(d.orth), seg.starts, items)
    inside = np.zeros(len(d.orth), dtype=bool)
    for o, c in pairs:
        inside[bisect.bisect_right(seg.starts, o) : bisect.bisect_left(seg.starts, c)] = True
    seg_ix, feats = features(d, seg, rule, inside, konj, cues)
    return seg, seg_ix, feats


def cue_keys(verbs: dict[str, str], nouns: set[str]) -> np.ndarray:
    """Sorted hashes of the lower-case cue forms, the ``cues`` argument of :func:`features`."""
    return _keys(set(verbs) | {n.lower() for n in nouns})


def konj_keys(konj: set[str]) -> np.ndarray:
    return _keys(konj)


# --------------------------------------------------------------------------- sequence tagger
# Experimental, not shipped (it scored below the clause classifier on TUNE, training/SCORES.md): a
# spaCy tagger (CNN tok2vec) over the words and the rules' hints, optionally stacked on the classifier.

#: label codes of the sequence tagger: ``DI`` is reported speech inside a direct quote (both)
TAGGER_LABELS = ("O", "D", "I", "DI")
TAG_CODES = {"O": 0, "D": 1, "I": 2, "DI": 3}


def token_hints(doc: Doc, items: list[tuple[int, int, str]], pairs: list[tuple[int, int]], konj: np.ndarray,
                cues: np.ndarray, partner: np.ndarray | None = None) -> list[str]:
    """Per token, one string that packs what the rules and the lexicon say about it: the rules'
    label (none / direct / indirect / mixed), inside a quotation-mark pair, and whether its
    clause segment has a Konjunktiv form, 1st/2nd-person deixis or a cue word, and whether the
    previous segment has a cue. The sequence tagger reads it as an embedded token attribute (the
    LEMMA slot of a Doc made for it), so its narrow CNN window sees clause-level evidence."""
    d = doc_arrays(doc)
    n = len(d.orth)
    if not n:
        return []
    seg = segment(d)
    rule = token_rules(n, seg.starts, items)
    inside = np.zeros(n, dtype=np.int64)
    for o, c in pairs:
        inside[bisect.bisect_right(seg.starts, o) : bisect.bisect_left(seg.starts, c)] = 1
    m = len(seg)
    # the segment of each token; boundary punctuation belongs to the segment before it
    sid = np.maximum(np.searchsorted(seg.a, np.arange(n), side="right") - 1, 0)
    if m:
        tok = np.flatnonzero(seg.seg_id >= 0)
        s = seg.seg_id[tok]
        low = d.lower[tok]

        def any_in_seg(flag: np.ndarray) -> np.ndarray:
            return (np.bincount(s, weights=flag.astype(np.float64), minlength=m) > 0).astype(np.int64)

        konj_s = any_in_seg(_member(low, konj))
        cue_s = any_in_seg(_member(low, cues))
        dx = _member(low, _DEIXIS_H) | (_member(d.orth[tok], _POLITE_H) & (tok != seg.a[s]))
        deixis_s = any_in_seg(dx)
        prev_cue = np.concatenate([[0], cue_s[:-1]])
        seg_code = konj_s * 8 + deixis_s * 4 + cue_s * 2 + prev_cue
        code = seg_code[np.minimum(sid, m - 1)]
    else:
        code = np.zeros(n, dtype=np.int64)
    code = rule * 32 + inside * 16 + code
    if partner is not None:  # stacked: the clause classifier's token label (0-2) as well
        code = code + 128 * partner
    return [f"QH{c}" for c in code.tolist()]


@dataclass
class TaggerModel:
    """A spaCy ``tagger`` over token labels ``O``/``D``/``I``/``DI`` (see ``TAGGER_LABELS``), read
    from a pipeline folder; it takes the rules' :func:`token_hints` as an extra token attribute.
    With a ``partner`` clause classifier, the two are combined per token: ``weight`` × the tagger's
    probabilities + (1 − ``weight``) × the classifier's segment probabilities (``ensemble.json`` in
    the folder; the weight was chosen on TUNE)."""

    nlp: object  # spacy.Language with one "tagger" pipe
    include_thought: bool = True
    partner: QuoteModel | None = None
    weight: float = 1.0
    bias: np.ndarray | None = None  # log-probability offsets per TAGGER_LABELS (chosen on TUNE)
    stacked: bool = False  # its hints include the partner classifier's token labels

    def probs(self, doc: Doc, hints: list[str]) -> np.ndarray:
        """(tokens, 4) probabilities of ``TAGGER_LABELS`` per token of ``doc``."""
        if not len(doc):
            return np.zeros((0, len(TAGGER_LABELS)), dtype=np.float32)
        tdoc = Doc(self.nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
                   lemmas=hints)
        tagger = self.nlp.get_pipe("tagger")
        scores = np.asarray(tagger.model.predict([tdoc])[0])
        order = [list(tagger.labels).index(lab) for lab in TAGGER_LABELS]
        return scores[:, order]

    def labels(self, doc: Doc, hints: list[str], seg: Segments | None = None, seg_ix: np.ndarray | None = None,
               feats: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Per token: the label code (0 none, 1 direct, 2 indirect) and whether it is reported
        speech inside a direct quote (``DI``). ``seg``/``seg_ix``/``feats`` are the partner's input."""
        p = self.probs(doc, hints)
        if self.bias is not None:
            p = np.exp(np.log(np.maximum(p, 1e-9)) + self.bias)
            p /= p.sum(axis=1, keepdims=True)
        p3 = np.stack([p[:, 0], p[:, 1] + p[:, 3], p[:, 2]], axis=1)
        if self.partner is not None and seg is not None and len(seg) and self.weight < 1.0:
            z = self.partner.scores(seg_ix, feats, len(seg))
            z = np.exp(z - z.max(axis=1, keepdims=True))
            z /= z.sum(axis=1, keepdims=True)
            lin = np.eye(3)[glue(seg, z.argmax(axis=1))]  # boundary punctuation: the glued label
            content = seg.seg_id >= 0
            lin[content] = z[seg.seg_id[content]]
            p3 = self.weight * p3 + (1.0 - self.weight) * lin
        tok = p3.argmax(axis=1)
        return tok, (tok == 1) & (p[:, 3] > p[:, 1])


def tagger_path(name: str, lang: str = "de") -> Path:
    return RESOURCES / f"quote-tagger.{lang}.{name}"


@lru_cache(maxsize=2)
def load_tagger(name: str, lang: str = "de") -> TaggerModel | None:
    """The tagger pipeline folder ``quote-tagger.<lang>.<name>`` when present (cached per process)."""
    import spacy

    import json

    path = tagger_path(name, lang)
    if not (path / "config.cfg").exists():
        return None
    model = TaggerModel(spacy.load(path))
    if (path / "ensemble.json").exists():
        spec = json.loads((path / "ensemble.json").read_text(encoding="utf-8"))
        model.partner = load_model(spec["partner"], lang) if spec.get("partner") else None
        model.weight = float(spec["weight"]) if model.partner is not None else 1.0
        model.bias = np.array(spec["bias"], dtype=np.float32) if spec.get("bias") else None
        model.stacked = bool(spec.get("stacked")) and model.partner is not None
    return model


def resource_path(name: str, lang: str = "de") -> Path:
    """Where the model ``name`` (a classifier file or a tagger folder) is installed."""
    return tagger_path(name, lang) if name in TAGGER_NAMES else model_path(name, lang)
