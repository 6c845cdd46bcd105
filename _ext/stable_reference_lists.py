"""List each work once in a reference list however often the post is rendered.

sphinxcontrib-bibtex keeps one citation node per entry of a reference list in
its domain data, and its ``BibliographyTransform`` appends the entry's label
and text to that stored node every time the list is rendered. A post is
rendered once for its page and again for each Atom feed it appears in (the
site's feed, and one per tag, category and year: ``blog_feed_fulltext``), so
the feeds listed every work two, three or more times, a different number in
each feed, and an incremental build, which renders fewer pages, wrote
different feeds from a clean build.

This empties those stored nodes just before sphinxcontrib-bibtex fills them,
so every rendering starts from the same state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.bibtex.directives import BibliographyKey
from sphinxcontrib.bibtex.nodes import bibliography

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata
    from sphinxcontrib.bibtex.domain import BibtexDomain


class ResetReferenceLists(SphinxPostTransform):
    """Empty the stored citation nodes of every reference list about to be rendered."""

    default_priority = 4  # just before sphinxcontrib-bibtex's BibliographyTransform (5)

    def run(self, **kwargs: object) -> None:
        domain: BibtexDomain = self.env.get_domain("cite")  # type: ignore[assignment]
        for node in self.document.findall(bibliography):
            stored = domain.bibliographies.get(BibliographyKey(docname=node["docname"], id_=node["ids"][0]))
            if stored is None:
                continue
            for citation in stored.citation_nodes.values():
                del citation[:]  # the label and text appended by an earlier rendering


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinxcontrib.bibtex")
    app.add_post_transform(ResetReferenceLists)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
