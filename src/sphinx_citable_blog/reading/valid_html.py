"""Write valid, accessible HTML where docutils, Sphinx and ABlog do not.

What the HTML checker (vnu) and axe-core find in the HTML that Sphinx's
writer produces for this site, fixed where the HTML is written:

* ABlog renders a post's excerpt on the tag, category and archive pages as a
  paragraph holding the excerpt's paragraphs: HTML has no ``<p>`` inside a
  ``<p>``, so browsers break it apart into empty paragraphs. A paragraph that
  holds other blocks is written as a ``<div>`` with the same classes.
* Every page written from a document had two ``<meta name="viewport">``
  tags: Sphinx's layout writes one, and it passes on docutils' own (added by
  docutils' HTML5 writer in 2021) with the page's other metadata, since it
  drops docutils' tags by their position (Sphinx issue #11699). docutils' is
  left out.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

VIEWPORT = '<meta name="viewport"'


def holds_blocks(node: nodes.Element) -> bool:
    """Whether paragraph *node* contains block elements (paragraphs, lists…)."""
    # References and other inline nodes are also ``nodes.Body`` ("General").
    return any(isinstance(child, nodes.Body) and not isinstance(child, nodes.Inline) for child in node.children)


class ValidHTMLTranslator(HTML5Translator):
    """Sphinx's HTML5 translator with the two fixes above."""

    def __init__(self, document: nodes.document, builder: Any) -> None:
        super().__init__(document, builder)
        self.meta = [tag for tag in self.meta if not tag.startswith(VIEWPORT)]

    def visit_paragraph(self, node: nodes.Element) -> None:
        if holds_blocks(node):
            self.body.append(self.starttag(node, "div", ""))
        else:
            super().visit_paragraph(node)

    def depart_paragraph(self, node: nodes.Element) -> None:
        if holds_blocks(node):
            self.body.append("</div>\n")
        else:
            super().depart_paragraph(node)

