"""pybtex internals the package uses (checked on pybtex 0.26).

pybtex's BibTeX writer (``pybtex.database.output.bibtex.Writer``) encodes each
field with latexcodec on the way out, which escapes some of TeX's special
characters (``&``, ``%``, ``#``, ``_``) and leaves the others (``$``, ``^``,
``\\``, ``{``, ``}``) as LaTeX markup. The package's fields are LaTeX already
(plain text escaped completely by ``citation.exports.tex_escape``, web
addresses verbatim, as biblatex reads ``url``), so :class:`BibTeXWriter`
writes them as given: it overrides ``_encode``, which is not public.
"""

from __future__ import annotations

from pybtex.database.output.bibtex import Writer


class BibTeXWriter(Writer):
    """pybtex's BibTeX writer, for fields that are LaTeX already."""

    def _encode(self, text: str) -> str:
        return text
