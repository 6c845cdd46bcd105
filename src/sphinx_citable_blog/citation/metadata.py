"""A post and the works it cites as page metadata: Highwire Press values and schema.org JSON-LD.

Plain functions with no Sphinx in them; ``head_meta`` puts their output in
each post's ``<head>``. The works come as CSL-JSON items, the same data the
citation style renders, so accents are decoded and a chapter has its book's
title and year (``crossref``) here as on the page.

* ``citation_reference`` values use the ``key=value; key=value`` form of the
  Highwire Press tags themselves, which Google Scholar reads;
* dates are given as far as the work gives them (``2014``, ``2014/03``,
  ``2014/04/08``); a range ("1971–", a journal still published) by its start.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from typing import Any

import lxml.html

from sphinx_citable_blog.citation.identifiers import doi_url
from sphinx_citable_blog.citation.records import Name, PostRecord

# CSL item types (CSL 1.0.2) and the schema.org types of the same works.
SCHEMA_TYPES = {
    "article": "Article",
    "article-journal": "ScholarlyArticle",
    "article-magazine": "Article",
    "article-newspaper": "NewsArticle",
    "book": "Book",
    "chapter": "Chapter",
    "dataset": "Dataset",
    "legislation": "Legislation",
    "paper-conference": "ScholarlyArticle",
    "periodical": "Periodical",
    "post": "SocialMediaPosting",
    "post-weblog": "BlogPosting",
    "report": "Report",
    "thesis": "Thesis",
    "webpage": "WebPage",
}


def highwire_date(day: dt.date) -> str:
    """Google Scholar's date form: 2014/04/08."""
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


def iso_published(published: dt.datetime | dt.date) -> str:
    """ISO 8601: the date alone, or with the time (as UTC, like the feed) when the post gives one."""
    if isinstance(published, dt.datetime) and published.time() != dt.time(0, 0):
        when = published if published.tzinfo else published.replace(tzinfo=dt.UTC)
        return when.astimezone(dt.UTC).isoformat()
    return (published.date() if isinstance(published, dt.datetime) else published).isoformat()


# -- Works, from CSL-JSON items ----------------------------------------------------------


def text(value: Any) -> str:
    """A CSL-JSON string field as plain text (its few HTML-like tags, such as ``<i>``, dropped)."""
    if not value:
        return ""
    value = str(value)
    if "<" in value:
        value = lxml.html.fragment_fromstring(value, create_parent="div").text_content()
    return " ".join(value.split())


def names(item: dict[str, Any]) -> list[dict[str, str]]:
    """The work's authors, or its editors when it has no author."""
    return list(item.get("author") or item.get("editor") or [])


def inverted(name: dict[str, str]) -> str:
    """"Senge, Peter M." or "Department for Education"."""
    if name.get("literal"):
        return text(name["literal"])
    family = " ".join(p for p in (name.get("non-dropping-particle"), name.get("family")) if p)
    given = " ".join(p for p in (name.get("given"), name.get("dropping-particle")) if p)
    return ", ".join(text(p) for p in (family, given, name.get("suffix")) if p)


def issued(item: dict[str, Any], sep: str = "/") -> str:
    """The work's date as far as it is known (the start of a range), or ""."""
    date = item.get("issued") or {}
    parts = (date.get("date-parts") or [[]])[0]
    parts = [int(p) for p in parts if str(p).lstrip("-").isdigit()]
    if not parts:
        found = re.search(r"\d{4}", str(date.get("literal") or date.get("raw") or ""))
        return found.group() if found else ""
    return sep.join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(parts[:3]))


def highwire_reference(item: dict[str, Any]) -> str:
    """One ``citation_reference`` value: ``citation_title=...; citation_author=...; ...``."""
    kind = item.get("type", "")
    pairs = [("citation_title", text(item.get("title")))]
    pairs += [("citation_author", inverted(n)) for n in names(item)]
    if issued(item):
        pairs.append(("citation_publication_date", issued(item)))
    container = text(item.get("container-title"))
    publisher = text(item.get("publisher"))
    if kind.startswith("article") and container:
        pairs.append(("citation_journal_title", container))
    elif kind == "report" and publisher:
        pairs.append(("citation_technical_report_institution", publisher))
    elif kind == "chapter" and container:
        pairs.append(("citation_inbook_title", container))
    elif publisher:
        pairs.append(("citation_publisher", publisher))
    for field, name in (("volume", "citation_volume"), ("issue", "citation_issue"), ("DOI", "citation_doi")):
        if item.get(field):
            pairs.append((name, text(item[field])))
    if item.get("URL"):
        pairs.append(("citation_public_url", str(item["URL"])))
    # ";" separates the pairs, so a value must not contain one.
    return "; ".join(f"{k}={v.replace(';', ',')}" for k, v in pairs if v)


def schema_agent(name: Name) -> dict[str, str]:
    if name.corporate or not name.given:
        return {"@type": "Organization", "name": name.family}
    return {"@type": "Person", "name": name.full, "givenName": name.given, "familyName": name.family}


def schema_name(name: dict[str, str]) -> dict[str, str]:
    if name.get("literal") or not name.get("given"):
        return {"@type": "Organization", "name": text(name.get("literal") or name.get("family"))}
    family = " ".join(p for p in (name.get("non-dropping-particle"), name.get("family")) if p)
    given = text(name.get("given"))
    return {"@type": "Person", "name": f"{given} {text(family)}", "givenName": given, "familyName": text(family)}


def schema_work(item: dict[str, Any]) -> dict[str, object]:
    data: dict[str, object] = {"@type": SCHEMA_TYPES.get(item.get("type", ""), "CreativeWork"),
                               "name": text(item.get("title"))}
    if names(item):
        data["author"] = [schema_name(n) for n in names(item)]
    if issued(item):
        data["datePublished"] = issued(item, "-")
    if item.get("publisher"):
        data["publisher"] = {"@type": "Organization", "name": text(item["publisher"])}
    if item.get("container-title"):
        data["isPartOf"] = {"@type": "CreativeWork", "name": text(item["container-title"])}
    if item.get("DOI"):
        data["sameAs"] = "https://doi.org/" + str(item["DOI"])
    if item.get("URL"):
        data["url"] = str(item["URL"])
    return data


# -- The post ---------------------------------------------------------------------------------


def json_ld(post: PostRecord, description: str = "", works: Sequence[dict[str, Any]] = (), site_url: str = "",
            modified: str = "", image: str = "", author_url: str = "", licence: str = "",
            author_ids: dict[str, str] | None = None) -> dict:
    """schema.org ``BlogPosting`` data for the post: what Google's article rich results ask for, and more."""
    authors = []
    for name in post.creators:
        agent = schema_agent(name)
        if author_url and not name.corporate:
            agent["url"] = author_url
        if (author_ids or {}).get(name.full):
            agent["sameAs"] = author_ids[name.full]
        authors.append(agent)
    published = iso_published(post.published)
    blog = {"@type": "Blog", "name": post.blog_name, **({"url": site_url} if site_url else {})}
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "name": post.title,
        "author": authors,
        "datePublished": published,
        "dateModified": modified or published,
        "publisher": {"@type": "Organization", "name": post.blog_name, **({"url": site_url} if site_url else {})},
        "url": post.url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": post.url},
        "inLanguage": post.language,
        "isPartOf": blog,
    }
    if licence:
        data["license"] = licence
    if post.doi:
        doi = doi_url(post.doi)
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": post.doi, "url": doi}
        data["sameAs"] = doi
    if image:
        data["image"] = image
    if description:
        data["description"] = description
    if post.category:
        data["articleSection"] = post.category
    if post.tags:
        data["keywords"] = list(post.tags)
    if works:
        data["citation"] = [schema_work(w) for w in works]
    return data


def json_ld_script(data: dict) -> str:
    """*data* as a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so no title can close
    the script element ("</script>") or open a comment in it.
    """
    out = json.dumps(data, ensure_ascii=False, indent=1)
    out = out.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">\n{out}\n</script>'


def plain_description(value: str, limit: int = 300) -> str:
    """A paragraph's text, tidied for a description tag.

    Citations have already been taken out, which leaves a space before the
    punctuation that followed them ("Work . (http://...)"): that space goes.
    Text longer than *limit* is cut at a word boundary and ends with "…".
    """
    value = " ".join(value.split())
    value = re.sub(r"\s+([.,;:!?)\]])", r"\1", value)
    value = re.sub(r"\(\s*\)|\[\s*\]", "", value)
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–-") + "…"
