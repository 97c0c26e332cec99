"""Optional Cython and mypyc builds of the rule modules (scripts/compile_rules.py,
newsgraph/_compiled.py).

The import guard never lets a compiled module older than its ``.py`` run, ``NEWSGRAPH_PURE_PYTHON``
imports the ``.py`` files (the mypyc-built event coder only as a whole), and — where compiled
modules are in place — compiled and pure Python give byte-identical Articles.
"""

from __future__ import annotations

import importlib.machinery
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newsgraph import _compiled
from newsgraph._compiled import Guard, choose, pure_requested

REPO = Path(__file__).resolve().parents[1]
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]  # what cythonize writes: .cpython-311-….so


def _pair(folder: Path, leaf: str, so_age: float) -> tuple[Path, Path]:
    """``leaf.py`` and a (fake) compiled ``leaf<SUFFIX>`` whose mtime is ``so_age`` s after the .py's."""
    folder.mkdir(parents=True, exist_ok=True)
    py = folder / f"{leaf}.py"
    so = folder / f"{leaf}{SUFFIX}"
    py.write_text("VALUE = 'python'\n")
    so.write_bytes(b"\x7fELF not really")
    t = py.stat().st_mtime
    os.utime(so, (t + so_age, t + so_age))
    return py, so


# ---- the guard's decision ----------------------------------------------------------------------


def test_current_build_is_used(tmp_path):
    py, so = _pair(tmp_path, "numbers", so_age=5)
    c = choose("nlp.numbers", py, env="")
    assert c.use_extension and c.why == "compiled" and c.extension == so


def test_stale_build_is_not_used(tmp_path):
    py, so = _pair(tmp_path, "numbers", so_age=-5)  # the .py was edited after compiling
    c = choose("nlp.numbers", py, env="")
    assert not c.use_extension and c.why == "stale" and c.extension == so


def test_build_of_an_unlisted_module_is_not_used(tmp_path):
    py, so = _pair(tmp_path, "pipeline", so_age=5)  # e.g. a module taken off MODULES
    c = choose("nlp.pipeline", py, env="")
    assert not c.use_extension and c.why == "not listed"
    spec = Guard.find_spec("newsgraph.nlp.pipeline", [str(tmp_path)])
    assert spec.origin == str(py)


def test_no_build(tmp_path):
    py = tmp_path / "numbers.py"
    py.write_text("")
    c = choose("nlp.numbers", py, env="")
    assert not c.use_extension and c.extension is None and c.why == "not compiled"


@pytest.mark.parametrize("env, pure", [
    ("", False), ("0", False), ("1", True), ("nlp.numbers", True),
    ("nlp.geo, nlp.numbers", True), ("nlp.geo", False),
])
def test_pure_python_requested(tmp_path, env, pure):
    py, _ = _pair(tmp_path, "numbers", so_age=5)
    assert pure_requested("nlp.numbers", env) is pure
    c = choose("nlp.numbers", py, env=env)
    assert c.use_extension is not pure and c.why == ("pure" if pure else "compiled")


def test_finder_returns_the_chosen_file(tmp_path, monkeypatch):
    """Guard.find_spec's spec: the extension module when current, else the .py (a stale build
    beside it must never be what Python's own search would take)."""
    monkeypatch.delenv(_compiled.ENV, raising=False)
    py, so = _pair(tmp_path, "numbers", so_age=5)
    spec = Guard.find_spec("newsgraph.nlp.numbers", [str(tmp_path)])
    assert spec.origin == str(so) and isinstance(spec.loader, importlib.machinery.ExtensionFileLoader)

    t = so.stat().st_mtime
    os.utime(py, (t + 5, t + 5))  # edit after compiling
    spec = Guard.find_spec("newsgraph.nlp.numbers", [str(tmp_path)])
    assert spec.origin == str(py) and isinstance(spec.loader, importlib.machinery.SourceFileLoader)

    os.utime(py, (t - 5, t - 5))
    monkeypatch.setenv(_compiled.ENV, "1")
    spec = Guard.find_spec("newsgraph.nlp.numbers", [str(tmp_path)])
    assert spec.origin == str(py)

    assert Guard.find_spec("newsgraph.nlp.pipeline", [str(tmp_path)]) is None  # not ours


def test_stale_module_imports_its_source(tmp_path):
    """End to end through the import system: a real package whose compiled module is stale (a
    file Python's own search would load first) imports the .py."""
    pkg = tmp_path / "newsgraph"
    (pkg / "nlp").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "nlp" / "__init__.py").write_text("")
    _pair(pkg / "nlp", "numbers", so_age=-5)  # not loadable at all: importing it would fail
    code = textwrap.dedent(f"""
        import importlib.util, sys
        spec = importlib.util.spec_from_file_location("guard", {_compiled.__file__!r})
        guard = sys.modules["guard"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(guard)
        guard.install()
        sys.path.insert(0, {str(tmp_path)!r})
        import newsgraph.nlp.numbers as m
        print(m.VALUE, m.__file__)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={k: v for k, v in os.environ.items() if k != _compiled.ENV},
                         timeout=60)
    assert out.returncode == 0, out.stderr
    value, path = out.stdout.split()
    assert value == "python" and path.endswith("numbers.py")


def test_guard_is_installed_by_newsgraph():
    assert Guard in sys.meta_path


# ---- scripts/compile_rules.py ------------------------------------------------------------------


@pytest.fixture
def compile_rules(monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("compile_rules", REPO / "scripts" / "compile_rules.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_compile_script_without_tools_says_so_and_succeeds(compile_rules, monkeypatch, capsys):
    monkeypatch.setattr(compile_rules, "clean", lambda paths: 0)
    monkeypatch.setattr(compile_rules, "_missing_tools", lambda: "no C compiler (cc) on PATH")
    monkeypatch.setattr(compile_rules, "build", lambda *a, **k: pytest.fail("built anyway"))
    assert compile_rules.main(["--force"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "no C compiler" in out[0] and "run as Python" in out[0]


def test_compile_script_survives_a_failed_build(compile_rules, monkeypatch, capsys):
    def fail(names, force=False, pgo=True):
        raise SystemExit("error: command '/usr/bin/gcc' failed with exit code 1")

    monkeypatch.setattr(compile_rules, "clean", lambda paths: 0)
    monkeypatch.setattr(compile_rules, "_missing_tools", lambda: None)
    monkeypatch.setattr(compile_rules, "build", fail)
    assert compile_rules.main(["--force"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "gcc" in out[0] and "not compiled" in out[0]


def _record_builds(compile_rules, monkeypatch) -> list[dict]:
    """Let ``main`` decide what to build, and keep what it asked for instead of compiling."""
    asked: list[dict] = []

    def build(names, force=False, pgo=True):
        asked.append({"names": list(names), "pgo": pgo})
        return "PGO" if pgo else "without PGO (asked)"

    monkeypatch.setattr(compile_rules, "clean", lambda paths: 0)
    monkeypatch.setattr(compile_rules, "_missing_tools", lambda: None)
    monkeypatch.setattr(compile_rules, "build", build)
    return asked


def test_compile_script_is_profile_guided_unless_told_not_to(compile_rules, monkeypatch, capsys):
    asked = _record_builds(compile_rules, monkeypatch)
    monkeypatch.delenv("NEWSGRAPH_PGO", raising=False)
    assert compile_rules.main(["--force"]) == 0
    assert compile_rules.main(["--force", "--no-pgo"]) == 0
    monkeypatch.setenv("NEWSGRAPH_PGO", "0")
    assert compile_rules.main(["--force"]) == 0
    assert [a["pgo"] for a in asked] == [True, False, False]
    assert all(a["names"] == list(_compiled.MODULES) for a in asked)
    out = capsys.readouterr().out
    assert "rule module(s), PGO" in out and "without PGO (asked)" in out


def test_modules_an_interrupted_pgo_build_left_instrumented_are_rebuilt(
        compile_rules, monkeypatch, tmp_path):
    """An instrumented build (slower, and writing profile files at exit) is as new as its .py:
    only the marker the PGO build leaves until its final build says it must go."""
    current = [c.name for c in _compiled.status() if c.use_extension]
    if not current:
        pytest.skip("no current compiled rule module here (python scripts/compile_rules.py builds them)")
    asked = _record_builds(compile_rules, monkeypatch)
    marker = tmp_path / ".compiled-instrumented"
    monkeypatch.setattr(_compiled, "INSTRUMENTED", marker)
    monkeypatch.setattr(compile_rules._compiled, "INSTRUMENTED", marker)
    assert compile_rules.main([]) == 0
    assert all(current[0] not in a["names"] for a in asked)
    marker.write_text(current[0] + "\n")
    assert compile_rules.main([]) == 0
    assert current[0] in asked[-1]["names"]


def test_a_failed_profile_run_is_reported_and_compiles_without_a_profile(
        compile_rules, monkeypatch, tmp_path):
    script = tmp_path / "workload.py"
    monkeypatch.setattr(compile_rules, "WORKLOAD", script)
    script.write_text("raise RuntimeError('no pipeline here')\n")
    assert compile_rules._profile(tmp_path / "profile") == \
        "the profile run failed (RuntimeError: no pipeline here)"
    script.write_text("print('ran')\n")
    assert compile_rules._profile(tmp_path / "profile") == "the profile run wrote no profile"


def test_pgo_workload_profiles_shipped_text_but_not_the_benchmarked_articles(shared):
    sys.path.insert(0, str(REPO / "benchmarks"))
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from common import english_news
        from pgo_workload import texts
    finally:
        sys.path[:2] = []
    got = texts()
    assert len(got["en"]) >= 150 and len(got["de"]) == 1
    assert not set(got["en"]) & set(english_news(100))
    assert "Kremlchef" in got["de"][0]


def test_the_install_built_the_modules_profile_guided(compile_rules):
    """``make install`` / ``install-dev`` compile with PGO where GCC is the compiler: a profile run
    that silently failed would leave every module ~2 % slower."""
    current = [c.name for c in _compiled.status() if c.use_extension]
    if not current or not compile_rules._gcc():
        pytest.skip("no compiled rule modules, or no GCC: nothing is profile-guided here")
    info = _compiled.build_info()
    plain = [n for n in current if not info.get(n, "").endswith("pgo")]
    assert not plain, (f"compiled without PGO: {plain} (python scripts/compile_rules.py --force "
                       "says why)")
    summary = _compiled.summary()
    assert f"{len(current)}/{len(_compiled.MODULES)} compiled" in summary
    assert f", {len(current)} with PGO" in summary


def test_the_install_built_the_event_coder_with_mypyc(compile_rules):
    """Where mypyc is installed (the ``compile`` extra), the event coder's group is one mypyc
    library: its modules import as the library's shims, and none fell back to Cython."""
    if not compile_rules._mypyc_ready() or not any(c.use_extension for c in _compiled.status()):
        pytest.skip("no mypyc or no compiled rule modules here")
    info = _compiled.build_info()
    assert all(info.get(n, "").startswith("mypyc") for n in _compiled.NATIVE_GROUP), info
    assert _compiled.native_library() is not None, "mypyc's group library is missing"
    assert f"({len(_compiled.NATIVE_GROUP)} by mypyc)" in _compiled.summary()


def test_one_event_coder_module_as_python_makes_the_mypyc_group_python():
    """mypyc's compiled modules expect each other's native classes: a stale or pure member
    takes the whole group to Python (the other rule modules stay compiled)."""
    info = _compiled.build_info()
    if not all(info.get(n, "").startswith("mypyc") and _compiled.choose(
            n, _compiled.source_of(n), env="").use_extension for n in _compiled.NATIVE_GROUP):
        pytest.skip("the event coder is not built by mypyc here")
    for name in _compiled.NATIVE_GROUP:
        c = _compiled.choose(name, _compiled.source_of(name), env="events.matcher")
        assert not c.use_extension, c
        assert c.why == ("pure" if name == "events.matcher" else "pure with events.matcher")
    others = [n for n in _compiled.MODULES if n not in _compiled.NATIVE_GROUP]
    assert all(_compiled.choose(n, _compiled.source_of(n), env="events.matcher").use_extension
               for n in others if _compiled.choose(n, _compiled.source_of(n), env="").use_extension)


def test_compile_script_lists_only_builds_beside_sources(compile_rules):
    """Besides mypyc's one group library, every file it would remove lies beside its ``.py``."""
    for path in compile_rules.compiled_files():
        assert path.suffix in (".c", ".so")
        assert path.with_name(path.name.split(".")[0] + ".py").exists() or \
            path == _compiled.native_library()


# ---- compiled vs pure Python: identical Articles ---------------------------------------------

_DUMP = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {bench!r})
    from check_identical import dump
    lines = dump(3)  # the reference article, 3 German and 3 English news texts
    from newsgraph import _compiled
    files = {{n: sys.modules["newsgraph." + n].__file__ for n in _compiled.MODULES
             if "newsgraph." + n in sys.modules}}
    print(json.dumps({{"files": files, "articles": lines}}))
""")


def _dump(pure: bool | str) -> dict:
    """The dump of a fresh process; ``pure``: every module as Python, or ``NEWSGRAPH_PURE_PYTHON``'s
    value."""
    env = {k: v for k, v in os.environ.items() if k != _compiled.ENV}
    if pure:
        env[_compiled.ENV] = "1" if pure is True else pure
    out = subprocess.run([sys.executable, "-c", _DUMP.format(bench=str(REPO / "benchmarks"))],
                         capture_output=True, text=True, env=env, cwd=REPO, timeout=240)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.splitlines()[-1])


@pytest.mark.slow
def test_compiled_and_pure_python_articles_identical(shared):
    in_use = [c.name for c in _compiled.status() if c.use_extension]
    if not in_use:
        pytest.skip("no current compiled rule module here (python scripts/compile_rules.py builds them)")
    compiled, pure = _dump(pure=False), _dump(pure=True)
    assert all(f.endswith(".py") for f in pure["files"].values()), pure["files"]
    used = [n for n, f in compiled["files"].items() if not f.endswith(".py")]
    assert used, compiled["files"]
    assert set(used) <= set(in_use)
    assert len(compiled["articles"]) == len(pure["articles"]) == 7
    for i, (a, b) in enumerate(zip(compiled["articles"], pure["articles"])):
        assert a == b, f"article {i} differs compiled vs NEWSGRAPH_PURE_PYTHON=1"
    # one event coder module as Python: the whole mypyc group runs as Python, the rest compiled
    mixed = _dump(pure="events.matcher")
    assert mixed["files"]["events.matcher"].endswith(".py")
    if _compiled.build_info().get("nlp.events", "").startswith("mypyc"):
        assert all(mixed["files"][n].endswith(".py") for n in _compiled.NATIVE_GROUP
                   if n in mixed["files"])
    assert mixed["articles"] == compiled["articles"]


# ---- no reference cycles ----------------------------------------------------------------------

_CYCLES = textwrap.dedent("""
    import collections, gc, json, sys
    sys.path.insert(0, {bench!r})
    from common import english_news, german_news
    from newsgraph.nlp.pipeline import load_pipeline
    from newsgraph import _compiled
    texts = {{"de": german_news(4), "en": english_news(4)}}
    nlps = {{lang: load_pipeline(lang) for lang in texts}}
    for lang, nlp in nlps.items():
        list(nlp.pipe(texts[lang][:1]))
    gc.collect()
    gc.disable()
    for lang, nlp in nlps.items():
        list(nlp.pipe(texts[lang]))
    gc.set_debug(gc.DEBUG_SAVEALL)
    gc.collect()
    ours = collections.Counter(
        f"{{getattr(o, '__module__', '?')}}.{{getattr(o, '__qualname__', type(o).__name__)}}"
        for o in gc.garbage
        if str(getattr(o, "__module__", "")).startswith("newsgraph.")
        and (callable(o) or "scope_struct" in type(o).__name__))
    print(json.dumps({{"cyclic": ours, "summary": _compiled.summary()}}))
""")


@pytest.mark.slow
def test_rule_stages_leave_no_reference_cycles(shared):
    """Garbage only the cyclic collector frees costs its passes (the pipelines raise its
    threshold to 50,000 objects, ``pipeline._warm_and_freeze``): the rule stages build none.
    Compiled, a closure that another closure of the same function calls makes one per call
    (Cython keeps all of a function's closure variables in one shared scope object), so this
    runs with whatever ``scripts/compile_rules.py`` built."""
    out = subprocess.run([sys.executable, "-c", _CYCLES.format(bench=str(REPO / "benchmarks"))],
                         capture_output=True, text=True, cwd=REPO, timeout=240,
                         env={k: v for k, v in os.environ.items() if k != _compiled.ENV})
    assert out.returncode == 0, out.stderr[-3000:]
    got = json.loads(out.stdout.splitlines()[-1])
    assert not got["cyclic"], f"reference cycles ({got['summary']}): {got['cyclic']}"
