"""A post's reference as data for other programs: a CSL item, a BibTeX entry, a RIS record.

Each is written by a library for its format, from the post's
:class:`~sphinx_citable_blog.citation.records.PostRecord`:

* the CSL-JSON item (type ``post-weblog``) that the CSL styles render into
  "Cite this post" (``cite_this``);
* the BibTeX entry, by pybtex's BibTeX writer (``compat.pybtex``), its text
  escaped for TeX by :func:`tex_escape` (by hand: latexcodec, which pybtex
  uses, leaves ``$``, ``^``, ``\\``, ``{`` and ``}`` as markup, and a post's
  title is plain text); type
  ``@online`` (biblatex's for a web page; BibTeX styles read it as ``@misc``),
  the blog's name as ``organization`` (which biblatex prints for ``@online``)
  and ``howpublished`` (which BibTeX's ``@misc`` prints), the title braced so
  that styles keep its capitals, the full date as ``date`` (biblatex) and the
  year as ``year`` (BibTeX; pybtex writes no ``month`` macro, and "4" would
  print as it is). UTF-8, which biber and LaTeX read directly;
* the RIS record, by rispy: type ``BLOG``, one line per value, CRLF line ends
  as the RIS specification asks.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable
from typing import Any

import rispy
from pybtex.database import BibliographyData, Entry, Person

from sphinx_citable_blog.citation.records import Name, PostRecord
from sphinx_citable_blog.compat.pybtex import BibTeXWriter

# -- CSL ----------------------------------------------------------------------------------


def csl_name(name: Name) -> dict[str, str]:
    if name.corporate or not name.given:
        return {"literal": name.family}
    out = {"family": name.family, "given": name.given}
    if name.suffix:
        out["suffix"] = name.suffix
    return out


def csl_item(post: PostRecord) -> dict[str, Any]:
    """The post as a CSL-JSON item: a blog post, its blog the container."""
    day = post.day
    return {
        "id": post.key,
        "type": "post-weblog",
        "title": post.title,
        "author": [csl_name(n) for n in post.creators],
        "container-title": post.blog_name,
        "issued": {"date-parts": [[day.year, day.month, day.day]]},
        "URL": post.url,
        "language": post.language,
        **({"DOI": post.doi} if post.doi else {}),
    }


# -- BibTeX -------------------------------------------------------------------------------

TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    # Not \{ and \}: BibTeX counts every brace, escaped or not, to find a field's end.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
TEX_SPECIAL = re.compile("|".join(re.escape(c) for c in TEX_SPECIALS))


def tex_escape(text: str) -> str:
    """Plain *text* as LaTeX: TeX's special characters escaped, everything else (Unicode too) kept."""
    return TEX_SPECIAL.sub(lambda m: TEX_SPECIALS[m.group()], " ".join(text.split()))


def bibtex_url(url: str) -> str:
    """A web address as a verbatim field: braces would end the field, nothing else needs escaping."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")



def _person(name: Name) -> Person:
    if name.corporate or not name.given:
        # Braced, so that BibTeX never splits an organisation into given and family names.
        return Person(last="{" + tex_escape(name.family) + "}")
    return Person(first=tex_escape(name.given), last=tex_escape(name.family), lineage=tex_escape(name.suffix))


def bibtex_entry(post: PostRecord) -> Entry:
    day = post.day
    fields = [
        ("title", "{" + tex_escape(post.title) + "}"),
        ("year", str(day.year)),
        ("date", day.isoformat()),
        ("url", bibtex_url(post.url)),
        ("organization", tex_escape(post.blog_name)),
        ("howpublished", tex_escape(post.blog_name)),
        *([("doi", bibtex_url(post.doi))] if post.doi else []),
    ]
    return Entry("online", fields=fields, persons={"author": [_person(n) for n in post.creators]})


def bibtex(posts: Iterable[PostRecord], entry_text: Callable[[PostRecord], str] | None = None) -> str:
    """The BibTeX entries of *posts*, in their order, each ending with a newline.

    pybtex's writer separates entries by an empty line; each entry is written
    once per process (a post's page shows its entry, posts.bib has them all),
    or taken from *entry_text* (:class:`EntryTexts`) when given.
    """
    text = "\n".join((entry_text or _bibtex_entry_text)(post) for post in posts)
    return text if text.endswith("\n") else text + "\n"


def record_digest(post: PostRecord) -> str:
    """A digest of everything in *post* (its ``repr``: the record and its names are dataclasses)."""
    return hashlib.sha256(repr(post).encode("utf-8")).hexdigest()


class EntryTexts:
    """The texts of posts' BibTeX entries by :func:`record_digest`: those given (written by an earlier
    build), and those written now; :attr:`now` holds every entry asked for."""

    def __init__(self, earlier: dict[str, str]) -> None:
        self.earlier = earlier
        self.now: dict[str, str] = {}
        self.written = 0  # by pybtex, not found among the earlier ones

    def __call__(self, post: PostRecord) -> str:
        digest = record_digest(post)
        text = self.earlier.get(digest)
        if text is None:
            text = _bibtex_entry_text(post)
            self.written += 1
        self.now[digest] = text
        return text


@functools.lru_cache(maxsize=8192)
def _bibtex_entry_text(post: PostRecord) -> str:
    return BibTeXWriter(encoding="UTF-8").to_string(BibliographyData({post.key: bibtex_entry(post)}))


# -- RIS ----------------------------------------------------------------------------------


class RisWriter(rispy.RisWriter):
    """rispy's writer, without its numbering line before each record, and with CRLF line ends."""

    NEWLINE = "\r\n"

    def set_header(self, count: int) -> str:
        return ""


def _line(text: str) -> str:
    # A value is one line: a line break in it would start a new (bogus) tag.
    return " ".join(text.split())


def ris(post: PostRecord) -> str:
    """The post as a RIS record (type ``BLOG``) for EndNote, RefWorks and Zotero."""
    day = post.day
    record: dict[str, Any] = {
        "type_of_reference": "BLOG",
        "title": _line(post.title),
        "authors": [_line(n.inverted) for n in post.creators],
        "year": str(day.year),
        "date": f"{day.year:04d}/{day.month:02d}/{day.day:02d}/",
        "secondary_title": _line(post.blog_name),
        "urls": [post.url],
        "language": post.language,
        "keywords": [_line(tag) for tag in post.tags],
        **({"doi": post.doi} if post.doi else {}),
    }
    return rispy.dumps([record], implementation=RisWriter)
