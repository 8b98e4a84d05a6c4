"""The optimizer room: update rules as SymPy expressions (``rules``), the optax-style optimizer
base and numpy backend (``optimizers``), the fused numba backend (``fused``) and test problems
(``problems``). Imports core only; torch and jax are optional and loaded on use.
"""
