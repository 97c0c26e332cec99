"""spaCy compiled without Cython profiling (scripts/spacy_without_profiling.py, run by make)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import sysconfig
from pathlib import Path

import pytest

from newsgraph.nlp.fast_ops import spacy_build

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("spacy_without_profiling",
                                              ROOT / "scripts" / "spacy_without_profiling.py")
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)


def test_patch_turns_profiling_off_and_leaves_a_marker(tmp_path):
    (tmp_path / "spacy").mkdir()
    (tmp_path / "setup.py").write_text(
        "COMPILER_DIRECTIVES = {\n    \"language_level\": -3,\n    " + tool.PROFILE_LINE + "\n}\n")
    tool.patch_setup(tmp_path)
    text = (tmp_path / "setup.py").read_text()
    assert '"profile": False,' in text and tool.PROFILE_LINE not in text
    assert "PROFILE = False" in (tmp_path / "spacy" / f"{tool.MARKER}.py").read_text()


def test_patch_refuses_a_setup_py_it_does_not_know(tmp_path):
    (tmp_path / "spacy").mkdir()
    (tmp_path / "setup.py").write_text('COMPILER_DIRECTIVES = {"profile": True}\n')
    with pytest.raises(RuntimeError, match="not patched"):
        tool.patch_setup(tmp_path)


def test_links_are_read_from_a_simple_index_page():
    links = tool._Links()
    links.feed('<a href="../../packages/ab/spacy-3.8.18.tar.gz#sha256=00ff">spacy-3.8.18.tar.gz</a>'
               '<a href="x.whl">x</a>')
    assert links.hrefs == ["../../packages/ab/spacy-3.8.18.tar.gz#sha256=00ff", "x.whl"]


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="PyPI wheels have no profiling hooks")
def test_the_installed_spacy_was_built_without_profiling():
    """make install builds it; without a C++ compiler or Python headers it cannot, and says so."""
    if shutil.which("c++") is None or \
            not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        pytest.skip("no C++ compiler or Python headers: the PyPI spaCy wheel stays (slower)")
    assert tool.built_without_profiling(), spacy_build()
    assert "without profiling" in spacy_build()
