"""An author-year bibliography style for the posts' reference lists.

sphinxcontrib-bibtex cites in author-year form ("Baginsky and Manthorpe,
2014") but pybtex's stock styles label entries "[BM14]" and sort them by
appearance. This registers a pybtex style, ``authoryear``, whose labels repeat
the in-text form and whose entries sort by author (or title, for works with no
personal or corporate author), then year; and a referencing style,
``author_year_round``, that puts citations in round brackets, as British
social-work writing does: "(Senge, 1990)" rather than "[Senge, 1990]".

It also keeps pybtex from searching the installed packages' entry points
each time a style is made: pybtex finds a plugin that is not registered at
run time by scanning every installed distribution's metadata (a few
milliseconds each time), and sphinxcontrib-bibtex makes two styles, each
looking up its name style and a text backend, for every reference list on
every build. The plugins those styles use are looked up once here and
registered at run time under the same names, so later look-ups find the very
same classes without a scan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from dataclasses import dataclass, field

import sphinxcontrib.bibtex.plugin
from pybtex.plugin import find_plugin, register_plugin
from pybtex.style.template import field as bibfield
from pybtex.style.template import sentence
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from pybtex.database import Entry, Person
    from pybtex.style import FormattedEntry
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def surname(person: Person) -> str:
    """A person's surname as cited: "Senge", or "BBC News" for a body."""
    return " ".join(person.prelast_names + person.last_names).replace("{", "").replace("}", "")


def creator(entry: Entry) -> str:
    """Who a work is by, as the text cites it: up to two surnames, else "et al."."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [surname(p) for p in people]
    if not names:
        return entry.fields.get("title", entry.key).replace("{", "").replace("}", "")
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def author_year_label(entry: Entry) -> str:
    """The label shown beside an entry: "Baginsky and Manthorpe, 2014"."""
    year = entry.fields.get("year", "n.d.").replace("--", "–")
    return f"{creator(entry)}, {year}"


class AuthorYearLabelStyle(BaseLabelStyle):
    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        for entry in sorted_entries:
            yield author_year_label(entry)


class AuthorYearSortingStyle(BaseSortingStyle):
    def sorting_key(self, entry: Entry) -> tuple[str, str, str]:
        return (creator(entry).lower(), entry.fields.get("year", ""), entry.fields.get("title", "").lower())


class AuthorYearStyle(UnsrtStyle):
    default_label_style = "authoryear"
    default_sorting_style = "authoryear"

    # sphinxcontrib-bibtex makes a new style for every reference list on every
    # build and formats each cited entry again: on a large blog, the same few
    # works hundreds of times. The styles are all alike, so an entry formatted
    # once with a label is kept, by the entry object itself (the entries are
    # parsed again, as new objects, when the .bib file changes).
    _formatted: ClassVar[dict[tuple[int, str, int], tuple[Entry, object, FormattedEntry]]] = {}

    def format_entry(self, label: str, entry: Entry, bib_data: object = None) -> FormattedEntry:
        key = (id(entry), label, id(bib_data))
        found = self._formatted.get(key)
        if found is None or found[0] is not entry or found[1] is not bib_data:
            found = self._formatted[key] = (entry, bib_data, super().format_entry(label, entry, bib_data=bib_data))
        return found[2]

    def format_title(self, e: Entry, which_field: str, as_sentence: bool = True):  # noqa: ANN201
        # unsrt lower-cases titles ("the views of step up to social work
        # trainees"); British titles keep the capitals they were given.
        title = bibfield(which_field)
        return sentence[title] if as_sentence else title


def round_brackets() -> BracketStyle:
    return BracketStyle(left="(", right=")")


@dataclass
class RoundAuthorYearReferenceStyle(AuthorYearReferenceStyle):
    """Author-year citations in round brackets: "(Senge, 1990)", "Senge (1990)"."""

    bracket_parenthetical: BracketStyle = field(default_factory=round_brackets)
    bracket_textual: BracketStyle = field(default_factory=round_brackets)
    bracket_author: BracketStyle = field(default_factory=round_brackets)
    bracket_label: BracketStyle = field(default_factory=round_brackets)
    bracket_year: BracketStyle = field(default_factory=round_brackets)


register_plugin("pybtex.style.labels", "authoryear", AuthorYearLabelStyle)
register_plugin("pybtex.style.sorting", "authoryear", AuthorYearSortingStyle)
register_plugin("pybtex.style.formatting", "authoryear", AuthorYearStyle)
sphinxcontrib.bibtex.plugin.register_plugin(
    "sphinxcontrib.bibtex.style.referencing", "author_year_round", RoundAuthorYearReferenceStyle
)

# The installed plugins the styles above look up by name, found once.
INSTALLED_PLUGINS = (
    ("pybtex.style.names", "plain"),  # pybtex's styles' default name style
    ("pybtex.style.names", "last"),  # sphinxcontrib-bibtex's author-year citations
    ("pybtex.backends", "plaintext"),  # sphinxcontrib-bibtex's labels and post_citation.py
    ("pybtex.backends", "docutils"),  # sphinxcontrib-bibtex's reference lists
)
for _group, _name in INSTALLED_PLUGINS:
    register_plugin(_group, _name, find_plugin(_group, _name), force=True)


def setup(app: Sphinx) -> ExtensionMetadata:
    # Registration happens at import; nothing to connect.
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
