"""benchmarks/perf_attribution.py: Cython's and mypyc's symbol names decoded, sampled stacks
folded, and (where Linux perf can attach) a real run over the benchmark articles."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph import _compiled

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from perf_attribution import NO_PERF, attribute, compiled_modules, readable  # noqa: E402

sys.path.remove(str(REPO / "benchmarks"))
NAMES = compiled_modules()


@pytest.mark.parametrize("symbol, name", [
    ("__pyx_pw_9newsgraph_3nlp_6events_17code_doc", "nlp.events.code_doc"),
    ("__pyx_pw_9newsgraph_3nlp_6events_103_events_for", "nlp.events._events_for"),
    ("__pyx_pf_9newsgraph_3nlp_6events_10EventCoder_4__call__", "nlp.events.EventCoder.__call__"),
    ("__pyx_pw_9newsgraph_6events_7matcher_14PatternMatcher_3predicates",
     "events.matcher.PatternMatcher.predicates"),
    ("__pyx_pf_9newsgraph_3nlp_5timex_8RunIndex___init__", "nlp.timex.RunIndex.__init__"),
    ("__pyx_pw_9newsgraph_3nlp_10lemma_keys_10TokenTable_8__init___2__pyx_lambda_funcdef_lambda2",
     "nlp.lemma_keys.TokenTable.__init__.<lambda>"),
    ("__pyx_gb_9newsgraph_3nlp_6events_8code_doc_7generator3", "nlp.events.code_doc.<genexpr>"),
    ("__pyx_tp_new_9newsgraph_6events_7matcher___pyx_scope_struct_22__prefixes", None),
    ("__pyx_pf_9newsgraph_6events_7matcher_14PatternMatcher_46_candidates.constprop.0",
     "events.matcher.PatternMatcher._candidates"),
    ("__pyx_pw_5spacy_8language_8Language_3pipe", None),
    # mypyc (the event coder's group): module suffixes unique in the group, "___" for dots
    ("CPyDef_events___code_doc", "nlp.events.code_doc"),
    ("CPyPy_events____events_for", "nlp.events._events_for"),
    ("CPyDef_matcher___PatternMatcher___predicates.cold", "events.matcher.PatternMatcher.predicates"),
    ("CPyDef_events_____call___3_EventCoder_obj_____call__", "nlp.events.EventCoder.__call__"),
    ("CPyDef_events_____mypyc_lambda__0_code_doc_obj_____call__", "nlp.events.code_doc.<lambda>"),
    ("CPyDef_events___code_doc_env_setup", None),
    ("_PyEval_EvalFrameDefault", None),
])
def test_compiled_symbols_read_as_module_class_and_function(symbol, name):
    assert readable(symbol, NAMES) == name


def test_every_compiled_function_symbol_reads_as_a_name_of_its_module():
    """The real symbol tables of this checkout's compiled modules, not only the examples above."""
    built = [c for c in _compiled.status() if c.use_extension]
    if not built or shutil.which("nm") is None:
        pytest.skip("no compiled rule modules here (or no nm)")
    seen = set()
    for choice in built:
        out = subprocess.run(["nm", str(choice.extension)], capture_output=True, text=True,
                             check=True).stdout
        for line in out.splitlines():
            sym = line.split()[-1]
            if sym.startswith(("__pyx_pw_9newsgraph", "__pyx_pf_9newsgraph")):
                name = readable(sym, NAMES)
                assert name is not None and name.startswith(choice.name + "."), (sym, name)
                assert "__pyx" not in name, (sym, name)
                seen.add(name)
    # mypyc's group library holds the event coder's functions (its modules are small shims)
    lib = _compiled.native_library()
    for lib in [lib] if lib is not None else []:
        out = subprocess.run(["nm", str(lib)], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            sym = line.split()[-1]
            if sym.startswith(("CPyDef_", "CPyPy_")):
                name = readable(sym, NAMES)
                assert name is None or any(name.startswith(m + ".")
                                           for m in _compiled.NATIVE_GROUP), (sym, name)
                seen.add(name)
    assert {"nlp.events.code_doc", "events.matcher.PatternMatcher.predicates",
            "nlp.quotes.extract_quotes", "nlp.timex.RunIndex.__init__"} <= seen


def test_stacks_fold_into_stages_bare_time_and_own_time():
    code_doc = ("__pyx_pw_9newsgraph_3nlp_6events_17code_doc", "/x/newsgraph/nlp/events.so")
    call = ("__pyx_pf_9newsgraph_3nlp_6events_10EventCoder_4__call__", "/x/newsgraph/nlp/events.so")
    preds = ("__pyx_pw_9newsgraph_6events_7matcher_14PatternMatcher_3predicates",
             "/x/newsgraph/events/matcher.so")
    quotes = ("__pyx_pw_9newsgraph_3nlp_6quotes_11extract_quotes", "/x/newsgraph/nlp/quotes.so")
    tok = ("__pyx_pw_9newsgraph_3nlp_10lemma_keys_20TextKeepingTokenizer_3__call__",
           "/x/newsgraph/nlp/lemma_keys.so")
    py = ("_PyEval_EvalFrameDefault", "/usr/lib/libpython3.11.so")
    samples = [
        [("_Py_dict_lookup", "libpython"), preds, code_doc, call, py],
        [("PyObject_GetAttr", "libpython"), code_doc, call, py],
        [("pymalloc_alloc", "libpython"), quotes, py],
        [("sgemm_kernel", "/x/numpy.libs/libscipy_openblas64_.so"), py],
        [("spacy_tokenize", "/x/spacy/tokenizer.so"), tok, py],
        [("gc_collect_main", "libpython"), py],
        [("gc_collect_main", "libpython"), ("Py_FinalizeEx", "libpython")],  # shutdown: not counted
    ]
    parts, incl, own, counted, leaves = attribute(samples, NAMES, detail="nlp.events.code_doc")
    assert counted == 6
    assert parts == {"stage events": 2, "stage quotes": 1, "bare spaCy pipeline": 1,
                     "tokenizer (newsgraph's wrapper, in bare)": 1,
                     "other (interpreter, allocator, GC)": 1}
    assert incl["nlp.events.code_doc"] == 2 and own["nlp.events.code_doc"] == 1
    assert own["events.matcher.PatternMatcher.predicates"] == 1
    assert leaves == {"PyObject_GetAttr": 1}


def test_a_real_run_attributes_the_samples_of_the_full_pipeline(shared, tmp_path):
    if shutil.which("perf") is None:
        pytest.skip("Linux perf is not installed")
    if not any(c.use_extension for c in _compiled.status()):
        pytest.skip("no compiled rule modules: nothing for perf to name")
    run = subprocess.run([sys.executable, str(REPO / "benchmarks" / "perf_attribution.py"),
                          "--docs", "12", "--rounds", "1", "--top", "10", "--no-append"],
                         capture_output=True, text=True, timeout=300, cwd=tmp_path)
    if run.returncode == NO_PERF:
        pytest.skip(f"perf cannot sample here: {run.stderr.strip()[-200:]}")
    assert run.returncode == 0, run.stderr[-2000:]
    out = run.stdout
    rows = {cells[0]: float(cells[1]) for cells in
            ([c.strip() for c in line.strip("|").split("|")] for line in out.splitlines())
            if cells[0].startswith(("stage ", "bare spaCy"))}
    assert rows["bare spaCy pipeline"] > 0.3
    assert rows["stage events"] > 0.02
    assert "`nlp.events.code_doc`" in out
