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

from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_citable_blog.compat.bibtex import bibliography, reset_stored_citations


class ResetReferenceLists(SphinxPostTransform):
    """Empty the stored citation nodes of every reference list about to be rendered."""

    default_priority = 4  # just before sphinxcontrib-bibtex's BibliographyTransform (5)

    def run(self, **kwargs: object) -> None:
        for node in self.document.findall(bibliography):
            reset_stored_citations(self.env, node)  # the labels and texts appended by an earlier rendering

