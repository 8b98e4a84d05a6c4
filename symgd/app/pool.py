"""Worker processes for checks that fork once per budgeted computation (see :mod:`symgd.core.budget`).

A fork copies the page tables of the forking process, and its exit tears them down again: from a process that has
loaded torch, JAX or cvxpy (a test runner that ran their tests, a notebook) each budgeted fork costs several times
the system time it costs from a process holding only SymPy and symgd.  ``lean=True`` starts the workers from a
fork server that holds only those, so the budgeted forks inside them stay cheap whatever the caller has loaded.
The tasks and their results then travel pickled (a module-level function and plain data)."""

from __future__ import annotations

import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor

__all__ = ["LEAN_PRELOAD", "worker_pool"]

# What the fork server imports once, so that each worker starts with it: the engine and the LaTeX reader.
LEAN_PRELOAD = ["sympy", "symgd.decide.verify", "symgd.latex.check"]


def worker_pool(jobs: int, lean: bool = False) -> ProcessPoolExecutor:
    """``jobs`` worker processes: forked from this process, or with ``lean`` from a fork server (see above)."""
    if not lean:
        return ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork"))
    context = mp.get_context("forkserver")
    context.set_forkserver_preload(LEAN_PRELOAD)
    return ProcessPoolExecutor(jobs, mp_context=context)
