"""What every derivation of the catalogue must satisfy (one table: the registry drives the tests).

The per-area files (test_catalogue_*.py) check each result against independently computed values.
"""

from __future__ import annotations

import pytest

from derivations import by_name

NAMES = tuple(by_name())


@pytest.mark.parametrize("name", NAMES)
def test_every_step_proved_numeric_checks_pass_errata_confirmed(catalogue, name) -> None:
    _, r = catalogue[name]
    bad = [(i, s.why, str(s.verdict)) for i, s in enumerate(r.steps, 1) if not s.verdict.proved]
    assert not bad, bad
    assert r.numeric, "each result has a numeric check with independent numbers"
    failed = [(nc.name, o.detail) for nc, o, _ in r.numeric if not o.passed]
    assert not failed, failed
    for e in r.errata:
        assert e.seed in ("000", "001", "002", "003") and e.quote and e.says and e.truth, e
        if e.claim is not None:
            assert e.confirmed is True, (e.says, str(e.verdict))
            # a counterexample, or for a closed claim (no free symbols) the two sides that differ
            detail = e.verdict.detail
            assert e.verdict.counterexample or any(w in detail for w in ("vs", "false", "not zero")), e.verdict
        else:
            assert e.evidence, f"an erratum without a claim needs its evidence in words or numbers: {e.says}"
    assert r.ok


@pytest.mark.parametrize("name", NAMES)
def test_docstring_states_result_assumptions_reference(name) -> None:
    doc = by_name()[name].__doc__ or ""
    for part in ("Result", "Assumption", "Reference"):
        assert part in doc, f"{name}: the module docstring has no {part!r}"
