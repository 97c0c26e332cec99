"""Convert the gold corpora in ../shared/data into spaCy DocBin files under training/corpus/.

Why our own converter instead of ``spacy convert``: we need (a) multiword tokens merged into one
surface token (our tokenizer never splits "zum"), (b) UNER entity tags joined onto the EWT parses by
sent_id, (c) GermEval's ``*deriv``/``*part`` labels moved into a span group instead of ``doc.ents``,
(d) German-LER's fine labels mapped to PER/LOC/ORG with non-entity classes marked *missing*, and
(e) deterministic validation subsets that no training step sees.

Usage: python training/convert.py de|en   (writes training/corpus/<lang>/*.spacy + checksums.json)
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import shutil
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

ROOT = Path(__file__).resolve().parents[1]
DATA = (ROOT / ".." / "shared" / "data").resolve()
CORPUS = ROOT / "training" / "corpus"
SEED = 4
VAL_EVERY = 7  # every 7th sentence goes to the held-out validation subset
SENTS_PER_DOC = 10
DERIV_KEY = "ner_deriv"  # span group with GermEval *deriv/*part mentions

LER_MAP = {
    "PER": "PER", "RR": "PER", "AN": "PER",
    "LD": "LOC", "ST": "LOC", "STR": "LOC", "LDS": "LOC",
    "ORG": "ORG", "UN": "ORG", "INN": "ORG", "GRT": "ORG",
}  # every other LER class (norms, regulations, court decisions, literature, brands) -> missing


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _open(path: Path):
    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else open(path, encoding="utf-8")


# --------------------------------------------------------------------------- CoNLL-U


def read_conllu(path: Path) -> Iterator[dict]:
    """Yield sentences as dicts with merged multiword tokens."""
    meta: dict[str, str] = {}
    rows: list[list[str]] = []
    with _open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if rows:
                    yield _merge_sentence(meta, rows)
                meta, rows = {}, []
            elif line.startswith("#"):
                if " = " in line:
                    k, v = line[1:].split(" = ", 1)
                    meta[k.strip()] = v
                elif line.startswith("# newdoc"):
                    meta["newdoc id"] = ""
            else:
                cols = line.split("\t")
                if "." in cols[0]:
                    continue  # empty nodes of enhanced UD
                rows.append(cols)
    if rows:
        yield _merge_sentence(meta, rows)


def _merge_sentence(meta: dict, rows: list[list[str]]) -> dict:
    words = {int(r[0]): r for r in rows if "-" not in r[0]}
    ranges = {}
    for r in rows:
        if "-" in r[0]:
            a, b = (int(x) for x in r[0].split("-"))
            ranges[a] = (b, r)
    tokens = []  # each: dict with surface token attributes
    word2tok: dict[int, int] = {}
    i, n = 1, max(words) if words else 0
    while i <= n:
        if i in ranges:
            b, r = ranges[i]
            span_ids = list(range(i, b + 1))
            # head word of the MWT: the one whose head lies outside the span
            head_w = next((w for w in span_ids if int(words[w][6]) not in span_ids), i)
            first = words[i]
            hw = words[head_w]
            for w in span_ids:
                word2tok[w] = len(tokens)
            tokens.append(dict(orth=r[1], lemma=first[2], pos=first[3], tag=first[4], morph=first[5],
                               head=int(hw[6]), dep=hw[7], misc=r[9], words=[words[w][1] for w in span_ids]))
            i = b + 1
        else:
            w = words[i]
            word2tok[i] = len(tokens)
            tokens.append(dict(orth=w[1], lemma=w[2], pos=w[3], tag=w[4], morph=w[5],
                               head=int(w[6]), dep=w[7], misc=w[9], words=[w[1]]))
            i += 1
    for t in tokens:
        t["head"] = -1 if t["head"] == 0 else word2tok[t["head"]]
    for k, t in enumerate(tokens):
        if t["head"] == k:  # MWT whose words depend on each other only
            t["head"], t["dep"] = -1, "root"
    return {"meta": meta, "tokens": tokens}


def conllu_docs(vocab, sents: list[dict], ents_by_sent: dict | None = None) -> list[Doc]:
    """Group consecutive sentences into docs of SENTS_PER_DOC (parser learns boundaries)."""
    docs = []
    for start in range(0, len(sents), SENTS_PER_DOC):
        group = sents[start : start + SENTS_PER_DOC]
        words, spaces, lemmas, pos, tags, morphs, heads, deps, sent_starts, ents = ([] for _ in range(10))
        has_ents = ents_by_sent is not None
        for s in group:
            off = len(words)
            stoks = s["tokens"]
            sent_ents = ents_by_sent.get(s["meta"].get("sent_id")) if has_ents else None
            for k, t in enumerate(stoks):
                words.append(t["orth"])
                spaces.append("SpaceAfter=No" not in t["misc"])
                lemmas.append(t["lemma"] if t["lemma"] != "_" else "")
                pos.append(t["pos"] if t["pos"] != "_" else "")
                tags.append(t["tag"] if t["tag"] != "_" else "")
                morphs.append(t["morph"] if t["morph"] != "_" else "")
                heads.append(off + (t["head"] if t["head"] >= 0 else k))
                deps.append(t["dep"].lower() if t["dep"] != "root" else "ROOT")
                sent_starts.append(k == 0)
                if sent_ents is None:
                    ents.append("")
                else:
                    ents.append(sent_ents[k])
            spaces[-1] = True
        kwargs = {}
        if has_ents:
            kwargs["ents"] = ents
        doc = Doc(vocab, words=words, spaces=spaces, lemmas=lemmas, pos=pos, tags=tags, morphs=morphs,
                  heads=heads, deps=deps, sent_starts=sent_starts, **kwargs)
        docs.append(doc)
    return docs


# --------------------------------------------------------------------------- IOB NER


def iob_doc(vocab, sents: list[tuple], deriv: list[list[tuple[int, int, str]]] | None = None) -> Doc:
    """A doc from several IOB-tagged sentences; a tag "" marks the token missing.

    A sentence tuple may carry a third item False: its first token is not known to start a sentence.
    """
    words, tags, sent_starts = [], [], []
    spans = []
    for si, (toks, iob, *known) in enumerate(sents):
        off = len(words)
        words += toks
        tags += iob
        sent_starts += [True if not known or known[0] else None] + [False] * (len(toks) - 1)
        if deriv:
            spans += [(off + a, off + b, lab) for a, b, lab in deriv[si]]
    doc = Doc(vocab, words=words, sent_starts=sent_starts, ents=_fix_iob(tags))
    if deriv is not None:
        doc.spans[DERIV_KEY] = [Span(doc, a, b, label=lab) for a, b, lab in spans]
    return doc


def _fix_iob(tags: list[str]) -> list[str]:
    out, prev = [], "O"
    for t in tags:
        if t.startswith("I-") and not (prev.startswith(("B-", "I-")) and prev[2:] == t[2:]):
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def iob_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    spans, start, label = [], None, None
    for i, t in enumerate(tags + ["O"]):
        if start is not None and not (t.startswith("I-") and t[2:] == label):
            spans.append((start, i, label))
            start = None
        if t.startswith("B-") or (t.startswith("I-") and start is None):
            start, label = i, t[2:]
    return spans


def read_germeval(path: Path) -> Iterator[tuple[list[str], list[str], list[tuple[int, int, str]]]]:
    """(tokens, outer IOB over PER/ORG/LOC/MISC, deriv/part spans)."""
    toks, tags = [], []
    with open(path, encoding="utf-8") as f:
        for line in list(f) + [""]:
            line = line.rstrip("\n")
            if line.startswith("#\t"):
                continue
            if not line.strip():
                if toks:
                    raw = [t.replace("OTH", "MISC") for t in tags]
                    outer = [t if t == "O" or t[2:] in ("PER", "ORG", "LOC", "MISC") else "O" for t in raw]
                    deriv = [s for s in iob_spans(raw) if s[2].endswith(("deriv", "part"))]
                    yield toks, outer, deriv
                toks, tags = [], []
                continue
            cols = line.split("\t")
            toks.append(cols[1])
            tags.append(cols[2])


def read_ler(path: Path) -> Iterator[tuple[list[str], list[str]]]:
    toks, tags = [], []
    with _open(path) as f:
        for line in list(f) + [""]:
            line = line.rstrip("\n")
            if not line.strip():
                if toks:
                    yield toks, tags
                toks, tags = [], []
                continue
            tok, tag = line.rsplit(" ", 1)
            if tag != "O":
                lab = LER_MAP.get(tag[2:])
                tag = f"{tag[:2]}{lab}" if lab else ""
            toks.append(tok)
            tags.append(tag)


TAG_RE = re.compile(r"^([BI])[-_.](PER|LOC|ORG|MISC)$", re.I)


def read_europeana(path: Path, max_len: int = 40) -> Iterator[tuple[list[str], list[str]]]:
    """Chunk the continuous token stream at sentence-final tokens (or max_len tokens)."""
    toks, tags, starts = [], [], True
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("# "):
                continue
            parts = line.split()
            if len(parts) < 2:
                continue
            tok, tag = parts[0], parts[-1]
            m = TAG_RE.match(tag)
            tag = f"{m.group(1).upper()}-{m.group(2).upper()}" if m else ("O" if tag == "O" else "")
            toks.append(tok)
            tags.append(tag)
            if (tok in {".", "!", "?"} and len(toks) >= 5) or len(toks) >= max_len:
                yield toks, tags, starts
                starts = tok in {".", "!", "?"}
                toks, tags = [], []
    if toks:
        yield toks, tags, starts


def chunks(seq: list, n: int) -> Iterable[list]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def save(docs: list[Doc], path: Path, attrs_spans: bool = True) -> dict:
    path.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    return {"docs": len(docs), "tokens": sum(len(d) for d in docs)}


# --------------------------------------------------------------------------- languages


def convert_de(include_nc: bool = False) -> dict:
    nlp = spacy.blank("de")
    out = CORPUS / "de"
    sources: list[Path] = []
    stats: dict = {}
    # ---- syntax: UD German-GSD dev+test, every VAL_EVERY-th sentence held out
    gsd = []
    for name in ("de_gsd-ud-dev.conllu", "de_gsd-ud-test.conllu"):
        p = DATA / "UD_German-GSD" / name
        sources.append(p)
        gsd += list(read_conllu(p))
    syn_train = [s for i, s in enumerate(gsd) if i % VAL_EVERY != 0]
    syn_val = [s for i, s in enumerate(gsd) if i % VAL_EVERY == 0]
    if include_nc:  # UD German-LIT is CC BY-NC-SA: only in the non-commercial variant
        p = DATA / "UD_German-LIT" / "de_lit-ud-test.conllu.gz"
        sources.append(p)
        syn_train += list(read_conllu(p))
    syn_train_docs = conllu_docs(nlp.vocab, syn_train)
    stats["syntax_train"] = save(syn_train_docs, out / "syntax_train.spacy")
    stats["syntax_dev"] = save(conllu_docs(nlp.vocab, syn_val), out / "syntax_dev.spacy")

    # ---- NER: GermEval dev + test-part-a (held-out subset), German-LER subsample, Europeana
    ge = []
    for name in ("NER-de-dev.tsv", "NER-de-test-part-a.tsv"):
        p = DATA / "GermEval2014-NER" / name
        sources.append(p)
        ge += list(read_germeval(p))
    ge_train = [s for i, s in enumerate(ge) if i % VAL_EVERY != 0]
    ge_val = [s for i, s in enumerate(ge) if i % VAL_EVERY == 0]
    rng = random.Random(SEED)
    ner_train = [iob_doc(nlp.vocab, [(t, g) for t, g, _ in grp], [d for _, _, d in grp])
                 for grp in chunks(ge_train, SENTS_PER_DOC)]
    ner_val = [iob_doc(nlp.vocab, [(t, g) for t, g, _ in grp], [d for _, _, d in grp])
               for grp in chunks(ge_val, SENTS_PER_DOC)]
    n_ge_train = len(ner_train)

    p = DATA / "German-LER" / "ler_train.conll.gz"
    sources.append(p)
    ler = list(read_ler(p))
    with_ents = [s for s in ler if any(t.startswith("B-") for t in s[1])]
    others = [s for s in ler if not any(t.startswith("B-") for t in s[1])]
    rng.shuffle(with_ents)
    rng.shuffle(others)
    ler_sample = with_ents[:3000] + others[:500]
    rng.shuffle(ler_sample)
    ler_docs = [iob_doc(nlp.vocab, grp) for grp in chunks(ler_sample, SENTS_PER_DOC)]

    enp = []
    for name in ("enp_DE.lft.train.bio", "enp_DE.onb.train.bio", "enp_DE.sbb.train.bio"):
        p = DATA / "EuropeanaNewspapers-NER-de" / name
        sources.append(p)
        enp += list(read_europeana(p))
    rng.shuffle(enp)
    enp = enp[: len(enp) // 2]
    enp_docs = [iob_doc(nlp.vocab, grp) for grp in chunks(enp, SENTS_PER_DOC)]
    # Deriv spans exist only for GermEval docs; the others get an empty span group (negatives).
    for d in ler_docs + enp_docs:
        d.spans[DERIV_KEY] = []
    # UD docs (entities missing) teach the NER pipeline's senter sentence boundaries in real, spaced text.
    # Stage 2 (de_ner_stage2.cfg) fine-tunes on the target domain only.
    stats["ner_train_germeval"] = save(ner_train + syn_train_docs, out / "ner_train_germeval.spacy")
    # GermEval (the target domain) is upsampled x2 so it is not outweighed by legal and OCR text.
    ner_train += ner_train + ler_docs + enp_docs + syn_train_docs
    rng.shuffle(ner_train)
    stats["ner_train"] = save(ner_train, out / "ner_train.spacy")
    stats["ner_train"].update(germeval_docs=n_ge_train, ler_sentences=len(ler_sample), europeana_chunks=len(enp))
    stats["ner_dev"] = save(ner_val, out / "ner_dev.spacy")
    joint_corpus(out)
    return {"stats": stats, "sources": {str(p.relative_to(DATA)): sha256(p) for p in sources}}


def joint_corpus(out: Path, ud_copies: int = 3) -> None:
    """Corpus folders for the one-tok2vec German pipeline (configs/de_joint.cfg).

    Train: the NER corpus (which already holds the UD docs once) plus ``ud_copies`` more copies of the UD
    docs, so the parser and morphologizer see syntax often enough beside 10x more NER text. Dev: both
    held-out subsets; the UD file sorts first on purpose -- spaCy 3.8's ``Scorer.score_deps`` keeps its
    ``missing_indices`` across examples, so docs without deps scored earlier would blank the LAS of the rest.
    """
    train, dev = out / "joint_train", out / "joint_dev"
    for d in (train, dev):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    shutil.copy(out / "ner_train.spacy", train / "ner_train.spacy")
    for i in range(1, ud_copies + 1):
        shutil.copy(out / "syntax_train.spacy", train / f"syntax_train_{i}.spacy")
    shutil.copy(out / "syntax_dev.spacy", dev / "a_syntax_dev.spacy")
    shutil.copy(out / "ner_dev.spacy", dev / "b_ner_dev.spacy")


def read_uner(path: Path) -> dict[str, list[str]]:
    out, sid, tags = {}, None, []
    with _open(path) as f:
        for line in list(f) + [""]:
            line = line.rstrip("\n")
            if line.startswith("# sent_id = "):
                sid = line.split(" = ", 1)[1]
            elif line.startswith("#"):
                continue
            elif not line.strip():
                if sid is not None and tags:
                    out[sid] = tags
                sid, tags = None, []
            else:
                cols = line.split("\t")
                tags.append((cols[1], cols[2]))
    return out


def convert_en() -> dict:
    nlp = spacy.blank("en")
    out = CORPUS / "en"
    sources, stats = [], {}
    for split, ud, uner in (
        ("train", "en_ewt-ud-train.conllu.gz", "en_ewt-ud-train.iob2.gz"),
        ("dev", "en_ewt-ud-dev.conllu", "en_ewt-ud-dev.iob2"),
    ):
        pu, pn = DATA / "UD_English-EWT" / ud, DATA / "UNER_English-EWT" / uner
        sources += [pu, pn]
        sents = list(read_conllu(pu))
        uner_tags = read_uner(pn)
        ents_by_sent, mism = {}, 0
        for s in sents:
            sid = s["meta"].get("sent_id")
            tt = uner_tags.get(sid)
            words = [t["orth"] for t in s["tokens"]]
            if tt is None:
                continue
            # UNER tokens are UD syntactic words: a merged surface token takes its first word's tag
            syn = [w for t in s["tokens"] for w in t["words"]]
            if [w for w, _ in tt] == words:
                ents_by_sent[sid] = _fix_iob([t for _, t in tt])
            elif [w for w, _ in tt] == syn:
                k, tags = 0, []
                for t in s["tokens"]:
                    tags.append(tt[k][1])
                    k += len(t["words"])
                ents_by_sent[sid] = _fix_iob(tags)
            else:
                mism += 1
        stats[split] = save(conllu_docs(nlp.vocab, sents, ents_by_sent), out / f"{split}.spacy")
        stats[split]["ner_mismatched_sentences"] = mism
    return {"stats": stats, "sources": {str(p.relative_to(DATA)): sha256(p) for p in sources}}


def main(argv: list[str]) -> None:
    lang = argv[1] if len(argv) > 1 else "de"
    info = convert_de(include_nc="--nc" in argv) if lang == "de" else convert_en()
    (CORPUS / lang).mkdir(parents=True, exist_ok=True)
    (CORPUS / lang / "checksums.json").write_text(json.dumps(info, indent=2))
    print(json.dumps(info, indent=2))


if __name__ == "__main__":
    main(sys.argv)
