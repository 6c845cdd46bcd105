"""Search for a possessive finds what the word alone finds.

Sphinx's English search splits words at anything that is not a letter or a
digit, on both sides: the index held "Senge" and "s" for "Senge's", so every
page with a possessive had the word "s", and a search for "Senge's",
"NSPCC's" or "children’s" (with either apostrophe) found every page. This
English search language drops the possessive ending (``'s`` or ``’s``) before
splitting, when the index is built (Python) and when a reader's query is split
(the ``splitQuery`` function Sphinx lets a language define), so "Senge's"
is the word "Senge" on both sides. Everything else (stop words, the Snowball
stemmer) is Sphinx's English search.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sphinx.search.en import SearchEnglish

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

# An apostrophe and "s" that end a word (not "it's" followed by more letters).
POSSESSIVE = re.compile(r"['’]s\b", re.IGNORECASE)
# The same in JavaScript, then Sphinx's own split (searchtools.js, splitQuery).
SPLIT_QUERY_JS = r"""
var splitQuery = (query) =>
  query
    .replace(/['’]s(?![\p{Letter}\p{Number}_])/giu, "")
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .filter((term) => term);
"""


def drop_possessives(text: str) -> str:
    return POSSESSIVE.sub("", text)


class SearchEnglishPossessives(SearchEnglish):
    """Sphinx's English search, with possessive endings left out of words and queries."""

    js_splitter_code = SPLIT_QUERY_JS

    def split(self, input: str) -> list[str]:  # noqa: A002 - Sphinx's signature
        return super().split(drop_possessives(input))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_search_language(SearchEnglishPossessives)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
