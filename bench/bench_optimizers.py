"""Time one optimizer step on N float32 parameters (default 10,000,000): the fused backend (in-place
``step_``), the numpy backend (pure ``update``) and torch.optim (``fused=True`` where torch has it,
``foreach=True`` otherwise), median of repeated runs after warm-up, fused and torch interleaved so both
see the same machine load.  The fused step includes its NaN/Inf checks (parameters, gradient, new parameters
and new states, counted in the same pass over memory; torch checks nothing).  Also: the memory-bandwidth bound measured with streaming numba kernels over
arrays of the same size, each fused optimizer's achieved GB/s for its array traffic and its ratio to the
bound, and the compile time of the fused kernels, cold (empty cache, fresh process) and cached.

Targets (issue 4): fused Adam at least 0.9x the speed of torch's fused Adam in the same run; every fused
optimizer within 1.5x of the bandwidth bound.  ``--strict`` turns a missed target into exit code 1.

Size: ``--size N`` or the environment variable ``SYMGD_BENCH_SIZE`` (e.g. 1000000 for a quick run).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import numba
import numpy as np
import torch
from numba import njit, prange

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from _timing import interleaved  # bench/ is on sys.path when a benchmark runs as a script

from symgd.optim import optimizers
from symgd.optim.rules import RULES

THREADS = 2
DTYPE = np.float32
ITEM = np.dtype(DTYPE).itemsize

# name -> (hyperparameters, torch optimizer class name, torch kwargs giving the same method, variant)
# The torch mappings are those documented (and tested) in symgd.optim.optimizers.
CASES: dict[str, tuple[dict, str, dict]] = {
    "gd": ({"lr": 0.01}, "SGD", {"lr": 0.01}),
    "heavy_ball_ema": ({"lr": 0.01, "gamma": 0.9}, "SGD", {"lr": 0.01 * (1 - 0.9), "momentum": 0.9}),
    "heavy_ball": ({"lr": 0.01, "mu": 0.9}, "SGD", {"lr": 0.01, "momentum": 0.9}),
    "nesterov": ({"lr": 0.01, "mu": 0.9}, "SGD", {"lr": 0.01, "momentum": 0.9, "nesterov": True}),
    "adagrad": ({"lr": 0.01, "eps": 1e-8}, "Adagrad", {"lr": 0.01, "eps": 0.0, "initial_accumulator_value": 1e-8}),
    "rmsprop": ({"lr": 0.01, "beta": 0.99, "eps": 1e-8}, "RMSprop", {"lr": 0.01, "alpha": 0.99, "eps": 1e-8}),
    "adam": ({"lr": 1e-3, "b1": 0.9, "b2": 0.999, "eps": 1e-8}, "Adam",
             {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8}),
}
TORCH_FUSED = {"SGD", "Adagrad", "Adam", "AdamW"}  # CPU fused implementations in torch 2.13


# --- the bandwidth bound: streaming kernels with no arithmetic to speak of ------------------------------

@njit(parallel=True, fastmath=False)
def _scale(a, s):  # read a, write a: 2 arrays
    for i in prange(a.shape[0]):
        a[i] = s * a[i]


@njit(parallel=True, fastmath=False)
def _axpy(a, b, s):  # read a, b, write a: 3 arrays (GD's traffic)
    for i in prange(a.shape[0]):
        a[i] = a[i] + s * b[i]


@njit(parallel=True, fastmath=False)
def _axpy2(a, b, c, s):  # read a, b, c, write a, c: 5 arrays (one-state optimizers' traffic)
    for i in prange(a.shape[0]):
        bi = b[i]
        a[i] = a[i] + s * bi
        c[i] = c[i] + s * bi


@njit(parallel=True, fastmath=False)
def _axpy3(a, b, c, d, s):  # read a, b, c, d, write a, c, d: 7 arrays (Adam's traffic)
    for i in prange(a.shape[0]):
        bi = b[i]
        a[i] = a[i] + s * bi
        c[i] = c[i] + s * bi
        d[i] = d[i] + s * bi


def median_time(fn: Callable[[], object], repeats: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bandwidth(n: int, repeats: int) -> tuple[float, dict[str, float]]:
    """GB/s of each streaming kernel (in place, so the counted bytes are the bytes moved: no write-allocate
    reads of a separate output array); the bound is the best of them."""
    arrays = [np.full(n, 1.0, DTYPE) for _ in range(4)]
    a, b, c, d = arrays
    s = DTYPE(1e-7)
    kernels = {
        "scale (2 arrays)": (lambda: _scale(a, DTYPE(1.0)), 2),
        "axpy (3 arrays)": (lambda: _axpy(a, b, s), 3),
        "axpy x2 (5 arrays)": (lambda: _axpy2(a, b, c, s), 5),
        "axpy x3 (7 arrays)": (lambda: _axpy3(a, b, c, d, s), 7),
    }
    rates = {}
    for name, (fn, k) in kernels.items():
        rates[name] = k * ITEM * n / median_time(fn, repeats, warmup=3) / 1e9
    return max(rates.values()), rates


# --- traffic and timing of the optimizers --------------------------------------------------------------

def traffic(name: str) -> tuple[int, int]:
    """(arrays read, arrays written) per step by the fused kernel: the parameter and the per-coordinate
    states are read (when their old value is used) and written; the gradient is read."""
    rule = RULES[name]
    new = rule.step()
    used = set().union(*(e.free_symbols for e in new.values()))
    scalar = set(rule.scalar_states())
    arrays = [s for s, _ in rule.state if s not in scalar]
    reads = 1 + (rule.param in used) + sum(s in used for s in arrays)
    return reads, 1 + len(arrays)


def _stream_for(k: int, n: int) -> tuple[Callable[[], object], int]:
    """A streaming kernel with the traffic of a fused optimizer with k per-coordinate states
    (read the parameter, the gradient and k states; write the parameter and k states)."""
    a, b, c, d = (np.full(n, 1.0, DTYPE) for _ in range(4))
    s = DTYPE(1e-7)
    if k == 0:
        return (lambda: _axpy(a, b, s)), 3
    if k == 1:
        return (lambda: _axpy2(a, b, c, s)), 5
    if k == 2:
        return (lambda: _axpy3(a, b, c, d, s)), 7
    raise ValueError(f"no streaming kernel for {k} states")


def time_optimizer(name: str, n: int, repeats: int, numpy_repeats: int) -> dict[str, object]:
    """Times (lists of seconds) of the fused step, torch's step and the streaming kernel with the same
    traffic, interleaved round by round (same machine load); then the numpy backend."""
    hyper, torch_cls, torch_kw = CASES[name]
    rng = np.random.default_rng(0)
    x0 = rng.standard_normal(n, dtype=DTYPE)
    g = (rng.standard_normal(n, dtype=DTYPE) * DTYPE(1e-3)).astype(DTYPE)

    opt = optimizers.optimizer(name, "fused", **hyper)
    x = x0.copy()
    state = [opt.init(x)]

    def fused_step() -> None:
        state[0] = opt.step_(g, state[0], x)

    tp = torch.nn.Parameter(torch.from_numpy(x0.copy()))
    tp.grad = torch.from_numpy(g.copy())
    variant = "fused" if torch_cls in TORCH_FUSED else "foreach"
    topt = getattr(torch.optim, torch_cls)([tp], **torch_kw, **{variant: True})
    reads, writes = traffic(name)
    stream, _ = _stream_for(writes - 1, n)

    fns = {"stream": stream, "fused": fused_step, "torch": topt.step}
    times = interleaved(fns, repeats)  # warm-up: compile or cache load, first-touch page faults, torch state

    nopt = optimizers.optimizer(name, "numpy", **hyper)
    xn = x0.copy()
    nstate = [nopt.init(xn)]

    def numpy_step() -> None:
        nonlocal xn
        xn, nstate[0] = nopt.update(g, nstate[0], xn)

    return {**times, "numpy": median_time(numpy_step, numpy_repeats, warmup=1), "torch_variant": variant,
            "traffic": (reads, writes)}


# --- compile time ---------------------------------------------------------------------------------------

_CHILD = textwrap.dedent(
    """
    import json, sys, time
    import numpy as np
    sys.path.insert(0, {root!r})
    from symgd.optim import fused, optimizers
    n = fused.PARALLEL_MIN_SIZE  # the parallel kernel, the one large arrays run
    x = np.ones(n, dtype=np.float32)
    for name in {names!r}:
        opt = optimizers.optimizer(name, "fused")
        opt.step_(np.ones(n, dtype=np.float32), opt.init(x), x)
    print(json.dumps(fused.COMPILE_LOG))
    """
)


def compile_times(names: list[str]) -> tuple[dict[str, float], dict[str, float]]:
    """Seconds of the first float32 step of each fused optimizer in a fresh process: with an empty kernel
    cache (numba compiles) and again with the cache that run left (numba loads machine code)."""
    root = str(Path(__file__).resolve().parents[1])
    code = _CHILD.format(root=root, names=names)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, SYMGD_CACHE_DIR=tmp)
        for _ in range(2):
            proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
            log = json.loads(proc.stdout.strip().splitlines()[-1])
            out.append({rule: sec for rule, _, sec in log})
    return out[0], out[1]


# --- the machine ----------------------------------------------------------------------------------------

SIMD = ("sse4_2", "avx", "fma", "avx2", "avx512f", "avx512bw", "avx512vl", "neon", "asimd", "sve")


def cpu_line() -> str:
    """The CPU model, its SIMD flags (from /proc/cpuinfo) and the CPU numba compiles for: the vector width of
    the fused kernels depends on them (without AVX2, 64-bit integer lanes exist only at 128 bits)."""
    model, flags = "unknown CPU", set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("model name", "Model") and model == "unknown CPU":
                model = value.strip()
            elif key.strip() in ("flags", "Features") and not flags:
                flags = set(value.split())
    except OSError:
        pass
    import llvmlite.binding as llvm

    target = os.environ.get("NUMBA_CPU_NAME") or llvm.get_host_cpu_name()
    have = [f for f in SIMD if f in flags]
    lacks = [f for f in ("avx2", "avx512f") if flags and f not in flags]
    return (f"CPU: {model}; SIMD flags: {' '.join(have) or 'none found'}"
            + (f" (no {', no '.join(lacks)})" if lacks else "") + f"; numba compiles for: {target}")


# --- main -----------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=int(os.environ.get("SYMGD_BENCH_SIZE", 10_000_000)))
    parser.add_argument("--repeats", type=int, default=30, help="timed fused/torch steps per optimizer")
    parser.add_argument("--numpy-repeats", type=int, default=5, help="timed numpy-backend steps per optimizer")
    parser.add_argument("--only", nargs="*", default=None, help="optimizer names (default: every elementwise one)")
    parser.add_argument("--threads", type=int, default=THREADS,
                        help="threads for numba and torch alike (1 gives steadier ratios on a loaded machine)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    n = args.size
    names = args.only or [k for k in CASES if RULES[k].elementwise]

    torch.set_num_threads(args.threads)
    numba.set_num_threads(min(args.threads, numba.config.NUMBA_NUM_THREADS))
    print(cpu_line(), flush=True)
    cold, warm = compile_times(names)
    _, rates = bandwidth(n, max(10, args.repeats // 2))
    print(f"{n:,} float32 parameters; threads: numba {numba.get_num_threads()} ({numba.threading_layer()} layer), "
          f"torch {torch.get_num_threads()} (torch.set_num_threads({args.threads})), the same for a fair comparison; "
          f"torch {torch.__version__}, numba {numba.__version__}, numpy {np.__version__}, {os.cpu_count()} CPUs.  "
          f"Median of {args.repeats} steps after warm-up (numpy backend: {args.numpy_repeats}); "
          "fused and torch steps interleaved.")
    print("memory bandwidth (numba streaming kernels, in place): "
          + ", ".join(f"{k} {v:.1f} GB/s" for k, v in rates.items()) + " (medians)")

    med, best = statistics.median, min
    header = (f"{'optimizer':15s} {'traffic':>7s} | {'fused ms':>13s} {'GB/s':>11s} {'stream GB/s':>11s} "
              f"{'x bound':>11s} | "
              f"{'torch ms':>13s} {'torch':>7s} {'torch/fused':>11s} {'paired':>6s} | {'numpy ms':>8s} {'numpy/fused':>11s} | "
              f"{'compile s':>9s} {'cached s':>8s}")
    print("\nEach pair of numbers: median / min over the timed steps.")
    print(header)
    print("-" * len(header))
    failures: list[str] = []
    rows = []
    for name in names:
        r = time_optimizer(name, n, args.repeats, args.numpy_repeats)
        reads, writes = r["traffic"]
        nbytes = (reads + writes) * ITEM * n
        f, t, s = r["fused"], r["torch"], r["stream"]
        gbs = (nbytes / med(f) / 1e9, nbytes / best(f) / 1e9)
        xb = (med(f) / med(s), best(f) / best(s))  # against the streaming kernel with the same traffic, same moment
        sgb = (nbytes / med(s) / 1e9, nbytes / best(s) / 1e9)
        sp = (med(t) / med(f), best(t) / best(f))
        paired = med(b / a for a, b in zip(f, t, strict=True))  # within a round: the same machine load
        rows.append((name, med(f), xb[0], sp[0]))
        print(f"{name:15s} {f'{reads}R+{writes}W':>7s} | {med(f) * 1e3:6.2f}/{best(f) * 1e3:6.2f} "
              f"{gbs[0]:5.1f}/{gbs[1]:5.1f} {sgb[0]:5.1f}/{sgb[1]:5.1f} {xb[0]:5.2f}/{xb[1]:5.2f} | "
              f"{med(t) * 1e3:6.2f}/{best(t) * 1e3:6.2f} "
              f"{r['torch_variant']:>7s} {sp[0]:5.2f}/{sp[1]:5.2f} {paired:6.2f} | {r['numpy'] * 1e3:8.1f} "
              f"{r['numpy'] / med(f):11.1f} | {cold.get(name, float('nan')):9.2f} {warm.get(name, float('nan')):8.2f}")
        if xb[0] > 1.5:
            failures.append(f"{name}: {xb[0]:.2f}x the bandwidth bound (median; target <= 1.5x)")
        if name == "adam" and sp[0] < 0.9:
            failures.append(f"adam: {sp[0]:.2f}x the speed of torch's fused Adam (median; target >= 0.9x)")
    print("\ntraffic: arrays read + written per step, 4 bytes each.  stream GB/s: a numba streaming kernel with the "
          "same traffic (the bandwidth bound for it), timed interleaved with the fused and torch steps; x bound: "
          "fused time / stream time.  torch/fused > 1: the fused backend is faster; paired: median over rounds of "
          "torch/fused within a round.  numpy: the pure update of the numpy backend "
          "(allocates temporaries).  compile s: first step in a fresh process with an empty kernel cache; "
          "cached s: the same with the on-disk cache (numba loads the machine code; the first kernel of a process also "
          "pays numba's one-time start-up: runtime, thread pool).")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} (1, 5, 15 min) on {os.cpu_count()} CPUs.")
    if failures:
        print("targets MISSED (times on a loaded machine are inflated; re-run on a quiet one): " + "; ".join(failures))
    else:
        print("targets met (medians): fused Adam >= 0.9x the speed of torch's fused Adam; every fused optimizer "
              "within 1.5x of the bandwidth bound")
    return 1 if failures and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
