"""The application room: the CLI commands, the catalogue runner, figures and the explorer.
The only room that imports ``derivations/``; nothing in symgd imports it.
"""
