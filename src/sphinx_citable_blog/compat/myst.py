"""MyST internals the package changes (checked on myst-parser 5.2).

* ``myst_parser.mdit_to_docutils.base.make_document``, which MyST's renderer
  calls for every document it renders, even when it is given the document
  (``options.get("document", make_document())`` evaluates its default first),
  and which builds docutils' option parser each time to get the settings'
  defaults. The speed layer (``speed.doc_settings``) replaces it for the
  length of a build by one that builds them once for each parser class and
  gives each new document its own copy.
* ``myst_parser.config.main.read_topmatter`` (called by MyST's Sphinx parser
  as ``myst_parser.parsers.sphinx_.read_topmatter``, for the file's own MyST
  settings) and the renderer's ``render_front_matter`` (through the ``yaml``
  of ``myst_parser.mdit_to_docutils.base``) each load a post's front matter
  with PyYAML's ``safe_load``, which is PyYAML's parser written in Python:
  0.37 s of reading 1,000 posts (0.05 s with libyaml's).
  :func:`load_front_matter_with_libyaml`
  has both load it with libyaml's parser (``yaml.CSafeLoader``, the same
  constructor and resolver as ``safe_load``) for the length of a build;
  front matter libyaml does not load as a mapping is loaded by MyST's own
  call as before, so that anything MyST reports about it is unchanged. The
  two parsers do not agree on everything (libyaml accepts a tab as
  separation, a comment after a block scalar's indicator, a ``?`` in a flow
  collection, and reads ``a: !`` as an empty string), so libyaml is given only
  front matter of the plainest kind, ``key: value`` lines without the
  characters that start anything else (:func:`plain_mapping`): a post's.
  ``read_topmatter``'s few lines that find the front matter are repeated
  here (:func:`front_matter_text`).
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator
from typing import Any

import yaml

# libyaml's parser where PyYAML was built with it (PyYAML's wheels are).
FAST_LOADER = getattr(yaml, "CSafeLoader", None)


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


def front_matter_text(text: str) -> str | None:
    """The YAML between *text*'s first line, when it starts with ``---``, and the next line starting with
    ``---`` or ``...``, each line stripped at its end, as ``read_topmatter`` gives it to ``safe_load``."""
    if not text.startswith("---"):
        return None
    lines = []
    for line in text.splitlines()[1:]:
        if line.startswith(("---", "...")):
            break
        lines.append(line.rstrip() + "\n")
    return "".join(lines)


# Characters that start what libyaml and PyYAML's own parser may read differently: flow collections, tags,
# anchors and aliases, block scalars, complex keys, directives, comments, tabs, a byte-order mark, line
# breaks other than "\n" (each found to differ: libyaml accepts "{a: b?}", "a: |#c", a tab as separation,
# a later line's byte-order mark, and reads "a: !" as "" where PyYAML reads None).
NOT_PLAIN = frozenset("{}[]!|>&*?%@`#\t\r\ufeff\x85\u2028\u2029")


def plain_mapping(text: str) -> bool:
    """Whether *text* is front matter of the plainest kind: lines of ``key: value`` at the margin, without
    any character of :data:`NOT_PLAIN` or any character that is not printable: what libyaml and PyYAML's
    own parser load alike. Anything else is left to PyYAML."""
    return (not NOT_PLAIN.intersection(text)
            and all(line[:1] not in " -'\"" or not line for line in text.split("\n"))
            and all(character.isprintable() or character == "\n" for character in text))


def _mapping(text: str) -> dict | None:
    """*text* loaded by libyaml, if it is plain front matter (:func:`plain_mapping`) that loads as a mapping;
    None otherwise (an error included)."""
    if not plain_mapping(text):
        return None
    try:
        data = yaml.load(text, Loader=FAST_LOADER)  # noqa: S506 (CSafeLoader: safe_load's constructor)
    except Exception:  # noqa: BLE001 (whatever it is, MyST's own call meets it again and reports it)
        return None
    return data if isinstance(data, dict) else None


def load_front_matter_with_libyaml() -> Callable[[], None]:
    """Have MyST load front matter with libyaml's parser, falling back to its own ``safe_load`` for front
    matter that is not a mapping to libyaml; return the undo."""
    if FAST_LOADER is None:
        return lambda: None
    from myst_parser.mdit_to_docutils import base  # noqa: PLC0415
    from myst_parser.parsers import sphinx_  # noqa: PLC0415

    original_read, original_yaml = sphinx_.read_topmatter, base.yaml

    def read_topmatter(text: str | Iterator[str]) -> dict[str, Any] | None:
        found = front_matter_text(text) if isinstance(text, str) else None
        data = None if found is None else _mapping(found)
        return data if data is not None else original_read(text)

    def safe_load(stream: Any) -> Any:
        data = _mapping(stream) if isinstance(stream, str) else None
        return data if data is not None else original_yaml.safe_load(stream)

    libyaml_first = types.ModuleType("yaml", "PyYAML, loading mappings with libyaml first")
    libyaml_first.__getattr__ = lambda name: getattr(original_yaml, name)  # type: ignore[attr-defined]
    libyaml_first.safe_load = safe_load  # type: ignore[attr-defined]
    sphinx_.read_topmatter, base.yaml = read_topmatter, libyaml_first

    def undo() -> None:
        sphinx_.read_topmatter, base.yaml = original_read, original_yaml

    return undo
