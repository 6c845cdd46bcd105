"""Keep citations pointing at the citing post when ABlog copies its text.

ABlog copies a post's first paragraph (its excerpt) into the home page, the
archive and tag pages, and the whole post into the Atom feed. Citations in
those copies would be resolved from the *listing* page: sphinxcontrib-bibtex
would then link to whichever post's reference list it finds first, which for
a work cited by two posts may be the wrong post.

This extension remembers, for each citation, the post it was written in, and
resolves copies of it as if they were still on that post: the link goes to
the entry in that post's own reference list (``posts/...html#ref-<key>``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_citable_blog.compat.bibtex import domain as bibtex_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ORIGIN = "cite_origin"


def mark_citation_origins(app: Sphinx, doctree: nodes.document) -> None:
    """Record on every citation the document it was written in."""
    for xref in doctree.findall(addnodes.pending_xref):
        if xref.get("refdomain") == "cite":
            xref[ORIGIN] = app.env.docname


class ResolveCopiedCitations(SphinxPostTransform):
    """Resolve citations copied from another document against that document."""

    # After sphinxcontrib-bibtex's BibliographyTransform (5), before Sphinx's
    # ReferencesResolver (10), which would otherwise resolve them from here.
    default_priority = 6

    def run(self, **kwargs: object) -> None:
        here = self.env.docname
        domain = bibtex_domain(self.env)
        for xref in list(self.document.findall(addnodes.pending_xref)):
            origin = xref.get(ORIGIN)
            if xref.get("refdomain") != "cite" or not origin or origin == here:
                continue
            resolved = domain.resolve_xref(
                self.env, origin, self.app.builder, xref["reftype"], xref["reftarget"], xref, xref[0].deepcopy()
            )
            for ref in resolved.findall(nodes.reference):
                # Resolved "on" the origin page, same-page links carry a refid;
                # from here they must name the origin page.
                if "refid" in ref:
                    ref["refuri"] = self.app.builder.get_relative_uri(here, origin) + "#" + ref["refid"]
                    del ref["refid"]
            xref.replace_self(resolved)

