"""Short CI version of benchmarks/load_test.py: reads keep working while an ingest writes."""

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
spec = importlib.util.spec_from_file_location(
    "load_test", Path(__file__).resolve().parents[1] / "benchmarks" / "load_test.py")
load_test = importlib.util.module_from_spec(spec)
spec.loader.exec_module(load_test)


def test_reads_during_ingest_and_second_writer(tmp_path, shared):
    res = load_test.run(clients=10, seconds=8, articles=12, workdir=tmp_path, base_articles=20)
    assert res["requests"] > 20
    assert res["errors"] == 0, res["error_samples"]
    assert res["ingest_rc"] == 0, res["ingest"]
    assert res["ingest"]["ingested"] == 12 and res["ingest"]["duplicates"] == 20, res["ingest"]
    assert res["stats"]["articles"] == 32
    assert res["ingest"]["via"].startswith("http://127.0.0.1")
    assert res["second_writer_rc"] == 2 and "E051" in res["second_writer_message"]
    assert "Traceback" not in res["second_writer_message"]
    assert res["sidecar_removed"]
