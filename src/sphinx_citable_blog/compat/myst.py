"""MyST internals the package changes (checked on myst-parser 5.2).

* ``myst_parser.mdit_to_docutils.base.make_document``, which MyST's renderer
  calls for every document it renders, even when it is given the document
  (``options.get("document", make_document())`` evaluates its default first),
  and which builds docutils' option parser each time to get the settings'
  defaults. The speed layer (``speed.doc_settings``) replaces it for the
  length of a build by one that builds them once for each parser class and
  gives each new document its own copy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def reuse_default_settings() -> Callable[[], None]:
    """Have MyST's ``make_document`` build the default settings once per parser class; return the undo."""
    from docutils.frontend import get_default_settings  # noqa: PLC0415
    from docutils.utils import new_document  # noqa: PLC0415
    from myst_parser.mdit_to_docutils import base  # noqa: PLC0415

    from sphinx_citable_blog.compat import settings_copy  # noqa: PLC0415

    original = base.make_document
    made: dict[Any, Any] = {}

    def make_document(source_path: str = "notset", parser_cls: Any = base.RSTParser) -> Any:
        if parser_cls not in made:
            made[parser_cls] = get_default_settings(parser_cls)
        return new_document(source_path, settings=settings_copy(made[parser_cls]))

    base.make_document = make_document

    def undo() -> None:
        base.make_document = original

    return undo
