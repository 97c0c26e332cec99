"""Compile newsgraph's pure-Python rule modules with Cython, in place (optional, output-identical).

Why: after spaCy's own stages, most of the full analysis is newsgraph's rule stages (events,
quotes, amounts, dates, tone, the KB ruler …), plain Python that walks tokens and dictionaries.
Cython compiles the same source (pure-Python mode: no ``.pxd``, no source changes, annotations
not used as C types) into extension modules that run it with less interpreter overhead and give
bit-identical articles (``benchmarks/check_identical.py``). The modules are listed in
``newsgraph._compiled.MODULES``; ``foo.py`` gets ``foo.cpython-311-….so`` (and ``foo.c``) beside it,
both ignored by git.

The event coder's modules (``_compiled.NATIVE_GROUP``: its dictionaries, the pattern matcher,
actors, modality, token views and the component) are compiled by mypyc instead where it is
installed (the ``compile`` extra pins it): mypyc reads the annotations Cython here ignores, makes
the classes native (attributes at fixed offsets, no instance ``__dict__``) and calls the group's
functions directly, which took about a third off the English event stage, the largest rule stage
(``docs/ARCHITECTURE.md``). The group is one library, ``newsgraph/events/native__mypyc….so``, that
the modules' own small extension modules load. mypy type-checks the group first; when that
fails (an edit that does not type-check) Cython compiles the group as before and the script
says so. ``NEWSGRAPH_MYPYC=0`` asks for Cython.

``make install`` / ``make install-dev`` run this script with the virtual environment's Python. It
rebuilds only modules whose ``.py`` is newer than their compiled module (a no-op in well under a
second when nothing changed) and never fails the install: without Cython, a C compiler or Python's
headers, or when a build fails, it prints one line and leaves the ``.py`` files to run (correct,
only slower). A compiled module older than its ``.py`` is never imported (newsgraph's import guard,
``newsgraph/_compiled.py``); ``NEWSGRAPH_PURE_PYTHON=1`` imports the ``.py`` files regardless.

    python scripts/compile_rules.py [--check | --clean | --force] [--no-pgo]

``--check`` lists what a process would import (compiled, stale, pure) and exits 1 unless every
module runs compiled; ``--clean`` removes the compiled modules and their ``.c`` files. With GCC
the build is profile-guided (``build``); ``--no-pgo`` or ``NEWSGRAPH_PGO=0`` compiles once,
without a profile run.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import shutil
import subprocess
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
#: the profile run of a PGO build (``build``), and how long it may take
WORKLOAD = Path(__file__).resolve().with_name("pgo_workload.py")
WORKLOAD_TIMEOUT_S = 900


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


def _gcc() -> bool:
    """The compiler setuptools will call is GCC (whose profile flags ``build`` uses)."""
    cc = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    try:
        out = subprocess.run([cc.split()[0], "--version"], capture_output=True, text=True,
                             timeout=30).stdout.lower()
    except (OSError, subprocess.SubprocessError):
        return False
    return "gcc" in out and "clang" not in out


def _compile(exts: list, tmp: Path, cflags: list[str], ldflags: list[str]) -> None:
    """Compile the cythonized ``exts`` (and mypyc's) in place (objects under ``tmp``), ``JOBS``
    at once."""
    from setuptools import Distribution

    for ext in exts:
        ext.extra_compile_args = list(getattr(ext, "newsgraph_args", ())) + list(cflags)
        ext.extra_link_args = list(ldflags)
    dist = Distribution({"name": "newsgraph-rules", "ext_modules": exts,
                         "script_name": "compile_rules.py"})
    cmd = dist.get_command_obj("build_ext")
    cmd.inplace = True
    cmd.build_temp = cmd.build_lib = str(tmp / "build")  # one path per run: the profile's names
    cmd.parallel = JOBS
    cmd.force = True  # every name given here is out of date
    cwd = os.getcwd()
    try:
        os.chdir(SRC)  # in place: newsgraph/nlp/foo.so beside newsgraph/nlp/foo.py
        dist.run_command("build_ext")
    finally:
        os.chdir(cwd)


def _profile(profile_dir: Path) -> str | None:
    """Run ``pgo_workload.py`` on the instrumented build; why no profile came of it, or None."""
    env = {k: v for k, v in os.environ.items() if k != _compiled.ENV}
    try:
        run = subprocess.run([sys.executable, str(WORKLOAD)], env=env, capture_output=True,
                             text=True, timeout=WORKLOAD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return f"the profile run took over {WORKLOAD_TIMEOUT_S} s"
    if run.returncode != 0:
        lines = (run.stderr or run.stdout).strip().splitlines()
        return f"the profile run failed ({lines[-1] if lines else run.returncode})"
    if not any(profile_dir.rglob("*.gcda")):
        return "the profile run wrote no profile"
    return None


def _mypyc_ready() -> bool:
    return importlib.util.find_spec("mypyc") is not None and \
        os.environ.get("NEWSGRAPH_MYPYC", "1").strip() != "0"


def _mypycify(names: list[str], tmp: Path) -> list:
    """mypyc's extensions for ``names`` (the event coder's group, ``_compiled.NATIVE_GROUP``):
    type-checked by mypy, translated to C under ``tmp``. Raises RuntimeError naming mypy's first
    error when the modules do not type-check (mypy's notes are not printed)."""
    from mypyc.build import mypycify

    cwd = os.getcwd()
    said = io.StringIO()  # mypy's notes ("Treating generator comprehension as list"), its errors
    try:
        os.chdir(SRC)  # module names from paths relative to src/
        with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
            exts = mypycify(
                [f"newsgraph/{n.replace('.', '/')}.py" for n in names] +
                ["--ignore-missing-imports", "--follow-imports=silent",
                 f"--cache-dir={tmp / 'mypy-cache'}"],
                opt_level="3", target_dir=str(tmp / "mypyc"),
                group_name=f"{_compiled.PACKAGE}.{_compiled.NATIVE_LIB}")
    except SystemExit as exc:  # mypy found type errors: name the first
        errors = [line for line in said.getvalue().splitlines() if ": error:" in line]
        raise RuntimeError(errors[0] if errors else f"mypy exited with {exc.code}") from None
    finally:
        os.chdir(cwd)
    for ext in exts:  # mypyc's own flags, without -Werror (a newer GCC's new warning is no error)
        ext.newsgraph_args = [a for a in ext.extra_compile_args if a != "-Werror"]
    return exts


def build(names: list[str], force: bool = False, pgo: bool = True) -> str:
    """Compile ``names`` (relative to ``newsgraph``) in place: the event coder's group
    (``_compiled.NATIVE_GROUP``) with mypyc where it is installed, the rest (and the group, if
    mypyc is missing or fails) with Cython; how: "PGO", or "without PGO (why)", and what mypyc
    did.

    With ``pgo`` and GCC, profile-guided: an instrumented build runs ``pgo_workload.py`` (the
    shipped pipelines over the sample corpus), then the modules are compiled again with the
    branch and call counts it recorded. The rule modules are branchy Python-object code, which
    GCC lays out and inlines better when it knows the hot paths: about 2 % less full-analysis
    time (``benchmarks/RESULTS.md``). Output is identical either way (the same C code)."""
    from Cython.Build import cythonize
    from setuptools import Extension

    how = "without PGO (asked)" if not pgo else None
    if how is None and not _gcc():
        how = "without PGO (the compiler is not GCC)"
    with tempfile.TemporaryDirectory(prefix="newsgraph-cython-") as tmp:
        tmp = Path(tmp)
        native = [n for n in names if n in _compiled.NATIVE_GROUP]
        native_how = ""
        exts = []
        if native and _mypyc_ready():
            try:
                exts = _mypycify(native, tmp)
                native_how = f"; {len(native)} by mypyc"
            except BaseException as exc:  # noqa: BLE001 - mypy exits on type errors
                if isinstance(exc, KeyboardInterrupt):
                    raise
                native_how = f"; mypyc failed ({type(exc).__name__}: {str(exc)[-200:]}), " \
                    "so Cython compiled the event coder"
                exts, native = [], []
        elif native:
            native_how = "; mypyc is not installed, so Cython compiled the event coder"
            native = []
        cy = [n for n in names if n not in native]
        if cy:
            # .py → .c (only where the .py is newer than its .c, unless forced)
            exts += cythonize([Extension(f"newsgraph.{n}", [str(_compiled.source_of(n))])
                               for n in cy], compiler_directives=DIRECTIVES, nthreads=JOBS,
                              force=force, quiet=True)
        flags: list[str] = []
        if how is None:
            prof = tmp / "profile"
            # instrumented modules lie in place until the final build below: a run cut short
            # leaves this marker, and the next run builds them again (``main``)
            _compiled.INSTRUMENTED.write_text("\n".join(names) + "\n", encoding="utf-8")
            _compile(exts, tmp, [f"-fprofile-generate={prof}"], [f"-fprofile-generate={prof}"])
            why = _profile(prof)
            if why is None:
                # partial training: a function the workload never ran is compiled as without a
                # profile, not as cold code (German paths the sample corpus exercises little)
                flags = [f"-fprofile-use={prof}", "-fprofile-partial-training",
                         "-fprofile-correction", "-Wno-missing-profile",
                         "-Wno-maybe-uninitialized"]  # (Cython code GCC now inlines further)
                how = "PGO"
            else:
                how = f"without PGO ({why})"
        _compile(exts, tmp, flags, [])
        _compiled.INSTRUMENTED.unlink(missing_ok=True)
    for n in names:  # the build is at least as new as the source it was made from
        so = _compiled.extension_for(_compiled.source_of(n))
        if so is None:
            raise RuntimeError(f"newsgraph.{n}: no compiled module after the build")
    kind = "pgo" if how == "PGO" else "plain"
    _record([n for n in names if n not in native], kind)
    _record(native, f"mypyc {kind}")
    return how + native_how


def _record(names: list[str], kind: str) -> None:
    """Note in ``_compiled.BUILD_INFO`` how each module was last compiled (``_compiled.summary``)."""
    info = _compiled.build_info()
    info.update({n: kind for n in names})
    info = {n: k for n, k in info.items() if n in _compiled.MODULES}
    _compiled.BUILD_INFO.write_text(json.dumps(info, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def compiled_files(only_unlisted: bool = False) -> list[Path]:
    """The ``.c`` files and extension modules this script leaves beside newsgraph's ``.py``
    files (in package folders), and mypyc's group library; all, or only those of modules no
    longer in ``MODULES`` (and the library once the group is empty)."""
    listed = set(_compiled.MODULES)
    lib = _compiled.native_library()
    found = [lib] if lib is not None and not (only_unlisted and _compiled.NATIVE_GROUP) else []
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
    pgo = "--no-pgo" not in argv and os.environ.get("NEWSGRAPH_PGO", "1").strip() != "0"
    # out of date: no compiled module, or one older than its .py (whatever NEWSGRAPH_PURE_PYTHON
    # says), or one an interrupted PGO build left instrumented
    instrumented = set(_compiled.INSTRUMENTED.read_text(encoding="utf-8").split()) \
        if _compiled.INSTRUMENTED.exists() else set()
    todo = [name for name in _compiled.MODULES
            if force or name in instrumented or
            not _compiled.choose(name, _compiled.source_of(name), env="").use_extension]
    if set(todo) & set(_compiled.NATIVE_GROUP):  # (mypyc builds the group as one library)
        todo = [n for n in _compiled.MODULES if n in todo or n in _compiled.NATIVE_GROUP]
    if not todo:
        return 0
    why = _missing_tools()
    if why is not None:
        print(f"newsgraph: rule modules not compiled: {why}; they run as Python (correct, "
              "only slower)")
        return 0
    try:
        how = build(todo, force=force, pgo=pgo)
    except BaseException as exc:  # noqa: BLE001 - setuptools exits with SystemExit on errors
        if isinstance(exc, KeyboardInterrupt):
            raise
        msg = str(exc).strip().splitlines()
        print(f"newsgraph: rule modules not compiled ({type(exc).__name__}: "
              f"{msg[-1] if msg else 'build failed'}); stale ones are not used, the .py files "
              "run (correct, only slower)")
        return 0
    print(f"newsgraph: compiled {len(todo)} rule module(s), {how} "
          f"({len(_compiled.MODULES)} in all; python scripts/compile_rules.py --check)")
    return 0


_compiled = _modules()

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
