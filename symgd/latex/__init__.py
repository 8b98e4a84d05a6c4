"""The LaTeX room: LaTeX in (tokens, vocabulary, parser, declarations; ``check`` decides parsed
claims) and out (``render``: LaTeX, Markdown and text of a derivation and its report).
Imports core and decide, never optim or app.
"""
