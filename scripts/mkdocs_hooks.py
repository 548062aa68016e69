"""MkDocs hooks (mkdocs.yml `hooks:`).

Runnable code blocks are marked ```sh runnable / ```python runnable: tests/test_docs.py runs each one. Output
blocks are marked ```text output (what the runnable block before it prints, compared by tests/test_docs.py) or
```text output:NAME (what needs a running Asterisk, compared by the live test that names it). The marks are for
the tests; the site shows the blocks as ordinary sh, python or text.
"""
from __future__ import annotations

import re

_MARKED = re.compile(r"^(```(?:sh|python)) runnable$|^(```text) output(?::[\w-]+)?$", re.M)


def on_page_markdown(markdown: str, **kwargs) -> str:
    return _MARKED.sub(lambda m: m[1] or m[2], markdown)
