"""``symgd audit``: check every displayed equation of a document in the context the document sets up.

extract (formulas and their lines) -> classify (definition / assumption / claim) -> context (what is
assumed and defined so far) -> run (each link decided) -> report (table, JSON, Markdown, HTML).
"""

from symgd.app.audit.run import DEFAULT_LINK_TIMEOUT, Audit, LinkResult, audit

__all__ = ["DEFAULT_LINK_TIMEOUT", "Audit", "LinkResult", "audit"]
