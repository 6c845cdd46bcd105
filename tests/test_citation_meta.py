"""Each post's <head> describes it for Google Scholar, Zotero and link previews.

Every tag is checked against the post's source (front matter, title), the
first paragraph of the page, the works its source cites (references.bib, as
the CSL items the style renders) and conf.py. tests/test_zotero.py runs
Zotero's own translator on the pages.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest
from conftest import DEFAULT_SITE_URL, PROJECT, copy_project, sphinx_build
from seed import normalise, split_posts
from sphinx_citable_blog.citation.csl.items import bib_to_items
from test_cite_this import BLOG, SOURCES, Source

MARKER = re.compile(r"\s*\[\d+\]")  # "[1]" in the original: became a citation
ITEMS = {item["id"]: item for item in bib_to_items((PROJECT / "references.bib").read_text(encoding="utf-8"))}
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


def expected_description(src: Source, soup) -> str:
    """The page's first paragraph as a reader sees it (citations as the style writes them)."""
    paragraph = soup.select_one("article section > p").__copy__()
    for link in paragraph.select(".paragraph-link"):
        link.decompose()
    text = normalise(paragraph.get_text())
    # The original's words are all there: its "[1]" markers became citations.
    original = [w for w in normalise(MARKER.sub(" ", FIRST_PARAGRAPH[src.title])).split() if w.isalpha()]
    assert all(word in text for word in original)
    return text


def check_description(value: str, src: Source, soup) -> None:
    full = expected_description(src, soup)
    if len(full) <= DESCRIPTION_LIMIT:
        assert value == full
    else:
        assert value.endswith("…") and len(value) <= DESCRIPTION_LIMIT
        assert full.startswith(value.removesuffix("…"))
        assert full[len(value) - 1] == " "  # cut between words


def reference_list_keys(soup) -> list[str]:
    return [li["id"].removeprefix("ref-") for li in soup.select("section#references ul.references > li")]


def item_title(key: str) -> str:
    """The work's title as plain text (a description's markup, such as <span class="nodecor">, dropped)."""
    return re.sub(r"<[^>]+>", "", ITEMS[key]["title"])


@pytest.mark.parametrize("src", SOURCES, ids=IDS)
def test_highwire_tags(site, src):
    tags = head_meta(site.page(src.page))
    assert tags["citation_title"] == [src.title]
    assert tags["citation_author"] == [src.author_inverted]
    assert tags["citation_publication_date"] == [src.date.strftime("%Y/%m/%d")]
    assert tags["citation_online_date"] == [src.date.strftime("%Y/%m/%d")]
    assert tags["citation_public_url"] == [src.url]
    # Zotero saves a blog post (tests/test_zotero.py): no journal, the item type said in Zotero's own tag.
    assert "citation_journal_title" not in tags
    assert tags["z:itemType"] == ["blogPost"]


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
        item = ITEMS[key]
        assert fields["citation_title"] == [item_title(key).replace(";", ",")]
        year = str(item["issued"]["date-parts"][0][0])
        assert fields["citation_publication_date"][0].startswith(year)
        assert "–" not in value and "--" not in value  # "1971–", an open range, is given by its start
        authors = item.get("author") or item.get("editor") or []
        assert len(fields["citation_author"]) == len(authors)
        if "URL" in item:
            assert fields["citation_public_url"] == [item["URL"]]
        if "publisher" in item and item["type"] != "report":
            assert fields["citation_publisher"] == [item["publisher"]]


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
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:title"] == [src.title]
    assert "DC.type" not in tags  # Zotero would copy it into the item as a genre
    assert tags["description"] == tags["og:description"] == tags["twitter:description"]
    check_description(tags["og:description"][0], src, soup)
    check_image(site, tags)


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
    assert data["url"] == data["mainEntityOfPage"]["@id"] == src.url
    assert data["mainEntityOfPage"]["@type"] == "WebPage"
    assert data["isPartOf"] == {"@type": "Blog", "name": BLOG, "url": DEFAULT_SITE_URL}
    assert data["keywords"] == src.tags
    check_description(data["description"], src, soup)
    assert [work["name"] for work in data["citation"]] == [item_title(k) for k in reference_list_keys(soup)]
    # What Google's article rich results ask for.
    assert data["dateModified"] == data["datePublished"]
    assert data["publisher"] == {"@type": "Organization", "name": BLOG, "url": DEFAULT_SITE_URL}
    assert [a["url"] for a in data["author"]] == [DEFAULT_SITE_URL + "blog/author/chris-mills.html"]
    assert data["image"] == head_meta(soup)["og:image"][0]


def check_image(site, tags) -> None:
    """og:image is an absolute address on the site, of a PNG the build wrote, with its size and alt text."""
    (url,) = tags["og:image"]
    assert url.startswith(DEFAULT_SITE_URL)
    path = site.outdir / url.removeprefix(DEFAULT_SITE_URL)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert tags["og:image:width"] == [str(width)] and tags["og:image:height"] == [str(height)]
    assert (width, height) == (1200, 630)
    assert tags["og:image:alt"] == [BLOG] and tags["twitter:image"] == [url]


def test_one_viewport_tag_per_page(site):
    pages = [p for p in site.outdir.rglob("*.html") if p.relative_to(site.outdir).parts[0] != "_static"]
    assert len(pages) >= 30
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert html.count('<meta name="viewport"') == (0 if "http-equiv=\"refresh\"" in html else 1), path


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
    check_image(site, home)


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
    # The citation as the page shows it and the paragraph's "&", escaped, in the description.
    assert tags["description"] == [
        "A title with an ampersand, straight quotes, an en dash, a per cent sign, a hash and a question mark, "
        "citing one work (Senge, 1990) & no more."
    ]
    assert tags["citation_reference"] == [
        "citation_title=The fifth discipline: The art and practice of the learning organization; "
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
    assert f'    url = "{url}",' in bib
    default_host = "chris-mills-child-protection.readthedocs.io"
    for path in [*rtd_build.post_pages(), "posts.bib", "posts/2014/04/outsourcing.ris"]:
        text = (rtd_build.outdir / path).read_text(encoding="utf-8")
        assert default_host not in text, path


# -- The preview image -----------------------------------------------------------------------------------


def test_a_site_image_is_used_as_it_is_and_a_missing_one_stops_the_build(tmp_path):
    src = copy_project(tmp_path / "src")
    image = (PROJECT / "tests" / "data" / "import" / "media" / "2014" / "03" / "referrals-chart.png").read_bytes()
    (src / "_static" / "site-card.png").write_bytes(image)
    build = sphinx_build(src, tmp_path / "html", "-D", "citable_blog_image=_static/site-card.png")
    assert build.returncode == 0, build.stderr
    tags = head_meta(build.page("posts/2014/04/outsourcing.html"))
    assert tags["og:image"] == [DEFAULT_SITE_URL + "_static/site-card.png"]
    assert (build.outdir / "_static" / "site-card.png").read_bytes() == image
    assert not (build.outdir / "_static" / "citable-blog-card.png").exists()
    missing = sphinx_build(src, tmp_path / "html2", "-D", "citable_blog_image=_static/nothing.png")
    assert missing.returncode == 1
    # Set with -D, not in conf.py: no line to name, and no "conf.py.rst" either.
    assert "ERROR: citable_blog_image: '_static/nothing.png' is no file of the site" in missing.stderr
    assert ".rst" not in missing.stderr
    assert missing.crash_logs == [] and not list((tmp_path / "html2").rglob("*.html"))


def test_the_card_drawn_follows_the_blogs_title(tmp_path):
    """The card is kept between builds, and drawn again when the blog's name changes."""
    from sphinx_citable_blog.citation.preview_image import draw_card  # noqa: PLC0415

    src = copy_project(tmp_path / "src")
    card = tmp_path / "html" / "_static" / "citable-blog-card.png"
    first = sphinx_build(src, tmp_path / "html")
    assert first.returncode == 0, first.stderr
    assert card.read_bytes() == draw_card(BLOG)
    renamed = sphinx_build(src, tmp_path / "html", "-D", "blog_title=Another Blog Entirely")
    assert renamed.returncode == 0, renamed.stderr
    assert card.read_bytes() == draw_card("Another Blog Entirely") != draw_card(BLOG)
    assert len(list((tmp_path / "html.doctrees" / "preview_card").glob("*.png"))) == 1  # the last one only
