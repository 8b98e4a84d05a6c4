"""The core room: what every other room builds on and nothing above it.

Claims and relations (``claims``), verdicts (``verdict``), the error hierarchy (``errors``),
special symbols (``symbols``), guarded substitution (``subs``), time budgets (``budget``), a
derivation as a description (``derivation``: ``Derivation``, frozen ``Step`` and ``Erratum``), its outcome
(``report``: the immutable ``Report``), and the registry through which ``Derivation.verify()`` and the
rendering methods reach the rooms above (``routines``).
Imports only the standard library, SymPy and NumPy.
"""
