"""Time one Adam step on N float32 parameters split over T tensors (default 10,000,000 over 100) through the
optimizers generated from the ADAM rule (symgd.optim.torch, symgd.optim.optax) against the frameworks' own:

* the multi-tensor path (generated ``torch._foreach_*`` calls) vs ``torch.optim.Adam(foreach=True)``;
* the compiled path (``torch.compile`` of the generated single-tensor step over the whole group, one call per
  step) vs ``torch.optim.Adam(fused=True)``;
* the optax transformation vs ``optax.adam``, each step one ``jax.jit`` call (buffers donated, so in place).

Median (and min) of repeated steps after warm-up, each pair interleaved round by round so both see the same
machine load.  Targets (issue 16): multi-tensor >= 0.9x the speed of torch's foreach Adam, compiled >= 0.9x
torch's fused Adam.  ``--strict`` turns a missed target into exit code 1.  The compile time of the compiled
path (first step) is printed too.

Size: ``--size N --tensors T`` or the environment variable ``SYMGD_BENCH_SIZE``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from _timing import interleaved  # bench/ is on sys.path when a benchmark runs as a script

from symgd.optim import rules
from symgd.optim import torch as symgd_torch

THREADS = 2
HYPER = {"lr": 1e-3, "b1": 0.9, "b2": 0.999, "eps": 1e-8}


def torch_params(n: int, k: int) -> tuple[list[torch.nn.Parameter], list[torch.Tensor]]:
    gen = torch.Generator().manual_seed(0)
    sizes = [n // k + (i < n % k) for i in range(k)]
    ps = [torch.nn.Parameter(torch.randn(s, generator=gen)) for s in sizes]
    gs = [torch.randn(s, generator=gen) * 1e-3 for s in sizes]
    for p, g in zip(ps, gs, strict=True):
        p.grad = g
    return ps, gs


def stepper(make: Callable[[list[torch.nn.Parameter]], torch.optim.Optimizer], n: int, k: int) -> Callable[[], None]:
    ps, _ = torch_params(n, k)
    opt = make(ps)
    return opt.step


def torch_rows(n: int, k: int, repeats: int) -> list[tuple[str, str, list[float], list[float]]]:
    ours_foreach = stepper(lambda ps: symgd_torch.Adam(ps, impl="foreach", **HYPER), n, k)
    theirs_foreach = stepper(lambda ps: torch.optim.Adam(ps, lr=1e-3, foreach=True), n, k)
    t = interleaved({"ours": ours_foreach, "theirs": theirs_foreach}, repeats)
    rows = [("multi-tensor (generated _foreach_*)", "Adam(foreach=True)", t["ours"], t["theirs"])]
    compiled = stepper(lambda ps: symgd_torch.Adam(ps, impl="compiled", **HYPER), n, k)
    start = time.perf_counter()
    compiled()  # torch.compile: trace, generate and build the C++ kernels
    print(f"compiled path: first step (torch.compile + inductor C++ build) {time.perf_counter() - start:.1f} s",
          flush=True)
    theirs_fused = stepper(lambda ps: torch.optim.Adam(ps, lr=1e-3, fused=True), n, k)
    t = interleaved({"ours": compiled, "theirs": theirs_fused}, repeats)
    rows.append(("compiled (torch.compile of the printed step)", "Adam(fused=True)", t["ours"], t["theirs"]))
    return rows


def optax_row(n: int, k: int, repeats: int) -> tuple[str, str, list[float], list[float]] | None:
    try:
        import jax
        import jax.numpy as jnp
        import optax

        from symgd.optim.optax import transformation
    except ImportError as exc:  # the jax extra is optional
        print(f"optax: skipped ({exc})")
        return None
    rng = np.random.default_rng(0)
    sizes = [n // k + (i < n % k) for i in range(k)]
    grads = [jnp.asarray(rng.standard_normal(s, dtype=np.float32) * np.float32(1e-3)) for s in sizes]

    def make(tx: optax.GradientTransformation) -> Callable[[], None]:
        params = [jnp.asarray(rng.standard_normal(s, dtype=np.float32)) for s in sizes]
        box = [params, tx.init(params)]

        def step(params, state, grads):
            updates, state = tx.update(grads, state, params)
            return optax.apply_updates(params, updates), state

        step = jax.jit(step, donate_argnums=(0, 1))

        def run() -> None:
            box[0], box[1] = step(box[0], box[1], grads)
            jax.block_until_ready(box[0])

        return run

    t = interleaved({"ours": make(transformation(rules.ADAM, **HYPER)), "theirs": make(optax.adam(1e-3))}, repeats)
    return ("optax transformation (jax.jit)", "optax.adam (jax.jit)", t["ours"], t["theirs"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=int(os.environ.get("SYMGD_BENCH_SIZE", 10_000_000)))
    parser.add_argument("--tensors", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    n, k = args.size, args.tensors
    print(f"Adam on {n:,} float32 parameters in {k} tensors; torch {torch.__version__} "
          f"({torch.get_num_threads()} threads), {os.cpu_count()} CPUs; median / min of {args.repeats} steps "
          "after warm-up, ours and theirs interleaved.")
    rows = torch_rows(n, k, args.repeats)
    row = optax_row(n, k, args.repeats)
    if row:
        rows.append(row)
    med = statistics.median
    header = f"{'symgd path':46s} {'ms':>13s} | {'peer':22s} {'ms':>13s} | {'speed ratio':>11s} {'paired':>6s}"
    print(header)
    print("-" * len(header))
    failures = []
    for name, peer, ours, theirs in rows:
        ratio = (med(theirs) / med(ours), min(theirs) / min(ours))
        paired = med(b / a for a, b in zip(ours, theirs, strict=True))  # the same round: the same machine load
        print(f"{name:46s} {med(ours) * 1e3:6.2f}/{min(ours) * 1e3:6.2f} | {peer:22s} "
              f"{med(theirs) * 1e3:6.2f}/{min(theirs) * 1e3:6.2f} | {ratio[0]:5.2f}/{ratio[1]:5.2f} {paired:6.2f}")
        if peer.startswith("Adam(") and ratio[0] < 0.9:
            failures.append(f"{name}: {ratio[0]:.2f}x the speed of {peer} (median; target >= 0.9x)")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} (1, 5, 15 min) on {os.cpu_count()} CPUs.")
    print("speed ratio = peer time / symgd time (> 1: symgd faster), of the medians / of the minima; paired: median "
          "over rounds of the ratio within a round (ours and theirs run back to back); targets: multi-tensor >= 0.9x torch's foreach "
          "Adam, compiled >= 0.9x torch's fused Adam (the optax row is reported, no target).")
    if failures:
        print("targets MISSED (times on a loaded machine are inflated; re-run on a quiet one): " + "; ".join(failures))
    else:
        print("targets met (medians)")
    return 1 if failures and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
