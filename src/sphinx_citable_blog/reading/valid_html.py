"""Write valid, accessible HTML where docutils and ABlog do not.

Two things the HTML checker (vnu) and axe-core find in the HTML that Sphinx's
writer produces for this site, fixed where the HTML is written:

* A reference list is a ``<div role="list">`` of ``<div role="doc-biblioentry">``
  entries. WAI-ARIA (DPUB-ARIA 1.1) has deprecated ``doc-biblioentry``, and
  assistive technology and checkers no longer take such an entry for an item
  of the list (axe-core reports it as critical): the entries are written with
  ``role="listitem"``, the role the specification recommends instead.
* ABlog renders a post's excerpt on the tag, category and archive pages as a
  paragraph holding the excerpt's paragraphs: HTML has no ``<p>`` inside a
  ``<p>``, so browsers break it apart into empty paragraphs. A paragraph that
  holds other blocks is written as a ``<div>`` with the same classes.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

DEPRECATED_ROLE = 'role="doc-biblioentry"'
ROLE = 'role="listitem"'


def list_item_role(start_tag: str) -> str:
    """*start_tag* of a reference-list entry with the list-item role."""
    return start_tag.replace(DEPRECATED_ROLE, ROLE)


def holds_blocks(node: nodes.Element) -> bool:
    """Whether paragraph *node* contains block elements (paragraphs, lists…)."""
    # References and other inline nodes are also ``nodes.Body`` ("General").
    return any(isinstance(child, nodes.Body) and not isinstance(child, nodes.Inline) for child in node.children)


class ValidHTMLTranslator(HTML5Translator):
    """Sphinx's HTML5 translator with the two fixes above."""

    def visit_citation(self, node: nodes.Element) -> None:
        super().visit_citation(node)
        self.body[-1] = list_item_role(self.body[-1])

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

