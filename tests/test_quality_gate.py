"""CI runs the quick quality gate: accuracy below a floor in benchmarks/floors.json fails the build."""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def test_quick_quality_gate(shared):
    proc = subprocess.run([sys.executable, "quality_gate.py", "--quick", "--no-append"], cwd=BENCH,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "BELOW FLOOR" not in proc.stdout and "MISSING" not in proc.stdout
