"""The catalogue: one module per result of the documents, each exposing ``derive() -> Derivation``.

The tuple below is the registry, listed explicitly (no scanning); a test fails when a module in
this package is missing from it.
"""

from __future__ import annotations

from types import ModuleType

from . import (
    adam_bias,
    adaptive,
    bea_gd_orders,
    bea_momentum,
    bowl_trajectory,
    conditioning,
    convexity,
    descent_lemma,
    double_well,
    empirical_rate,
    fisher_kl,
    full_gradient_cost,
    gd_rate_convex,
    gd_vs_flow_general,
    linear_regression,
    local_model,
    modified_loss,
    modified_quadratic,
    momentum,
    natural_gradient,
    newton_direction,
    preconditioning,
    quadratic_rates,
    rate_gd_strongly_convex,
    rate_gd_tight,
    smooth_convergence,
    step_size_sweep,
    taylor_descent,
    trust_region,
)

__all__ = ["MODULES", "by_name"]

MODULES: tuple[ModuleType, ...] = (
    local_model,
    trust_region,
    modified_quadratic,
    gd_vs_flow_general,
    modified_loss,
    bea_gd_orders,
    bea_momentum,
    adam_bias,
    convexity,
    descent_lemma,
    gd_rate_convex,
    conditioning,
    preconditioning,
    newton_direction,
    momentum,
    adaptive,
    taylor_descent,
    quadratic_rates,
    smooth_convergence,
    bowl_trajectory,
    double_well,
    step_size_sweep,
    empirical_rate,
    linear_regression,
    full_gradient_cost,
    natural_gradient,
    fisher_kl,
    rate_gd_tight,
    rate_gd_strongly_convex,
)


def by_name() -> dict[str, ModuleType]:
    """The registered modules by their short name (``local_model`` ...)."""
    return {m.__name__.rsplit(".", 1)[-1]: m for m in MODULES}
