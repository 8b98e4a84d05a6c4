"""The core room: what every other room builds on and nothing above it.

Claims and relations (``claims``), verdicts (``verdict``), the error hierarchy (``errors``),
special symbols (``symbols``), guarded substitution (``subs``), time budgets (``budget``), and a
derivation as a description with its outcome (``derivation``: ``Derivation`` and ``Report``).
Imports only the standard library, SymPy and NumPy.
"""
