"""``\\begin{cases}`` read as a Piecewise (symgd.latex.cases): values checked at points against the definition
written out by hand; definitions that do not define (a gap, overlapping rows that disagree) refused in one line."""

from __future__ import annotations

import pytest
import sympy as sp

from symgd.core.errors import BadInput
from symgd.latex.problem import parse_problem

SOFT = (r"\begin{cases} v - t & \text{if } v > t \\ 0 & \text{if } |v| \le t \\ v + t & \text{if } v < -t "
        r"\end{cases}")


def _value(latex: str, assume: tuple[str, ...] = ()) -> sp.Expr:
    return parse_problem(f"{latex} = 0", assume=list(assume), allow_unused=True).links[0][1].lhs


def _at(expr: sp.Expr, **values: object) -> sp.Expr:
    return expr.subs({s: values[s.name.lstrip("\\")] for s in expr.free_symbols})


# (cases, assumptions, points, the function written out by hand)
READ = [
    (SOFT, ("t > 0",), [dict(v=3, t=1), dict(v=sp.Rational(1, 2), t=1), dict(v=-5, t=2), dict(v=1, t=1)],
     lambda v, t: v - t if v > t else (v + t if v < -t else 0)),
    (r"\begin{cases} x, & x \ge 0, \\ -x, & \text{otherwise}. \end{cases}", (), [dict(x=2), dict(x=-3), dict(x=0)],
     abs),
    (r"\begin{cases} 1 & x \in [0, 1] \\ 0 & \text{else} \end{cases}", (), [dict(x=0), dict(x=1), dict(x=2), dict(x=-1)],
     lambda x: 1 if 0 <= x <= 1 else 0),
    (r"\begin{cases} x^2 & \text{for } -1 \le x \le 1 \\ 2|x| - 1 & \text{if } |x| > 1 \end{cases}", (),
     [dict(x=sp.Rational(1, 2)), dict(x=3), dict(x=-2)], lambda x: x**2 if abs(x) <= 1 else 2 * abs(x) - 1),
    (r"\begin{cases} 0 & x < 0 \text{ or } x > 2 \\ x & 0 \le x \le 2 \end{cases}", (), [dict(x=-1), dict(x=1),
                                                                                      dict(x=3)],
     lambda x: x if 0 <= x <= 2 else 0),
    (r"\begin{cases} x & x \ge 0 \\ 0 & x \le 0 \end{cases}", (), [dict(x=0), dict(x=-1), dict(x=4)],  # agree at 0
     lambda x: max(x, 0)),
    (r"\begin{cases} 1 & x > 0 \\[2pt] 0 & x \le 0 \end{cases}", (), [dict(x=1), dict(x=0)], lambda x: int(x > 0)),
    (r"\begin{dcases} \frac{x}{2} & x > 0 \\ 0 & \text{otherwise} \end{dcases}", (), [dict(x=3), dict(x=-1)],
     lambda x: sp.Rational(x, 2) if x > 0 else 0),
    (r"\begin{cases} v - t \text{if } v > t \\ 0 \text{if } |v| \le t \\ v + t \text{if } v < -t \end{cases}",
     ("t > 0",), [dict(v=3, t=1), dict(v=0, t=1)], lambda v, t: v - t if v > t else (v + t if v < -t else 0)),
]


@pytest.mark.parametrize(("latex", "assume", "points", "by_hand"), READ)
def test_cases_read_as_the_function_they_define(latex, assume, points, by_hand) -> None:
    expr = _value(latex, assume)
    assert isinstance(expr, sp.Piecewise)
    for p in points:
        assert _at(expr, **p) == by_hand(*p.values()), p


REFUSED = [
    (SOFT, (), r"rows 1 and 3 .* disagree where both hold \(at .*t = -"),  # t < 0: both outer rows hold
    (r"\begin{cases} 1 & x > 0 \\ -1 & x < 0 \end{cases}", (), r"do not cover every value \(at x = 0\)"),
    (r"\begin{cases} 1 & x \ge 0 \\ 2 & x \le 0 \end{cases}", (), r"rows 1 and 2 .* disagree .*x = 0"),
    (r"\begin{cases} 1 & \text{otherwise} \\ 0 & x > 0 \end{cases}", (), r"otherwise.* last row"),
    (r"\begin{cases} 1 & x > 0 \\ 0 \end{cases}", (), r"value & condition"),
    (r"\begin{cases} 1 & \text{if } x \text{ is large} \\ 0 & \text{otherwise} \end{cases}", (), r"not understood"),
    (r"\begin{cases} 1 & x > 0 \text{ and } y > 0 \text{ or } x < 0 \\ 0 & \text{otherwise} \end{cases}", (),
     r"mixed"),
]


@pytest.mark.parametrize(("latex", "assume", "message"), REFUSED)
def test_definitions_that_do_not_define_are_refused(latex, assume, message) -> None:
    with pytest.raises(BadInput, match=message):
        _value(latex, assume)


def test_relations_inside_cases_are_not_the_claims_relations() -> None:
    """The chain splitter must not cut at the conditions' relations (``v > t`` inside the environment)."""
    p = parse_problem(SOFT + r" = \max(0, |v| - t) \operatorname{sign}(v)", assume=["t > 0"])
    assert len(p.links) == 1
    claim = p.links[0][1]
    t, v = sorted(claim.lhs.free_symbols, key=lambda s: s.name)
    for vv in (-3, -1, 0, sp.Rational(1, 3), 2, 5):
        assert claim.lhs.subs({v: vv, t: 1}) == claim.rhs.subs({v: vv, t: 1})


@pytest.mark.parametrize("claim", [r"f^{\prime}(x) = f'(x)", r"f^{\prime\prime}(x) = f''(x)", r"f^\prime(x) = f'(x)",
                                   r"f^{''}(x) = f''(x)"])
def test_primes_written_as_a_superscript_are_primes(claim) -> None:
    lhs, rhs = (lambda c: (c.lhs, c.rhs))(parse_problem(claim).links[0][1])
    assert lhs == rhs and lhs.has(sp.Derivative)


def test_conditions_get_a_word_so_a_row_survives_a_dropped_ampersand() -> None:
    from symgd.latex.cases import explicit_conditions

    written = r"h(x) = \begin{cases} x & x \ge 0 \\[2pt] -x, & \text{otherwise} \end{cases}"
    explicit = explicit_conditions(written)
    assert explicit == r"h(x) = \begin{cases} x & \text{if } x \ge 0 \\[2pt] -x, & \text{otherwise} \end{cases}"
    dropped = explicit.split("=", 1)[1].replace("&", "")  # as the audit joins aligned columns
    expr = _value(dropped)
    assert [_at(expr, x=v) for v in (2, -3)] == [2, 3]
