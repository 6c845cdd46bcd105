"""Format each cited work once, and look pybtex's plugins up once.

sphinxcontrib-bibtex makes a new style for every reference list on every
build and formats each cited entry again: on a large blog, the same few works
hundreds of times. The styles are all alike, so :class:`OnceAuthorYearStyle`
keeps an entry formatted once with a label, by the entry object itself (the
entries are parsed again, as new objects, when the .bib file changes), and is
registered under the name of ``citation.style.AuthorYearStyle``. And pybtex's
plugins are looked up once (``compat.pybtex.register_installed_plugins``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from pybtex.plugin import register_plugin

from sphinx_citable_blog.citation.style import AuthorYearStyle
from sphinx_citable_blog.compat.pybtex import register_installed_plugins

if TYPE_CHECKING:
    from pybtex.database import Entry
    from pybtex.style import FormattedEntry


class OnceAuthorYearStyle(AuthorYearStyle):
    """``AuthorYearStyle``, remembering what it formatted, for every style made in this process."""

    _formatted: ClassVar[dict[tuple[int, str, int], tuple[Entry, object, FormattedEntry]]] = {}

    def format_entry(self, label: str, entry: Entry, bib_data: object = None) -> FormattedEntry:
        key = (id(entry), label, id(bib_data))
        found = self._formatted.get(key)
        if found is None or found[0] is not entry or found[1] is not bib_data:
            found = self._formatted[key] = (entry, bib_data, super().format_entry(label, entry, bib_data=bib_data))
        return found[2]


def use_once_style() -> None:
    register_plugin("pybtex.style.formatting", "authoryear", OnceAuthorYearStyle, force=True)
    register_installed_plugins()
