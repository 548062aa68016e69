"""MkDocs hooks (mkdocs.yml `hooks:`).

Runnable code blocks are marked ```sh runnable / ```python runnable: tests/test_docs.py runs each one. The mark
is for the tests; the site shows the block as ordinary sh or python.
"""
from __future__ import annotations

import re

_RUNNABLE = re.compile(r"^(```(?:sh|python)) runnable$", re.M)


def on_page_markdown(markdown: str, **kwargs) -> str:
    return _RUNNABLE.sub(r"\1", markdown)
