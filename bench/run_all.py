"""`make bench`: run every benchmark script of this folder in turn (each prints its own table)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPTS = ("bench_optimizers.py", "bench_export.py", "bench_check.py", "bench_derive.py", "bench_rates.py", "bench_bea.py",
           "bench_first_draws.py")  # explicit, in this order


def main() -> int:
    here = Path(__file__).parent
    code = 0
    for name in SCRIPTS:
        script = here / name
        if not script.exists():  # listed but gone: a benchmark silently missing must not look like a pass
            print(f"== {name}: MISSING", file=sys.stderr)
            code = 1
            continue
        print(f"== {name}", flush=True)
        code |= subprocess.call([sys.executable, str(script)])
    return code


if __name__ == "__main__":
    sys.exit(main())
