"""Compile newsgraph's pure-Python rule modules with Cython, in place (optional, output-identical).

Why: after spaCy's own stages, most of the full analysis is newsgraph's rule stages (events,
quotes, amounts, dates, tone, the KB ruler …), plain Python that walks tokens and dictionaries.
Cython compiles the same source (pure-Python mode: no ``.pxd``, no source changes, annotations
not used as C types) into extension modules that run it with less interpreter overhead and give
bit-identical articles (``benchmarks/check_identical.py``). The modules are listed in
``newsgraph._compiled.MODULES``; ``foo.py`` gets ``foo.cpython-311-….so`` (and ``foo.c``) beside it,
both ignored by git.

``make install`` / ``make install-dev`` run this script with the virtual environment's Python. It
rebuilds only modules whose ``.py`` is newer than their compiled module (a no-op in well under a
second when nothing changed) and never fails the install: without Cython, a C compiler or Python's
headers, or when a build fails, it prints one line and leaves the ``.py`` files to run (correct,
only slower). A compiled module older than its ``.py`` is never imported (newsgraph's import guard,
``newsgraph/_compiled.py``); ``NEWSGRAPH_PURE_PYTHON=1`` imports the ``.py`` files regardless.

    python scripts/compile_rules.py [--check | --clean | --force]

``--check`` lists what a process would import (compiled, stale, pure) and exits 1 unless every
module runs compiled; ``--clean`` removes the compiled modules and their ``.c`` files.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import sysconfig
import tempfile
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "newsgraph"
#: Cython in pure-Python mode: Python 3 semantics; annotations are not C types (a ``list[str]``
#: parameter with a tuple default, ``int`` annotations on values that may be floats …)
DIRECTIVES = {"language_level": 3, "annotation_typing": False}
JOBS = 2


def _modules():
    spec = importlib.util.spec_from_file_location("_newsgraph_compiled", PACKAGE / "_compiled.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is made
    spec.loader.exec_module(module)
    return module


def _missing_tools() -> str | None:
    """Why nothing can be compiled here, or None."""
    if importlib.util.find_spec("Cython") is None:
        return "Cython is not installed (pip install 'cython>=3.3,<3.4')"
    if importlib.util.find_spec("setuptools") is None:
        return "setuptools is not installed"
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(os.environ.get("CC", cc).split()[0]) is None:
        return f"no C compiler ({cc}) on PATH"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        return "Python's headers (Python.h) are missing (e.g. apt-get install python3-dev)"
    return None


def build(names: list[str], force: bool = False) -> None:
    """Cythonize ``names`` (relative to ``newsgraph``) and compile them in place, ``JOBS`` at once."""
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension

    exts = [Extension(f"newsgraph.{n}", [str(_compiled.source_of(n))])
            for n in names]
    # .py → .c (only where the .py is newer than its .c, unless forced)
    exts = cythonize(exts, compiler_directives=DIRECTIVES, nthreads=JOBS, force=force,
                     quiet=True)
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="newsgraph-cython-") as tmp:
        dist = Distribution({"name": "newsgraph-rules", "ext_modules": exts,
                             "script_name": "compile_rules.py"})
        cmd = dist.get_command_obj("build_ext")
        cmd.inplace = True
        cmd.build_temp = cmd.build_lib = tmp
        cmd.parallel = JOBS
        cmd.force = True  # every name given here is out of date
        try:
            os.chdir(SRC)  # in place: newsgraph/nlp/foo.so beside newsgraph/nlp/foo.py
            dist.run_command("build_ext")
        finally:
            os.chdir(cwd)
    for n in names:  # the build is at least as new as the source it was made from
        so = _compiled.extension_for(_compiled.source_of(n))
        if so is None:
            raise RuntimeError(f"newsgraph.{n}: no compiled module after the build")


def compiled_files(only_unlisted: bool = False) -> list[Path]:
    """The ``.c`` files and extension modules this script leaves beside newsgraph's ``.py``
    files (in package folders), all or only those of modules no longer in ``MODULES``."""
    listed = set(_compiled.MODULES)
    found = []
    for folder, dirs, files in os.walk(PACKAGE):
        dirs[:] = [d for d in dirs if (Path(folder) / d / "__init__.py").exists()]
        for f in files:
            if not f.endswith((".c", ".so")):
                continue
            stem = f.split(".", 1)[0]
            if f"{stem}.py" not in files:
                continue
            name = (Path(folder) / stem).relative_to(PACKAGE).as_posix().replace("/", ".")
            if not (only_unlisted and name in listed):
                found.append(Path(folder) / f)
    return sorted(found)


def clean(paths: list[Path]) -> int:
    for path in paths:
        path.unlink()
    return len(paths)


def main(argv: list[str]) -> int:
    if "--check" in argv:
        choices = _compiled.status()
        for c in choices:
            print(f"{'compiled' if c.use_extension else c.why:>12}  newsgraph.{c.name}")
        print(_compiled.summary())
        return 0 if all(c.use_extension for c in choices) else 1
    if "--clean" in argv:
        n = clean(compiled_files())
        print(f"newsgraph: removed {n} compiled files; the rule modules run as Python")
        return 0
    clean(compiled_files(only_unlisted=True))  # builds of modules no longer listed
    force = "--force" in argv
    # out of date: no compiled module, or one older than its .py (whatever NEWSGRAPH_PURE_PYTHON says)
    todo = [name for name in _compiled.MODULES
            if force or not _compiled.choose(name, _compiled.source_of(name), env="").use_extension]
    if not todo:
        return 0
    why = _missing_tools()
    if why is not None:
        print(f"newsgraph: rule modules not compiled: {why}; they run as Python (correct, "
              "only slower)")
        return 0
    try:
        build(todo, force=force)
    except BaseException as exc:  # noqa: BLE001 - setuptools exits with SystemExit on errors
        if isinstance(exc, KeyboardInterrupt):
            raise
        msg = str(exc).strip().splitlines()
        print(f"newsgraph: rule modules not compiled ({type(exc).__name__}: "
              f"{msg[-1] if msg else 'build failed'}); stale ones are not used, the .py files "
              "run (correct, only slower)")
        return 0
    print(f"newsgraph: compiled {len(todo)} rule module(s) with Cython "
          f"({len(_compiled.MODULES)} in all; python scripts/compile_rules.py --check)")
    return 0


_compiled = _modules()

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
