"""Which of newsgraph's rule modules run compiled, and the import guard that keeps stale builds out.

``scripts/compile_rules.py`` (run by ``make install`` / ``make install-dev``) compiles the pure-
Python rule modules named in :data:`MODULES` with Cython, in place: ``nlp/entities.py`` gets an
``nlp/entities.cpython-311-x86_64-linux-gnu.so`` beside it. Python's own import system prefers
such an extension module to the ``.py`` in the same folder, so a developer who edits the ``.py``
after compiling would silently run the old code. :class:`Guard`, installed at the front of
``sys.meta_path`` by ``newsgraph/__init__.py``, decides for every newsgraph module that has an
extension module beside its ``.py``:

* the ``.py`` when the extension module is older than it (a stale build), when the module is not
  (or no longer) in :data:`MODULES`, or when the environment variable ``NEWSGRAPH_PURE_PYTHON`` is
  ``1`` (every module) or names the module (a comma-separated list of names relative to
  ``newsgraph``, e.g. ``nlp.entities,nlp.geo``);
* the extension module otherwise; and leaves every other import to Python.

A decision costs a few ``stat`` calls, once per module and process.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

#: the rule modules ``scripts/compile_rules.py`` compiles (names relative to ``newsgraph``);
#: each is output-identical compiled (``benchmarks/check_identical.py``) and builds no reference
#: cycles compiled (``tests/test_compiled.py``): Cython keeps all closure variables of a function
#: in one scope object, so a nested function that another nested function (or generator
#: expression) of the same function calls holds that scope and sits in it — one cycle per call,
#: which only the cyclic collector frees (``events.actors``' ``_is_inert`` and ``nlp.events``'
#: ``_adjective`` are module-level for this reason).
MODULES: tuple[str, ...] = (
    "events.dictionaries", "events.matcher", "events.modality", "events.tokens", "events.actors",
    "nlp.events", "nlp.quotes", "nlp.amounts", "nlp.timex", "nlp.tone", "nlp.kb_ruler",
    "nlp.entities", "nlp.geo", "nlp.textspans", "nlp.themes", "nlp.lemma_keys", "nlp.unchecked",
    "nlp.gazetteer", "nlp.numbers",
)
#: the event coder's modules, which ``scripts/compile_rules.py`` compiles together with mypyc
#: where mypyc is installed (Cython otherwise): one extension group whose classes are native
#: (attributes at fixed offsets) and whose functions call each other directly. A group built by
#: mypyc runs whole or not at all: its compiled code expects the group's own classes, so one
#: member stale or asked for as Python makes every member run as Python.
NATIVE_GROUP: tuple[str, ...] = ("events.dictionaries", "events.matcher", "events.modality",
                                 "events.tokens", "events.actors", "nlp.events")
#: mypyc's library for the group (``newsgraph/events/native__mypyc.cpython-311-….so``); the
#: group's own extension modules are small shims that load it
NATIVE_LIB = "events.native"
PACKAGE = "newsgraph"
ENV = "NEWSGRAPH_PURE_PYTHON"
ROOT = Path(__file__).resolve().parent
#: how ``scripts/compile_rules.py`` last compiled each module ("pgo" or "plain"), and the modules
#: it has left instrumented while their profile run is under way (both git-ignored)
BUILD_INFO = ROOT / ".compiled-builds.json"
INSTRUMENTED = ROOT / ".compiled-instrumented"


def pure_requested(name: str, env: str | None = None) -> bool:
    """True when ``NEWSGRAPH_PURE_PYTHON`` (or ``env``) asks for ``name``'s ``.py``."""
    value = os.environ.get(ENV, "") if env is None else env
    value = value.strip()
    if not value or value == "0":
        return False
    if value == "1":
        return True
    return name in {v.strip() for v in value.split(",")}


def extension_for(source: Path) -> Path | None:
    """The compiled module beside ``source`` (``foo.py`` → ``foo.cpython-311-….so``), or None."""
    stem = source.with_suffix("")
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = stem.with_name(stem.name + suffix)
        if candidate.exists():
            return candidate
    return None


@dataclass(frozen=True, slots=True)
class Choice:
    name: str  # relative to ``newsgraph``
    source: Path
    extension: Path | None
    use_extension: bool
    #: "compiled", "stale" (the .py is newer), "pure" (asked for), "not compiled", "not listed"
    #: (a leftover build of a module no longer in :data:`MODULES`)
    why: str


_LISTED = frozenset(MODULES)


def choose(name: str, source: Path, env: str | None = None) -> Choice:
    """The guard's decision for one module: its extension module only when the module is in
    :data:`MODULES`, the extension exists, is at least as new as ``source``, and
    ``NEWSGRAPH_PURE_PYTHON`` (or ``env``) does not ask for the ``.py``; for a member of a
    :data:`NATIVE_GROUP` built by mypyc, only when that holds for every member."""
    choice = _choose_one(name, source, env)
    if not choice.use_extension or name not in NATIVE_GROUP or \
            not build_info().get(name, "").startswith("mypyc"):
        return choice
    for other in NATIVE_GROUP:
        if other != name:
            why = _choose_one(other, source_of(other), env)
            if not why.use_extension:
                return Choice(name, source, choice.extension, False,
                              f"{why.why} with {other}")
    return choice


def _choose_one(name: str, source: Path, env: str | None = None) -> Choice:
    """:func:`choose` for the module on its own."""
    ext = extension_for(source)
    if ext is None:
        return Choice(name, source, None, False, "not compiled")
    if name not in _LISTED:
        return Choice(name, source, ext, False, "not listed")
    if pure_requested(name, env):
        return Choice(name, source, ext, False, "pure")
    try:
        stale = ext.stat().st_mtime < source.stat().st_mtime
    except OSError:  # no .py (an installed build without sources): the extension it is
        stale = False
    if stale:
        return Choice(name, source, ext, False, "stale")
    return Choice(name, source, ext, True, "compiled")


def native_library() -> Path | None:
    """mypyc's library for :data:`NATIVE_GROUP` (``events/native__mypyc.cpython-311-….so``) where
    one was built, else None."""
    return extension_for(source_of(NATIVE_LIB + "__mypyc"))


def source_of(name: str) -> Path:
    """The ``.py`` of a newsgraph module named relative to the package (``nlp.geo``)."""
    return ROOT / (name.replace(".", "/") + ".py")


def status() -> list[Choice]:
    """The decision for every module in :data:`MODULES` (what this process would import)."""
    return [choose(name, source_of(name)) for name in MODULES]


def build_info() -> dict[str, str]:
    """Module name → how ``scripts/compile_rules.py`` last compiled it: "pgo" or "plain"
    (Cython), "mypyc pgo" or "mypyc plain"."""
    try:
        info = json.loads(BUILD_INFO.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in info.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(info, dict) else {}


def summary() -> str:
    """One line: how many rule modules run compiled (how many profile-guided), and which do not
    (and why)."""
    choices = status()
    used = [c for c in choices if c.use_extension]
    if not any(c.extension for c in choices):
        return "rule modules: pure Python (not compiled; scripts/compile_rules.py)"
    if os.environ.get(ENV, "").strip() == "1":
        return f"rule modules: pure Python ({ENV}=1)"
    info = build_info()
    pgo = sum(1 for c in used if info.get(c.name, "").endswith("pgo"))
    native = sum(1 for c in used if info.get(c.name, "").startswith("mypyc"))
    rest = ", ".join(f"{c.name} ({c.why})" for c in choices if not c.use_extension)
    return f"rule modules: {len(used)}/{len(choices)} compiled" + \
        (f" ({native} by mypyc)" if native else "") + f", {pgo} with PGO" + \
        (f"; pure: {rest}" if rest else "")


class Guard:
    """A ``sys.meta_path`` finder for newsgraph's submodules: where an extension module lies
    beside a module's ``.py``, the extension only when :func:`choose` says so, else the ``.py``;
    None (Python's usual search) where there is none. A few ``stat`` calls per submodule."""

    prefix = PACKAGE + "."

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if not path or not fullname.startswith(cls.prefix):
            return None
        leaf = fullname.rpartition(".")[2]
        for folder in path:
            source = Path(folder) / f"{leaf}.py"
            if not source.exists():
                if extension_for(source) is not None:
                    return None  # an extension without its source: Python's own search loads it
                continue
            choice = choose(fullname[len(cls.prefix):], source)
            if choice.extension is None:
                return None  # nothing compiled: Python's own search finds the .py
            if choice.use_extension:
                loader = importlib.machinery.ExtensionFileLoader(fullname, str(choice.extension))
                return importlib.util.spec_from_file_location(fullname, choice.extension,
                                                              loader=loader)
            return importlib.util.spec_from_file_location(fullname, source)
        return None

    @classmethod
    def invalidate_caches(cls) -> None:
        pass


def install() -> None:
    """Put :class:`Guard` first on ``sys.meta_path`` (once per process)."""
    if Guard not in sys.meta_path:
        sys.meta_path.insert(0, Guard)
