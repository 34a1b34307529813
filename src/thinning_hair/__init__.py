"""The code of "Thinning hair: the evidence", laid out as the pipeline runs:

    data/       read and validate includes/*.yml and the pages' front matter, once per build
    generate/   write the glossary page, abbreviations, Sources page and figures (if changed)
    markdown/   Python-Markdown extensions: citations, glossary links, external links
    html/       engine-free steps over the built files: CSP, one stylesheet, offline shim
    editions.py build the published and offline editions and pack the zip
    checks.py   what authors write, checked with or without an engine
    mkdocs/     the MkDocs plugin: thin glue that calls the above
    cli.py      `thinning-hair build|serve|generate|check|review-dates|...`
"""
