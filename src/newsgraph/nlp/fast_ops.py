"""Matrix products for the statistical pipelines through numpy's BLAS instead of thinc's blis.

Why: thinc's ``NumpyOps.gemm`` calls the blis wheel, which on this project's reference machine
(AMD EPYC, 2 cores) runs single-threaded at ~29 GFLOPS against ~86 for the OpenBLAS that numpy
ships. The tok2vec layers are almost nothing but such products, so the swap makes our German
pipeline ~1.6× faster with bit-for-bit the same annotations (``tests/test_fast_ops.py``). Thinc
offers no switch for this (``NumpyOps`` is a compiled class and ``use_ops`` only applies to models
built afterwards), hence the subclass set on every node of a loaded pipeline.

spaCy's parser still steps its states through blis in compiled code; only its precomputed
feature layer goes through ``gemm``.
"""

from __future__ import annotations

import os

import numpy
from spacy.language import Language
from thinc.api import NumpyOps


class BlasOps(NumpyOps):
    """``NumpyOps`` whose ``gemm`` is ``numpy.matmul`` (OpenBLAS)."""

    name = "newsgraph_blas"

    def gemm(self, x, y, out=None, trans1: bool = False, trans2: bool = False):
        if trans1:
            x = x.T
        if trans2:
            y = y.T
        if out is None:
            return numpy.matmul(x, y)
        numpy.matmul(x, y, out=out)
        return out


def enabled() -> bool:
    """Off with ``NEWSGRAPH_BLAS=0`` (e.g. to compare against thinc's own ops)."""
    return os.environ.get("NEWSGRAPH_BLAS", "1") != "0"


def use_blas_ops(nlp: Language) -> Language:
    """Route every trainable component of ``nlp`` through :class:`BlasOps` (CPU models only)."""
    if not enabled():
        return nlp
    ops = BlasOps()
    for _name, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        if not isinstance(model.ops, NumpyOps):  # a GPU model: leave it alone
            continue
        for node in model.walk():
            node.ops = ops
    return nlp


def limit_blas_threads(n: int = 1) -> None:
    """One BLAS thread per worker process: two workers × two OpenBLAS threads on two cores
    would only fight each other."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=n, user_api="blas")


def spacy_build() -> str:
    """The installed spaCy and whether its compiled modules carry Cython profiling hooks.

    spaCy's wheels for Python < 3.12 are compiled with profiling on, which roughly doubles the
    parser's and NER's time; ``scripts/spacy_without_profiling.py`` (run by ``make install``)
    rebuilds it and leaves the marker module ``spacy._newsgraph_build``. Benchmarks report this
    next to their numbers.
    """
    import importlib.util
    import sys

    import spacy

    if sys.version_info >= (3, 12):
        how = "PyPI build, no profiling hooks on Python ≥ 3.12"
    elif importlib.util.find_spec("spacy._newsgraph_build") is not None:
        how = "compiled without profiling by scripts/spacy_without_profiling.py"
    else:
        how = "PyPI build with Cython profiling hooks: parser and NER ~2× slower"
    return f"spaCy {spacy.__version__} ({how})"
