"""The optimizer room: update rules as SymPy expressions (``rules``), the optax-style optimizer
base and numpy backend (``optimizers``), the fused numba backend (``fused``), the front end shared by the
array backends (``codegen``), torch.optim optimizers (``torch``, the extra ``symgd[torch]``), optax
transformations (``optax``, the extra ``symgd[jax]``) and test problems (``problems``).  Imports core only;
torch and jax are optional and loaded only by ``symgd.optim.torch`` and ``symgd.optim.optax``.
"""
