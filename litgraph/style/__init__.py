"""Citation styles: what GB/T 7714 (2015, 2025) and APA 7 say a reference looks like.

Shared by every layer that needs a style's rules: the import parser reads type marks,
the reference list renders entries, cite-check compares a typed list with what the
style asks. Nothing here reads files or knows about the project.

The package re-exports nothing: the renderer is `style.render` (`get_style`, `render`,
`render_text`), and `style.labels`, which every query's answer uses, does not load it
with the package (15 ms of a `litgraph paths`).
"""
