"""The search index: every word a reader may type finds its pages, and no word finds none.

* **Possessives.** Sphinx's English search splits words at anything that is not
  a letter or a digit, on both sides: the index held "Senge" and "s" for
  "Senge's", so every page with a possessive had the word "s", and a search for
  "Senge's", "NSPCC's" or "children’s" (with either apostrophe) found every
  page. :class:`SearchEnglishPossessives` drops the possessive ending (``'s``
  or ``’s``) before splitting, when the index is built (Python) and when a
  reader's query is split (the ``splitQuery`` function Sphinx lets a language
  define), so "Senge's" is the word "Senge" on both sides. Everything else
  (stop words, the Snowball stemmer) is Sphinx's English search.
* **Accents.** A reader types "Moller" for "Möller" and "Gross" for "Groß", or
  cannot type the accent at all. Latin letters with accents are indexed and
  searched without them (:func:`fold_accents`, and the same in JavaScript in
  ``splitQuery``), so "Möller", "Moller" and "MÖLLER" are one word on both
  sides. Only Latin letters are folded (their decomposition, and a few letters
  that have none: "ß" is "ss", "ø" is "o", "æ" is "ae"): written by hand, since
  the transliteration libraries turn every script into ASCII, which would make
  words in other scripts unsearchable.
* **Words no page contains.** On an incremental build Sphinx loads the previous
  index, removes the pages it is about to write from each word's list of
  pages, and feeds them again. A word those pages no longer contain kept its
  entry with an empty list (``"meantim":[]`` after "In the meantime" was edited
  out of a post), so an incremental build wrote a different index from a clean
  build. :func:`tidy_search_index` drops those entries after the build,
  serialising the index exactly as Sphinx does.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.search.en import SearchEnglish

from sphinx_citable_blog.compat.sphinx import search_index_format
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# -- Possessives -----------------------------------------------------------------

# An apostrophe and "s" that end a word (not "it's" followed by more letters).
POSSESSIVE = re.compile(r"['’]s\b", re.IGNORECASE)
# Latin letters with accents (Latin-1 Supplement, Latin Extended-A and -B, Latin Extended Additional).
ACCENTED_LATIN = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")
# Latin letters without a decomposition, as readers type them without the accent or ligature.
LATIN_WITHOUT_DECOMPOSITION = {
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i",
}  # fmt: skip
# Possessives dropped, accents folded (the same as fold_accents), then Sphinx's own split
# (searchtools.js, splitQuery).
SPLIT_QUERY_JS = r"""
var foldLatin = (char) =>
  ({%(table)s})[char] ?? char.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
var splitQuery = (query) =>
  query
    .replace(/['’]s(?![\p{Letter}\p{Number}_])/giu, "")
    .replace(/[\u00c0-\u024f\u1e00-\u1eff]/g, foldLatin)
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .filter((term) => term);
""" % {"table": ", ".join(f'"{k}": "{v}"' for k, v in LATIN_WITHOUT_DECOMPOSITION.items())}


def drop_possessives(text: str) -> str:
    return POSSESSIVE.sub("", text)


@cache
def fold_latin(char: str) -> str:
    if char in LATIN_WITHOUT_DECOMPOSITION:
        return LATIN_WITHOUT_DECOMPOSITION[char]
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not "\u0300" <= c <= "\u036f")


def fold_accents(text: str) -> str:
    """*text* with its accented Latin letters written without accents: "Möller" is "Moller"."""
    return ACCENTED_LATIN.sub(lambda m: fold_latin(m.group()), text)


class SearchEnglishPossessives(SearchEnglish):
    """Sphinx's English search, with possessive endings and accents left out of words and queries."""

    js_splitter_code = SPLIT_QUERY_JS

    def split(self, input: str) -> list[str]:  # noqa: A002 - Sphinx's signature
        return super().split(fold_accents(drop_possessives(input)))


# -- Words no page contains ---------------------------------------------------------

TERM_KEYS = ("terms", "titleterms")


def drop_empty_terms(index: dict[str, Any]) -> bool:
    """Remove the words found in no page from a frozen search *index*; True if any were."""
    dropped = False
    for key in TERM_KEYS:
        terms = index.get(key, {})
        empty = [word for word, pages in terms.items() if pages == []]
        for word in empty:
            del terms[word]
        dropped = dropped or bool(empty)
    return dropped


def tidy_search_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not writes_site(app) or build_state(app).speed.indexes_kept:
        return  # kept: the last build's index, tidied then
    found = search_index_format(app.builder)
    if found is None:
        return
    filename, serialiser = found
    path = Path(app.builder.outdir) / filename
    if not path.is_file():
        return
    index = serialiser.loads(path.read_text(encoding="utf-8"))
    if drop_empty_terms(index):
        path.write_text(serialiser.dumps(index), encoding="utf-8")
