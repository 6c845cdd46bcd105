"""Keep the search index and the object inventory of the last build when no document changed.

Sphinx loads ``searchindex.js``, prunes it, and writes it and ``objects.inv``
again on every build, even one that reads, removes and writes no document:
at 1,000 posts, about a sixth of a second of a build in which nothing
changed. Both are made from the documents written (their text) and from the
environment (titles, labels, objects), so when the build read no document,
removed none and writes none, they are the last build's, byte for byte: the
speed layer's HTML builder (``compat.sphinx.use_speed_html_builder``) then
leaves them as they are.

A change of configuration that matters to either makes Sphinx read or write
every document, and a build that did not finish is followed by a full one
(``incremental.unfinished``), so neither slips through.

For the same reason, when no document was read or removed, the ``cite``
domain's records are the last build's: indexing them and rendering the
citations with the CSL style (``compat.bibtex.CslBibtexDomain``, a tenth of a
second at 1,000 posts) wait until a page asks for a citation or a reference
list (:func:`index_citations`); most such builds write no page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_citable_blog.compat.bibtex import domain
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def note_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                  removed: set[str]) -> list[str]:
    """Remember whether Sphinx found documents added, changed or removed (``env-get-outdated``)."""
    if added or changed or removed:
        build_state(app).speed.documents_changed = True
    return []


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> list[str]:
    """Remember whether the build reads or removes any document (``env-before-read-docs``, last)."""
    speed = build_state(app).speed
    speed.read_nothing = not docnames and not speed.documents_changed
    return []


def unchanged(app: Sphinx, docnames: set[str]) -> bool:
    """Whether the search index and the inventory stand: no document read, removed, or to be written."""
    speed = build_state(app).speed
    speed.indexes_kept = not docnames and not speed.documents_changed
    return speed.indexes_kept


def index_citations(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Before sphinxcontrib-bibtex's ``env-updated``: its domain indexes what it recorded now, or, when no
    document was read or removed, when first asked."""
    domain(env).index_lazily = build_state(app).speed.read_nothing
    return []
