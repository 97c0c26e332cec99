"""Short CI version of the kill -9 crash test (benchmarks/crash_test.py runs ≥ 20 kills on 500)."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "crash_test", Path(__file__).resolve().parents[1] / "benchmarks" / "crash_test.py")
crash_test = importlib.util.module_from_spec(spec)
spec.loader.exec_module(crash_test)


def test_kill_and_restart_loses_nothing(tmp_path, shared):
    res = crash_test.run(articles=60, kills=4, seed=3, workers=1, workdir=tmp_path)
    assert res["lost"] == 0
    assert res["final"] == res["reference"], res
    assert res["survived_checks"] >= 1
