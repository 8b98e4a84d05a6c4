"""`symgd run OPTIMIZER --problem P`: run a numeric optimizer (compiled from its update rule) on a test
problem; print a table (or JSON), optionally draw the loss curve and, for 2-D problems, the trajectory
over the contour plot.  Exit 0 on a finished run, 1 if it diverged (NaN/Inf), 2 on bad input.

The reported time covers the steps only; the one-time warm-up (lambdify, or numba's start-up and the fused
kernel's compilation or cache load) is measured on an untimed first step and reported separately."""

from __future__ import annotations

import json
import math
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import typer

__all__ = ["register", "run_optimizer"]

# Methods whose step must respect the problem's curvature (1/L); adaptive and second-order methods
# keep their rule's default.
_GRADIENT_METHODS = frozenset({"gd", "sgd", "heavy_ball", "heavy_ball_ema", "nesterov"})
_PROGRESS_MIN_STEPS = 2000


def run_optimizer(name: str, problem: str, steps: int, backend: str = "numpy", hyper: dict[str, float] | None = None,
                  record: bool = False, progress: Any = None) -> tuple[Any, Any, dict[str, Any], float]:
    """Run optimizer ``name`` on ``problem`` for ``steps`` steps; return (problem, RunResult, hyperparameters used,
    warm-up seconds).  Divergence stops the run (reported in ``RunResult.diverged_at``).

    Before the timed run, the optimizer is built and takes one untimed step from the starting point (its
    result is thrown away): the one-time costs (lambdify for the numpy backend; numba's start-up and the
    kernel's compilation or on-disk cache load for the fused one) are the warm-up seconds, so
    ``RunResult.seconds`` covers only the steps (gradient, loss and update)."""
    from symgd.core.errors import BadInput
    from symgd.optim.optimizers import minimize, optimizer
    from symgd.optim.problems import make
    from symgd.optim.rules import RULES

    if name not in RULES and name != "sgd":
        raise BadInput(f"unknown optimizer {name!r}; known: {', '.join(sorted(RULES))}")
    if steps < 0:
        raise BadInput(f"--steps must be nonnegative, got {steps}")
    p = make(problem)
    hyper = dict(hyper or {})
    if "lr" not in hyper and name in _GRADIENT_METHODS and p.lr_hint is not None:
        hyper["lr"] = p.lr_hint
    if name == "newton":
        hyper["H"] = p.hessian
    if name == "preconditioned_gd":  # Jacobi: the inverse diagonal of the Hessian at the start
        hyper["P"] = np.diag(1.0 / np.abs(np.diag(p.hessian(p.x0))))
    callback = None if progress is None else (lambda k, x: progress(k))
    # Divergence is detected and reported (diverged_at), not warned about.
    with np.errstate(over="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        start = time.perf_counter()
        opt = optimizer(name, backend, on_nonfinite="stop", **hyper)
        x = np.array(p.x0, copy=True)
        opt.update(np.asarray(p.grad(x)), opt.init(x), x)  # warm-up: compile / cache load, result unused
        warmup = time.perf_counter() - start
        res = minimize(opt, p.grad, p.x0, steps, p.loss, record=record, callback=callback)
    used = {k: v for k, v in (opt.hyper or {}).items() if not callable(v) and np.ndim(v) == 0}
    return p, res, used, warmup


def _norm(x: np.ndarray) -> float:
    """Euclidean norm, inf (not a warning) when it overflows."""
    with np.errstate(over="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(np.linalg.norm(x))


def _plot(path: Path, name: str, p: Any, res: Any) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    two_d = p.dim == 2 and res.trajectory is not None
    fig, axes = plt.subplots(1, 2 if two_d else 1, figsize=(11 if two_d else 6, 4.5), squeeze=False)
    ax = axes[0, 0]
    losses = np.array(res.losses)
    if p.f_star is not None:
        gap = losses - p.f_star
        tiny = np.finfo(float).tiny
        ax.semilogy(np.arange(len(gap)), np.maximum(gap, tiny))
        ax.set_ylabel("f(x_k) - f*")
    else:
        ax.semilogy(np.arange(len(losses)), losses)
        ax.set_ylabel("f(x_k)")
    ax.set_xlabel("step k")
    ax.set_title(f"{name} on {p.name}")
    ax.grid(True, which="both", alpha=0.3)
    if two_d:
        ax = axes[0, 1]
        tr = np.array(res.trajectory)
        pts = tr if p.x_star is None else np.vstack([tr, p.x_star])
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        pad = 0.15 * np.maximum(hi - lo, 1e-3)
        xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], 200)
        ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], 200)
        Z = np.array([[p.loss(np.array([x, y])) for x in xs] for y in ys])
        floor = p.f_star if p.f_star is not None else Z.min()
        levels = floor + np.geomspace(max(Z.min() - floor, 1e-6 * (Z.max() - floor)) + 1e-12, Z.max() - floor, 25)
        ax.contour(xs, ys, Z, levels=np.unique(levels), cmap="viridis", linewidths=0.7)
        ax.plot(tr[:, 0], tr[:, 1], ".-", color="tab:red", markersize=2, linewidth=0.8, label=name)
        ax.plot(*tr[0], "o", color="black", label="start")
        if p.x_star is not None:
            ax.plot(*p.x_star, "*", color="gold", markersize=12, markeredgecolor="black", label="minimizer")
        ax.set_title("trajectory")
        ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", dpi=110)
    plt.close(fig)


def register(app: typer.Typer) -> None:
    """Add ``symgd run`` to the app."""

    @app.command("run")
    def run(
        optimizer: str = typer.Argument(..., help="gd, sgd, preconditioned_gd, newton, heavy_ball, heavy_ball_ema, "
                                        "nesterov, adagrad, adagrad_full, rmsprop, adam"),
        problem: str = typer.Option("quadratic", "--problem", "-p",
                                    help="quadratic, rosenbrock, logistic or linear-regression"),
        lr: float | None = typer.Option(None, help="learning rate (default: for gd, sgd, heavy_ball, heavy_ball_ema and "
                                        "nesterov the problem's stable step, 1/L where L is known; else the rule's)"),
        steps: int = typer.Option(200, help="number of steps"),
        backend: str = typer.Option("numpy", help="numpy, or fused (numba; elementwise rules only, not "
                                    "preconditioned_gd, newton, adagrad_full)"),
        b1: float | None = typer.Option(None, help="Adam's beta_1"),
        b2: float | None = typer.Option(None, help="Adam's beta_2"),
        eps: float | None = typer.Option(None, help="epsilon of adagrad, adagrad_full, rmsprop, adam"),
        mu: float | None = typer.Option(None, help="momentum of heavy_ball and nesterov"),
        gamma: float | None = typer.Option(None, help="EMA factor of heavy_ball_ema"),
        beta: float | None = typer.Option(None, help="EMA factor of rmsprop"),
        momentum: float | None = typer.Option(None, help="alias of --mu (heavy_ball, nesterov) or --gamma (heavy_ball_ema)"),
        plot: Path | None = typer.Option(None, help="write a PNG: loss curve, and the trajectory for 2-D problems"),
        json_: bool = typer.Option(False, "--json", help="machine-readable output"),
    ) -> None:
        """Run an optimizer on a test problem: final loss, gradient norm, steps and time per step (the one-time
        warm-up, e.g. numba's compilation, is reported separately).  Exit 1 if the run diverged."""
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        from symgd.core.errors import BadInput
        from symgd.optim.problems import PROBLEMS

        if problem not in PROBLEMS:
            raise BadInput(f"unknown problem {problem!r}; known: {', '.join(PROBLEMS)}")
        if plot is not None and plot.suffix.lower() != ".png":
            raise BadInput(f"--plot writes PNG: the file name must end in .png, got {str(plot)!r}")
        hyper = {k: v for k, v in dict(lr=lr, b1=b1, b2=b2, eps=eps, mu=mu, gamma=gamma, beta=beta).items()
                 if v is not None}
        if momentum is not None:
            target = "gamma" if optimizer == "heavy_ball_ema" else "mu"
            if target in hyper:
                raise BadInput(f"give --momentum or --{target}, not both")
            hyper[target] = momentum

        console = Console(stderr=json_)
        record = plot is not None
        if steps >= _PROGRESS_MIN_STEPS and not json_:
            from rich.progress import Progress

            with Progress(console=console, transient=True) as bar:
                task = bar.add_task(f"{optimizer} on {problem}", total=steps)
                every = max(1, steps // 200)

                def tick(k: int) -> None:
                    if k % every == 0 or k == steps:
                        bar.update(task, completed=k)

                p, res, used, warmup = run_optimizer(optimizer, problem, steps, backend, hyper, record, tick)
        else:
            p, res, used, warmup = run_optimizer(optimizer, problem, steps, backend, hyper, record)

        loss = res.losses[-1] if res.losses else float("nan")
        gnorm = res.grad_norms[-1] if res.grad_norms else float("nan")
        out: dict[str, Any] = {
            "optimizer": optimizer, "problem": p.name, "backend": backend, "hyper": used,
            "steps": res.steps, "seconds": res.seconds,
            "per_step_seconds": res.seconds / res.steps if res.steps else None, "warmup_seconds": warmup,
            "loss0": res.losses[0] if res.losses else None,
            "loss": loss, "grad_norm": gnorm, "f_star": p.f_star,
            "gap": None if p.f_star is None else loss - p.f_star,
            "distance": None if p.x_star is None else _norm(res.params - p.x_star),
            "params": np.asarray(res.params).tolist(), "diverged_at": res.diverged_at,
            "plot": None,
        }
        if plot is not None:
            _plot(plot, optimizer, p, res)
            out["plot"] = str(plot)
        if json_:
            print(json.dumps({k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in out.items()},
                             indent=1))
        else:
            table = Table(title=escape(f"{optimizer} on {p.name} ({backend})"), show_header=False)
            table.add_row("hyperparameters", escape(", ".join(f"{k}={v:.4g}" for k, v in used.items())))
            table.add_row("steps", str(res.steps))
            table.add_row("loss", f"{out['loss0']:.6g} -> {loss:.6g}" if res.losses else "-")
            if out["gap"] is not None:
                table.add_row("gap f - f*", f"{out['gap']:.3e}")
            table.add_row("gradient norm", f"{gnorm:.3e}")
            if out["distance"] is not None:
                table.add_row("distance to x*", f"{out['distance']:.3e}")
            per_step = f", {1e6 * res.seconds / res.steps:.1f} µs/step" if res.steps else ""
            table.add_row("time", f"{res.seconds:.3f} s{per_step}")
            # one-time costs, kept out of the per-step time: numba start-up + compile or cache load, lambdify
            table.add_row("warm-up (untimed)",
                          f"{warmup:.3f} s" + (" (numba compile/load)" if backend == "fused" else " (lambdify)"))
            if plot is not None:
                table.add_row("plot", escape(str(plot)))
            console.print(table)
        if res.diverged_at is not None:
            console.print(f"[red]diverged[/]: NaN/Inf at step {res.diverged_at}; try a smaller --lr")
            raise typer.Exit(1)
