"""A post's DOI and the date it was last updated, from its front matter (``doi:``, ``updated:``).

A blog archive such as Rogue Scholar registers a DOI for each post; once it
has one, the writer adds it to the post's front matter, and every reference
to the post carries it: the byline, "Cite this post" (the style puts it where
it belongs: APA gives the DOI instead of the address), the page's metadata,
the RIS and BibTeX files and the feeds. ``updated:`` is the day the writer
last changed the post in substance: it sets ``dateModified``, the feed
entry's ``<updated>`` and the sitemap's ``<lastmod>``, and the byline says
"Updated on …".

A DOI is written ``10.<registrant>/<suffix>`` (the DOI Handbook, 2.2), or as
its ``https://doi.org/`` address, or with ``doi:`` before it. DOIs are
case-insensitive, so each is kept in lower case, as DataCite and doi.org give
them. Nothing here makes a DOI up: a post has one only when its front matter
says so. Written by hand: a regular expression and a comparison of dates, for
which no library is needed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from sphinx_citable_blog.compat.ablog import post_records

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# The DOI Handbook's syntax: "10." and a registrant code of dotted digits, "/", a suffix of any printable characters.
DOI = re.compile(r"10\.\d{4,9}(?:\.\d+)*/\S+")
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:")
DOI_HINT = "write it as 10.NNNN/suffix, or as its address, https://doi.org/10.NNNN/suffix"


def normalise_doi(value: str) -> str | None:
    """The DOI in *value*, in lower case and without its address or ``doi:`` prefix; None if it is no DOI."""
    text = value.strip()
    for prefix in DOI_PREFIXES:
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
            if prefix.startswith("http"):
                text = unquote(text)
            break
    return text.lower() if DOI.fullmatch(text) else None


def doi_url(doi: str) -> str:
    """The DOI's address at doi.org: what Crossref's display guidelines ask to show."""
    return "https://doi.org/" + quote(doi, safe="/:;()._-~+,=!*'@$&[]")


def front_matter(env: BuildEnvironment, docname: str) -> dict[str, Any]:
    return env.metadata.get(docname, {})


def post_doi(env: BuildEnvironment, docname: str) -> str:
    """The post's DOI (normalised), or "" when its front matter gives none."""
    return normalise_doi(str(front_matter(env, docname).get("doi", ""))) or ""


def post_updated(env: BuildEnvironment, docname: str) -> dt.datetime | None:
    """The date the post was last updated (front matter ``updated:``), or None."""
    value = str(front_matter(env, docname).get("updated", "")).strip()
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:  # reported by the front-matter check, which stops the build
        return None


def record_identifiers(app: Sphinx, doctree: nodes.document) -> None:
    """Give ABlog's record of the post its ``updated:`` date, which ABlog's feeds and the sitemap show, and
    its DOI, which ABlog ignores: the record is what the listings, feeds and citation files are rewritten
    for when it changes (``incremental.listings``)."""
    docname = app.env.docname
    updated, doi = post_updated(app.env, docname), post_doi(app.env, docname)
    for record in post_records(app.env).get(docname, []):
        if updated is not None and record.get("date") is not None:
            record["update"] = max(record.get("update") or record["date"], updated)
        if doi:
            record["doi"] = doi
