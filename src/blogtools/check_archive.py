"""``make check-archive``: what the built site still lacks for a scholarly blog archive that gives posts DOIs.

Archives such as Rogue Scholar register a DOI for each post of a blog that
meets their guidelines. This reads the built site (``_build/html``), as the
archive would, and reports for each requirement how many published posts
meet it and, for those that do not, what to set:

* required: the full text of each post in a public feed (Atom or JSON Feed),
  with its title, author and date; a page per post; a Creative Commons
  licence;
* recommended: a description, language and last-updated date, citation
  metadata and schema.org JSON-LD on the page, a BibTeX download, ORCID iDs
  for the authors, a "References" heading followed by the list, and a DOI
  once the archive has given one.

It exits with status 0 when every post meets every requirement, 1 otherwise
(2 when there is no built site to read). Nothing is changed: the report says
which setting or front-matter key to add. Written by hand: the requirements
are the archive's, read from the pages with lxml.

Run as ``python -m blogtools check-archive [OUTDIR]`` (default ``_build/html``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree, html

ATOM = {"a": "http://www.w3.org/2005/Atom"}


@dataclass
class Post:
    path: str  # relative to the site, "posts/2014/04/outsourcing.html"
    page: html.HtmlElement
    feed_entry: etree._Element | None

    def metas(self, name: str) -> list[str]:
        return [m.get("content", "") for m in self.page.xpath(f'//meta[@name="{name}" or @property="{name}"]')]

    def json_ld(self) -> dict:
        for script in self.page.xpath('//script[@type="application/ld+json"]'):
            try:
                return json.loads(script.text or "{}")
            except ValueError:
                return {}
        return {}


@dataclass(frozen=True)
class Requirement:
    name: str
    required: bool
    met: Callable[[Post], bool]
    fix: str  # what the author sets when a post does not meet it


def in_feed(post: Post) -> bool:
    entry = post.feed_entry
    if entry is None:
        return False
    content = entry.findtext("a:content", namespaces=ATOM) or ""
    return bool(entry.findtext("a:title", namespaces=ATOM)) and bool(entry.findtext("a:published", namespaces=ATOM)) \
        and len(content) > 200


def has_references(post: Post) -> bool:
    if not post.page.xpath('//a[starts-with(@href, "#ref-")]'):
        return True  # a post citing nothing needs no list
    return bool(post.page.xpath('//section[h2[starts-with(normalize-space(), "References")]]'
                                '/*[self::ol or self::ul][li]'))


REQUIREMENTS = [
    Requirement("full text in a public feed (Atom, JSON Feed), with title and date", True, in_feed,
                "check blog_baseurl and the feed settings in conf.py"),
    Requirement("one page per post, with its permanent address", True,
                lambda p: bool(p.metas("citation_public_url")), "check html_baseurl in conf.py"),
    Requirement("a Creative Commons licence", True, lambda p: bool(p.page.xpath('//link[@rel="license"]')),
                'choose one and set citable_blog_license in conf.py (e.g. "CC-BY-4.0")'),
    Requirement("an author", True, lambda p: bool(p.metas("citation_author")), "give the post an author:"),
    Requirement("a description", False, lambda p: bool(p.metas("description")), "start the post with a paragraph"),
    Requirement("its language", False, lambda p: bool(p.metas("citation_language")), "set language in conf.py"),
    Requirement("a last-updated date (feed and JSON-LD)", False,
                lambda p: bool(p.json_ld().get("dateModified")) and p.feed_entry is not None
                and bool(p.feed_entry.findtext("a:updated", namespaces=ATOM)),
                "updated: in the front matter, when the post changed"),
    Requirement("citation metadata (Highwire Press)", False,
                lambda p: bool(p.metas("citation_title")) and bool(p.metas("citation_publication_date")), "–"),
    Requirement("schema.org JSON-LD", False, lambda p: p.json_ld().get("@type") == "BlogPosting", "–"),
    Requirement("a BibTeX download", False, lambda p: bool(p.page.xpath('//pre[contains(., "@online")] | '
                                                                         '//*[contains(@class, "cite-bibtex")]')),
                "–"),
    Requirement("an ORCID iD for each author", False,
                lambda p: len(p.metas("citation_author_orcid")) >= len(p.metas("citation_author")) > 0,
                "set citable_blog_orcids in conf.py"),
    Requirement('a "References" heading followed by the list', False, has_references,
                'end the post with "## References" and its bibliography'),
    Requirement("a DOI", False, lambda p: bool(p.metas("citation_doi")),
                "doi: in the front matter, once the archive has registered one"),
]


def read_site(outdir: Path) -> list[Post]:
    feed_path = outdir / "blog" / "atom.xml"
    entries = {}
    if feed_path.is_file():
        for entry in etree.parse(str(feed_path)).getroot().findall("a:entry", ATOM):
            entries[entry.findtext("a:id", namespaces=ATOM)] = entry
    posts = []
    for path in sorted((outdir / "posts").rglob("*.html")):
        page = html.parse(str(path)).getroot()
        if not page.xpath('//meta[@name="citation_title"]'):
            continue  # a redirect page, not a post
        if page.xpath('//*[contains(@class, "draft-banner")]'):
            continue
        url = next(iter(page.xpath('//meta[@name="citation_public_url"]/@content')), "")
        posts.append(Post(path.relative_to(outdir).as_posix(), page, entries.get(url)))
    return posts


def report(posts: list[Post]) -> tuple[str, bool]:
    """The table of requirements, and whether every post meets every one."""
    lines = [f"Archive readiness of {len(posts)} published posts:", "",
             "| requirement | kind | posts meeting it | to do |", "|---|---|---:|---|"]
    ready = True
    for requirement in REQUIREMENTS:
        missing = [post.path for post in posts if not requirement.met(post)]
        ready = ready and not missing
        todo = "–" if not missing else requirement.fix
        if missing and requirement.fix.endswith(":"):
            todo += " " + ", ".join(missing)
        kind = "required" if requirement.required else "recommended"
        lines.append(f"| {requirement.name} | {kind} | {len(posts) - len(missing)} of {len(posts)} | {todo} |")
    lines += ["", "Ready for an archive." if ready else "Not ready yet: see the last column."]
    return "\n".join(lines), ready


def main(argv: list[str]) -> int:
    outdir = Path(argv[0]) if argv else Path("_build/html")
    if not (outdir / "index.html").is_file():
        print(f"blogtools check-archive: no built site in {outdir}: run `make html` first")
        return 2
    posts = read_site(outdir)
    text, ready = report(posts)
    print(text)
    return 0 if ready and posts else 1
