"""Time `symgd derive --all` end to end (cold process), and each derivation's verification."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "symgd.app.cli", "derive", "--all", "--out", tmp],
                              capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        status = json.loads((Path(tmp) / "verify.json").read_text())
    print(f"symgd derive --all: {wall:.1f} s wall (exit {proc.returncode}), {len(status)} derivations")
    for name, rec in status.items():
        print(f"  {name:28s} {rec['seconds']:6.2f} s  {'ok' if rec['ok'] else 'FAILED'}")


if __name__ == "__main__":
    main()
