"""Citations and reference lists from an official CSL style, rendered by pandoc's citeproc.

* ``items``: ``references.bib`` as CSL-JSON items (pandoc's BibLaTeX reader);
* ``render``: each post's citations and reference list, one CSL document per
  post, all posts in one pandoc run, kept by digest for the next build;
* ``markup``: pandoc's HTML as docutils nodes and plain text;
* ``pandoc``: the pandoc binary of PyPI's pypandoc-binary, and ``batch.lua``;
* ``styles/``: the official CSL styles shipped with the package (see
  ``styles/SOURCES.md``); ``citable_blog_csl_style`` names one of them, or any
  other CSL file.
"""
