"""An author-year bibliography style for the posts' reference lists.

sphinxcontrib-bibtex cites in author-year form ("Baginsky and Manthorpe,
2014") but pybtex's stock styles label entries "[BM14]" and sort them by
appearance. This registers a pybtex style, ``authoryear``, whose labels repeat
the in-text form and whose entries sort by author (or title, for works with no
personal or corporate author), then year; and a referencing style,
``author_year_round``, that puts citations in round brackets, as British
social-work writing does: "(Senge, 1990)" rather than "[Senge, 1990]".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import field as bibfield
from pybtex.style.template import sentence

from sphinx_citable_blog.compat.bibtex import AuthorYearReferenceStyle, BracketStyle, register_referencing_style

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from pybtex.database import Entry, Person


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


def register_styles() -> None:
    """Register the styles under the names conf.py gives them (``authoryear``, ``author_year_round``)."""
    register_plugin("pybtex.style.labels", "authoryear", AuthorYearLabelStyle, force=True)
    register_plugin("pybtex.style.sorting", "authoryear", AuthorYearSortingStyle, force=True)
    register_plugin("pybtex.style.formatting", "authoryear", AuthorYearStyle, force=True)
    register_referencing_style("author_year_round", RoundAuthorYearReferenceStyle)
