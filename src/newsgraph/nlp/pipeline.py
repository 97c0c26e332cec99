"""Build the spaCy ``Language`` for a language: our trained model + the newsgraph components.

Order matters: entities before quotes (speakers are entities), times before events (event dates).
A component whose module is not present is skipped, so the pipeline degrades instead of failing.
"""

from __future__ import annotations

import gc
import importlib
import os
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from newsgraph.errors import InvalidOptionError, ModelNotFoundError
from newsgraph.nlp import extensions  # noqa: F401  (registers Doc extensions)
from newsgraph.nlp.embed_cache import cache_embeddings
from newsgraph.nlp.fast_ops import use_blas_ops
from newsgraph.nlp.lemma_keys import TextKeepingTokenizer
from newsgraph.nlp.lemma_trees import memoise_lemma_trees
from newsgraph.nlp.sentence_starts import sentence_starts  # noqa: F401  (registers the component)

SUPPORTED_LANGUAGES = ("de", "en")
MODELS_DIR = Path(__file__).resolve().parent.parent / "models"

#: (pipe name, factory name, module that registers the factory), in pipeline order.
COMPONENTS: list[tuple[str, str, str]] = [
    ("newsgraph_kb_ruler", "newsgraph.kb_ruler.v1", "newsgraph.nlp.entities"),
    ("newsgraph_entities", "newsgraph.entities.v1", "newsgraph.nlp.entities"),
    ("newsgraph_geo", "newsgraph.geo.v1", "newsgraph.nlp.geo"),
    ("newsgraph_quotes", "newsgraph.quotes.v1", "newsgraph.nlp.quotes"),
    ("newsgraph_amounts", "newsgraph.amounts.v1", "newsgraph.nlp.amounts"),
    ("newsgraph_timex", "newsgraph.timex.v1", "newsgraph.nlp.timex"),
    ("newsgraph_themes", "newsgraph.themes.v1", "newsgraph.nlp.themes"),
    ("newsgraph_tone", "newsgraph.tone.v1", "newsgraph.nlp.tone"),
    ("newsgraph_events", "newsgraph.events.v1", "newsgraph.nlp.events"),
]


#: components our shipped models carry but nothing reads: the German ``spancat`` marks GermEval's
#: ``*deriv``/``*part`` spans in ``doc.spans["ner_deriv"]`` (dev F 0.43, see training/SCORES.md),
#: which the entity step skips anyway; loading it cost ~5 % of the German model's time.
UNUSED_PIPES = ("spancat",)


def model_path(lang: str) -> Path:
    return MODELS_DIR / lang


def _speed_up(nlp: Language) -> Language:
    """Inference-only speed-ups that leave every annotation as spaCy computes it."""
    return memoise_lemma_trees(cache_embeddings(use_blas_ops(nlp)))


def load_base(lang: str, model: str | None = None) -> Language:
    """The statistical pipeline alone: a user-named model, else ours, else a blank pipeline.

    ``model`` (or the environment variable ``NEWSGRAPH_MODEL_<LANG>``) may name an installed
    spaCy package such as ``de_core_news_md``; it is never required.
    """
    if lang not in SUPPORTED_LANGUAGES:
        raise InvalidOptionError(f"no pipeline for language {lang!r}; supported: de, en")
    model = model or os.environ.get(f"NEWSGRAPH_MODEL_{lang.upper()}")
    if model:
        register_factories()  # a saved newsgraph pipeline names our factories in its config
        try:
            return _speed_up(spacy.load(model))
        except OSError as exc:
            raise ModelNotFoundError(f"cannot load spaCy model {model!r}: {exc}") from exc
    path = model_path(lang)
    if (path / "config.cfg").exists():
        return _guard_sentence_starts(_speed_up(spacy.load(path, exclude=UNUSED_PIPES)))
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    return nlp


def _guard_sentence_starts(nlp: Language) -> Language:
    """Line breaks end sentences, and our German model's senter starts are vetted, before the
    parser (``nlp/sentence_starts.py``)."""
    if "parser" in nlp.pipe_names:
        where = {"after": "senter"} if "senter" in nlp.pipe_names else {"before": "parser"}
        nlp.add_pipe("newsgraph_sentence_starts", **where)
    return nlp


def spacy_factory(name: str) -> str:
    """The name a factory is registered under: spaCy forbids '.' in factory names (E853), so
    ``newsgraph.themes.v1`` registers as ``newsgraph_themes_v1``. Register with
    ``@Language.factory(spacy_factory("newsgraph.<name>.v1"), ...)``."""
    return name.replace(".", "_")


def _factory_available(factory: str, module: str) -> bool:
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return False
        raise
    return Language.has_factory(spacy_factory(factory))


def register_factories() -> None:
    """Import every component module present, so ``spacy.load`` finds our factories."""
    for _name, factory, module in COMPONENTS:
        _factory_available(factory, module)


def add_components(nlp: Language, *, exclude: tuple[str, ...] = ()) -> Language:
    for name, factory, module in COMPONENTS:
        if name in exclude or name in nlp.pipe_names:
            continue
        if _factory_available(factory, module):
            nlp.add_pipe(spacy_factory(factory), name=name)
    return nlp


@lru_cache(maxsize=4)
def load_pipeline(lang: str, model: str | None = None, bare: bool = False) -> Language:
    """The full newsgraph pipeline for ``lang`` (cached per process).

    ``bare=True`` returns the statistical pipeline without newsgraph's components — the baseline
    the benchmarks compare against.
    """
    nlp = load_base(lang, model)
    if not bare:
        nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)  # doc_text without a re-join
        add_components(nlp)
        _warm_and_freeze(nlp)
    return nlp


#: one short article per language that makes every component load its lazy resources
_WARM_UP = {
    "de": '„Wir verhandeln weiter“, sagte Bundeskanzler Olaf Scholz am Montag in Berlin. Russland '
          'drohte mit Sanktionen über 3,5 Milliarden Euro; der Angriff auf Kiew kostete 12 Menschen '
          'das Leben.',
    "en": '"We will keep talking," President Joe Biden said on Monday in Washington. Russia '
          'threatened sanctions worth $3.5 billion; the attack on Kyiv killed 12 people last week.',
}


#: young-generation threshold of the cyclic collector while pipelines run (CPython's default: 700)
GC_GEN0_THRESHOLD = 50_000


def _warm_and_freeze(nlp: Language) -> None:
    """Run one short article so the components load their lazy resources now, then move every
    object alive into the collector's permanent generation (``gc.freeze``): the lexicons,
    gazetteers and models never die, and each full collection would otherwise walk those
    ~500k objects again (0.3–0.5 s each, several per few hundred articles).

    The young-generation threshold goes up to :data:`GC_GEN0_THRESHOLD` (unless the process set
    a higher one): an article allocates ~10^5 short-lived objects that reference counting frees
    (the components build no reference cycles), and at 700 the collector ran twice per article,
    promoting each batch's Docs to the older generations only to walk them again there —
    0.6 s of 21 s CPU over 400 English articles, 0.05 s at 50,000."""
    text = _WARM_UP.get(nlp.lang)
    if text:
        run_doc(nlp, text)
    gc.collect()
    gc.freeze()
    gen0, gen1, gen2 = gc.get_threshold()
    if 0 < gen0 < GC_GEN0_THRESHOLD:
        gc.set_threshold(GC_GEN0_THRESHOLD, gen1, gen2)


def run_doc(nlp: Language, text: str, published=None):
    """One document through ``nlp`` with its reference time (``doc._.published``), which the
    components resolve dates against; ``analyze`` does the same for batches with ``nlp.pipe``."""
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)
