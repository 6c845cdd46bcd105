"""Leave no word in the search index that no page contains.

On an incremental build Sphinx loads the previous search index, removes the
pages it is about to write from each word's list of pages, and feeds them
again. A word that those pages no longer contain keeps its entry with an empty
list (``"meantim":[]`` after "In the meantime" was edited out of a post), so
``searchindex.js`` grew words nobody can find, and an incremental build (every
change ``make live`` rebuilds) wrote a different index from a clean build.
This drops those entries from ``searchindex.js`` after the build, serialising
it exactly as Sphinx does, so the two builds write the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

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
    builder = app.builder
    if exception is not None or builder.format != "html" or getattr(builder, "indexer", None) is None:
        return
    path = Path(builder.outdir) / builder.searchindex_filename
    if not path.is_file() or not builder.indexer_dumps_unicode:
        return
    index = builder.indexer_format.loads(path.read_text(encoding="utf-8"))
    if drop_empty_terms(index):
        path.write_text(builder.indexer_format.dumps(index), encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("build-finished", tidy_search_index)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
