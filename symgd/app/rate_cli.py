"""`symgd rate`: the tight worst case of a first-order method, numerically (SDP) and with an exact certificate."""

from __future__ import annotations

import typer

__all__ = ["register"]

METRIC_TEXT = {"gap": "f(x_N) - f_*", "distance": "||x_N - x_*||^2", "gradient": "||grad f(x_N)||^2"}
INITIAL_TEXT = {"distance": "||x_0 - x_*||^2 <= R^2", "gap": "f(x_0) - f_* <= R^2"}


def _fraction_text(q: object) -> str:
    from fractions import Fraction

    q = Fraction(q)  # type: ignore[arg-type]
    return str(q) if q.denominator < 10**10 else f"{float(q):.12g} (a rational with {len(str(q.denominator))}-digit denominator)"


def register(app: typer.Typer) -> None:
    """Add this module's command(s) to the symgd app."""

    @app.command()
    def rate(
        method: str = typer.Argument(..., help="gd, nesterov, ogm or heavy_ball"),
        steps: int = typer.Option(None, "--steps", "-N", help="number of steps N (not for heavy_ball)"),
        smooth: str = typer.Option("1", "--smooth", help="L, the smoothness constant (exact: 1, 2.5, 1/3)"),
        strongly_convex: str = typer.Option("0", "--strongly-convex", help="mu >= 0, the strong convexity constant"),
        metric: str = typer.Option("gap", "--metric", help="gap, distance or gradient (at x_N)"),
        initial: str = typer.Option("distance", "--initial", help="distance (||x_0 - x_*||^2 <= R^2) or gap"),
        step_size: str = typer.Option("1", "--step-size", help="gd only: the step h/L, give h"),
        json_: bool = typer.Option(False, "--json", help="one JSON object (exact numbers as strings) instead of text"),
    ) -> None:
        """Worst case of METRIC after N steps over L-smooth mu-strongly convex functions (performance estimation):
        the SDP's value, the bound proved by an exact rational certificate, and its status.  Exit 0 when the
        certificate is proved, 1 when it is undecided."""
        from symgd.core.errors import BadInput

        if method == "heavy_ball":
            from symgd.rates.spectral import heavy_ball_rate

            if steps is not None:
                raise BadInput("heavy_ball's rate is asymptotic (a spectral radius on quadratics): drop --steps")
            if metric != "gap" or initial != "distance" or step_size != "1":
                raise BadInput("heavy_ball takes only --smooth and --strongly-convex (Polyak's parameters)")
            r = heavy_ball_rate(_exact(smooth, "--smooth"), _exact(strongly_convex, "--strongly-convex"))
            if json_:
                import json

                typer.echo(json.dumps({"method": "heavy_ball", "L": smooth, "mu": strongly_convex, "alpha": str(r.alpha),
                                       "beta": str(r.beta), "rate": str(r.rho), "rate_float": float(r.rho),
                                       "attained_at_eigenvalue": str(r.at)}))
                return
            typer.echo(f"heavy ball on quadratics with eigenvalues in [{strongly_convex}, {smooth}], "
                       f"Polyak's parameters alpha = {r.alpha}, beta = {r.beta}")
            typer.echo(f"exact rate (spectral radius, attained at eigenvalue {r.at}): {r.rho} = {float(r.rho):.10g} "
                       "per step")
            return
        from symgd.rates import gd, pep
        from symgd.rates import method as by_name

        if steps is None:
            raise BadInput("--steps N is required (the number of steps of the method)")
        if method == "gd":
            m = gd(_exact(step_size, "--step-size"))
        elif step_size != "1":
            raise BadInput("--step-size is for gd only (nesterov and ogm use their own schedules)")
        else:
            m = by_name(method)
        r = pep(m, steps, L=_exact(smooth, "--smooth"), mu=_exact(strongly_convex, "--strongly-convex"),
                metric=metric, initial=initial)
        p = r.problem
        from symgd.rates import attained, pair_name

        witness = attained(r) if r.verdict.proved else None
        if json_:
            import json

            typer.echo(json.dumps({
                "method": m.name, "title": m.title, "N": p.N, "L": str(p.L), "mu": str(p.mu), "metric": p.metric,
                "initial": p.initial, "value": r.value, "solver": r.numeric.solver,
                "bound": None if r.bound is None else str(r.bound), "tight": r.tight,
                "certificate": r.verdict.to_dict(), "rounding": r.certificate.how if r.certificate else None,
                "multipliers": {pair_name(q): str(v) for q, v in r.multipliers.items()},
                "worst_function": None if witness is None else {"huber_slope": str(witness[1].delta),
                                                                "value": str(witness[0])},
            }))
            raise typer.Exit(0 if r.verdict.proved else 1)
        typer.echo(f"{m.title}, N = {p.N}, L = {p.L}, mu = {p.mu}: worst case of {METRIC_TEXT[p.metric]} "
                   f"given {INITIAL_TEXT[p.initial]}")
        typer.echo(f"numeric (SDP, {r.numeric.solver}):  {r.value:.10g} R^2")
        if r.bound is not None:
            gap = float(r.bound) - r.value
            kind = "tight: a certificate at the optimum" if r.tight else "an upper bound"
            tight = f"{kind}, {gap:+.1e} from the numeric value"
            typer.echo(f"certified bound:        {_fraction_text(r.bound)} R^2  ({tight})")
        else:
            typer.echo("certified bound:        none")
        typer.echo(f"certificate:            {r.verdict}")
        if r.certificate is not None and r.certificate.how != "none":
            typer.echo(f"rounding:               {r.certificate.how}")
        if witness is not None:
            low, huber = witness
            how = "= the certified bound: the worst case, proved" if low == r.bound else \
                "<= the worst case <= the certified bound"
            name = "the zero function" if huber.delta == 0 else f"Huber with slope {huber.delta}"
            typer.echo(f"worst function:         {name} (read off the SDP's worst case); "
                       f"the method run on it exactly reaches {_fraction_text(low)} R^2 {how}")
        raise typer.Exit(0 if r.verdict.proved else 1)


def _exact(text: str, option: str) -> object:
    from fractions import Fraction

    from symgd.core.errors import BadInput

    try:
        return Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        raise BadInput(f"{option} {text!r} is not a number (e.g. 1, 0.1, 1/10)") from None
