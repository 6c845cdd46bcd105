"""Each post's <head> describes it for Google Scholar, Zotero and link previews.

Every tag is checked against the post's source (front matter, title), the
original text of its first paragraph (tests/data/seed.txt), the works its
source cites (references.bib) and conf.py.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest
from conftest import DEFAULT_SITE_URL, PROJECT, copy_project, sphinx_build
from pybtex.database import parse_file
from pybtex.richtext import Text
from seed import normalise, split_posts
from test_cite_this import BLOG, SOURCES, Source

MARKER = re.compile(r"\s*\[\d+\]")  # "[1]" in the original: became a citation
BIB = parse_file(str(PROJECT / "references.bib")).entries
FIRST_PARAGRAPH = {post.title: post.paragraphs[0] for post in split_posts()}
DESCRIPTION_LIMIT = 300
IDS = [s.page.rsplit("/", 1)[1][:30] for s in SOURCES]


def head_meta(soup) -> dict[str, list[str]]:
    """Every <meta name|property=... content=...> of the head, in order."""
    tags = defaultdict(list)
    for meta in soup.head.find_all("meta"):
        key = meta.get("name") or meta.get("property")
        if key and meta.has_attr("content"):
            tags[key].append(meta["content"])
    return tags


def json_ld(soup) -> dict:
    scripts = soup.head.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def expected_description(src: Source) -> str:
    # The original paragraph, without its citation markers and the space they leave.
    text = re.sub(r"\s+([.,;:)\]])", r"\1", normalise(MARKER.sub("", FIRST_PARAGRAPH[src.title])))
    return " ".join(text.split())


def check_description(value: str, src: Source) -> None:
    full = expected_description(src)
    if len(full) <= DESCRIPTION_LIMIT:
        assert value == full
    else:
        assert value.endswith("…") and len(value) <= DESCRIPTION_LIMIT
        assert full.startswith(value.removesuffix("…"))
        assert full[len(value) - 1] == " "  # cut between words


def reference_list_keys(soup) -> list[str]:
    return [div["id"].removeprefix("ref-") for div in soup.select("section#references div.citation")]


def bib_title(key: str) -> str:
    return Text.from_latex(BIB[key].fields["title"]).render_as("text")


@pytest.mark.parametrize("src", SOURCES, ids=IDS)
def test_highwire_tags(site, src):
    tags = head_meta(site.page(src.page))
    assert tags["citation_title"] == [src.title]
    assert tags["citation_author"] == [src.author_inverted]
    assert tags["citation_publication_date"] == [src.date.strftime("%Y/%m/%d")]
    assert tags["citation_online_date"] == [src.date.strftime("%Y/%m/%d")]
    assert tags["citation_public_url"] == [src.url]
    assert tags["citation_journal_title"] == [BLOG]


@pytest.mark.parametrize("src", SOURCES, ids=IDS)
def test_one_citation_reference_per_work_in_the_reference_list(site, src):
    soup = site.page(src.page)
    keys = reference_list_keys(soup)
    assert keys
    references = head_meta(soup)["citation_reference"]
    assert len(references) == len(keys)
    for key, value in zip(keys, references, strict=True):
        pairs = [pair.partition("=") for pair in value.split("; ")]
        fields = defaultdict(list)
        for name, _, text in pairs:
            fields[name].append(text)
        assert fields["citation_title"] == [bib_title(key).replace(";", ",")]
        assert fields["citation_publication_date"] == [BIB[key].fields["year"].replace("--", "–")]
        authors = BIB[key].persons.get("author", [])
        assert len(fields["citation_author"]) == len(authors)
        if "url" in BIB[key].fields:
            assert fields["citation_public_url"] == [BIB[key].fields["url"]]


@pytest.mark.parametrize("src", SOURCES, ids=IDS)
def test_dublin_core_opengraph_and_twitter(site, src):
    soup = site.page(src.page)
    tags = head_meta(soup)
    assert tags["DC.title"] == [src.title]
    assert tags["DC.creator"] == [src.author_inverted]
    assert tags["DC.date"] == [src.date.isoformat()]
    assert soup.head.find("link", rel="schema.DC")["href"] == "http://purl.org/dc/elements/1.1/"
    assert tags["og:type"] == ["article"]
    assert tags["og:title"] == [src.title]
    assert tags["og:url"] == [src.url]
    assert tags["og:site_name"] == [BLOG]
    assert tags["article:published_time"] == [src.date.isoformat()]
    assert tags["article:author"] == [src.author]
    assert tags["article:section"] == [src.category]
    assert tags["article:tag"] == src.tags
    assert tags["twitter:card"] == ["summary"]
    assert tags["twitter:title"] == [src.title]
    assert tags["description"] == tags["og:description"] == tags["twitter:description"]
    check_description(tags["og:description"][0], src)


@pytest.mark.parametrize("src", SOURCES, ids=IDS)
def test_canonical_link_is_single_and_absolute(site, src):
    links = site.page(src.page).head.find_all("link", rel="canonical")
    assert [link["href"] for link in links] == [src.url]


@pytest.mark.parametrize("src", SOURCES, ids=IDS)
def test_json_ld_blog_posting(site, src):
    soup = site.page(src.page)
    raw = soup.head.find("script", type="application/ld+json").string
    assert "</" not in raw
    data = json_ld(soup)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == src.title
    assert [a["name"] for a in data["author"]] == [src.author]
    assert data["datePublished"] == src.date.isoformat()
    assert data["url"] == data["mainEntityOfPage"] == src.url
    assert data["isPartOf"] == {"@type": "Blog", "name": BLOG, "url": DEFAULT_SITE_URL}
    assert data["keywords"] == src.tags
    check_description(data["description"], src)
    assert [work["name"] for work in data["citation"]] == [bib_title(k) for k in reference_list_keys(soup)]


def test_other_pages_have_a_canonical_link_and_no_citation_tags(site):
    pages = [
        p.relative_to(site.outdir).as_posix()
        for p in site.outdir.rglob("*.html")
        if p.relative_to(site.outdir).parts[0] not in ("posts", "_static")
    ]
    assert {"index.html", "about.html", "how-to-cite.html", "blog/tag/policy.html", "blog/2014.html"} <= set(pages)
    for page in pages:
        soup = site.page(page)
        names = [m.get("name") or m.get("property") or "" for m in soup.head.find_all("meta")]
        assert not [n for n in names if n.startswith(("citation_", "DC.", "article:"))], page
        assert not soup.head.find_all("script", type="application/ld+json"), page
        links = [link["href"] for link in soup.head.find_all("link", rel="canonical")]
        if page == "404.html":  # served at any address: its link is the 404 page's business
            assert len(links) <= 1
        else:
            assert links == [DEFAULT_SITE_URL + page], page
    # Pages written as documents are described for link previews too.
    home = head_meta(site.page("index.html"))
    assert home["og:type"] == ["website"]
    assert home["og:url"] == [DEFAULT_SITE_URL + "index.html"]
    assert home["og:description"][0].startswith("Comment on child protection and children’s social work in England")


# -- Escaping ------------------------------------------------------------------------------------------


def test_awkward_title_is_escaped_in_attributes_and_json_ld(bad_build):
    build = bad_build("awkward-title")
    assert build.returncode == 0, build.stderr
    page = "posts/2014/04/blame-and-learning.html"
    soup = build.page(page)
    title = "Blame & “learning” – 100% of the #1 problem?"
    tags = head_meta(soup)
    for name in ("citation_title", "DC.title", "og:title", "twitter:title"):
        assert tags[name] == [title], name
    html = (build.outdir / page).read_text(encoding="utf-8")
    assert '<meta name="citation_title" content="Blame &amp; “learning” – 100% of the #1 problem?" />' in html
    raw = soup.head.find("script", type="application/ld+json").string
    assert '"headline": "Blame \\u0026 “learning” – 100% of the #1 problem?"' in raw
    assert json_ld(soup)["headline"] == title
    # The citation and the paragraph's "&" in the description: citation gone, "&" escaped.
    assert tags["description"] == [
        "A title with an ampersand, straight quotes, an en dash, a per cent sign, a hash and a question mark, "
        "citing one work & no more."
    ]
    assert tags["citation_reference"] == [
        "citation_title=The Fifth Discipline: The Art and Practice of the Learning Organization; "
        "citation_author=Senge, Peter M.; citation_publication_date=1990; citation_publisher=Doubleday/Currency"
    ]


# -- One address -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rtd_build(tmp_path_factory):
    """The site built as Read the Docs builds it, for another address."""
    base = tmp_path_factory.mktemp("cite-rtd")
    build = sphinx_build(
        copy_project(base / "src"), base / "html", env={"READTHEDOCS": "True", "READTHEDOCS_CANONICAL_URL": RTD_URL}
    )
    assert build.returncode == 0, build.stderr
    return build


RTD_URL = "https://blog.example.org/en/stable/"


def test_every_address_follows_the_sites_address(rtd_build):
    src = next(s for s in SOURCES if s.page.endswith("outsourcing.html"))
    url = RTD_URL + src.page
    soup = rtd_build.page(src.page)
    tags = head_meta(soup)
    assert tags["citation_public_url"] == tags["og:url"] == tags["DC.identifier"] == [url]
    assert json_ld(soup)["url"] == url
    assert soup.select_one("section#cite-this-post p.cite-apa a")["href"] == url
    assert f"UR  - {url}\r\n" in (rtd_build.outdir / "posts/2014/04/outsourcing.ris").read_bytes().decode("utf-8")
    bib = (rtd_build.outdir / "posts.bib").read_text(encoding="utf-8")
    assert f"url          = {{{url}}}," in bib
    default_host = "chris-mills-child-protection.readthedocs.io"
    for path in [*rtd_build.post_pages(), "posts.bib", "posts/2014/04/outsourcing.ris"]:
        text = (rtd_build.outdir / path).read_text(encoding="utf-8")
        assert default_host not in text, path
