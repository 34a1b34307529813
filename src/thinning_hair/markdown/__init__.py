"""Python-Markdown extensions: the site's processing of a page, on the element tree.

They run wherever Python-Markdown runs (MkDocs, ProperDocs, Zensical), configured under
`markdown_extensions:` in mkdocs.yml. Order among the tree processors (higher runs first):
attr_list 8, abbr 7, citations 6.5, glossary links 6, toc 5, MkDocs' relative links 0, so
the links written here as `sources.md#id` and `glossary.md#slug` are made relative by the engine.
"""
