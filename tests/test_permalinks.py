"""Permanent links: post labels, stable anchors, the manifest, redirects, and bad input."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin

import lxml.etree
import lxml.html
import pytest
from conftest import DEFAULT_SITE_URL, PROJECT, ROOTS, assert_stopped_before_writing, copy_project, sphinx_build
from docutils import nodes
from permalink_manifest import MANIFEST, Site, missing_entries, read_manifest
from sphinx_citable_blog.citation.permalinks import (
    cite_anchor,
    duplicate_slugs,
    normalise_text,
    paragraph_anchor,
    post_label,
    unique_id,
    words,
)
from sphinx import addnodes
from sphinx.util.inventory import InventoryFile

PARAGRAPH_ID = re.compile(r"p-[0-9a-f]{8}(?:-\d+)?")
NUMBERED_ID = re.compile(r"id\d+")
LISTINGS = [
    "index.html", "blog.html", "blog/2014.html", "blog/2014/04.html", "blog/tag/policy.html",
    "blog/tag/research.html", "blog/category/policy-comment.html", "blog/author/chris-mills.html",
]
ATOM = {"a": "http://www.w3.org/2005/Atom"}


# -- Pure helpers ---------------------------------------------------------------------


def test_post_label_is_the_file_name():
    assert post_label("posts/2014/04/pressure-of-work") == "post-pressure-of-work"


def test_paragraph_anchor_depends_on_the_words_alone():
    anchor = paragraph_anchor("The figures show an unrelenting increase.")
    assert PARAGRAPH_ID.fullmatch(anchor)
    assert paragraph_anchor("  The figures show\nan unrelenting   increase. ") == anchor
    assert paragraph_anchor("The figures show an unrelenting increase!") != anchor
    # Composed and decomposed accents are the same words.
    assert normalise_text("nai\u0308ve") == normalise_text("na\u00efve")


def test_paragraph_words_leave_citations_out():
    para = nodes.paragraph("", "", nodes.Text("Published "), addnodes.pending_xref(
        "", nodes.inline("", "nspcc2014howsafe"), refdomain="cite", reftype="p", reftarget="nspcc2014howsafe"
    ), nodes.Text("."), nodes.emphasis("", " really"))
    assert "".join(words(para)) == "Published . really"


def test_unique_id_adds_a_number():
    assert unique_id("p-1", {}) == "p-1"
    assert unique_id("p-1", {"p-1": 0, "p-1-2": 0}) == "p-1-3"


def test_cite_anchors_count_per_key():
    seen: dict[str, int] = {}
    assert [cite_anchor(k, seen) for k in ["senge1990", "rsa2014", "senge1990"]] == [
        "cite-senge1990", "cite-rsa2014", "cite-senge1990-2",
    ]


def test_duplicate_slugs():
    docs = ["posts/2014/04/outsourcing", "posts/2015/01/outsourcing", "posts/2014/04/pressure-of-work"]
    assert duplicate_slugs(docs) == {"outsourcing": ["posts/2014/04/outsourcing", "posts/2015/01/outsourcing"]}


# -- Labels ---------------------------------------------------------------------------


def test_every_post_has_a_label_with_its_title(site):
    """The labels are in the site's inventory, as {ref} resolves them."""
    labels = InventoryFile.loads((site.outdir / "objects.inv").read_bytes(), uri="").data["std:label"]
    for page in site.post_pages():
        title = site.page(page).select_one("article h1").get_text().rstrip("#").strip()
        item = labels[post_label(page.removesuffix(".html"))]
        assert (item.uri, item.display_name) == (page, title)


def test_ref_and_doc_links_to_a_post(bad_build):
    build = bad_build("renamed-post")
    assert build.returncode == 0, build.stderr
    links = build.page("posts/2014/04/pressure-of-work.html").select("article p[id^='p-'] a.reference.internal")
    assert [(a["href"], a.get_text()) for a in links] == [
        ("stepping-up.html", "Stepping up but not staying in?"),
        ("stepping-up.html", "the Step Up post"),
        ("stepping-up.html", "Stepping up but not staying in?"),
    ]


# -- Anchors in a post -------------------------------------------------------------------


def test_no_numbered_ids_on_post_pages(site):
    for page in site.post_pages():
        numbered = [el["id"] for el in site.page(page).select("[id]") if NUMBERED_ID.fullmatch(el["id"])]
        assert not numbered, f"{page}: {numbered}"


def heading(section) -> str:
    return section.find(re.compile(r"h[1-6]")).get_text().rstrip("#").strip()


def source_headings(source: Path) -> set[str]:
    """The headings written in a post's source (not the generated sections)."""
    return set(re.findall(r"^#{1,6} (.+?)\s*$", source.read_text(encoding="utf-8"), re.MULTILINE))


def test_headings_have_slug_anchors(site):
    for page in site.post_pages():
        written = source_headings(PROJECT / Path(page).with_suffix(".md"))
        sections = [s for s in site.page(page).select("article section") if heading(s) in written]
        assert len(sections) == len(written), page
        for section in sections:
            slug = re.sub(r"[^a-z0-9]+", "-", heading(section).lower()).strip("-")
            assert section["id"] == slug, (page, section["id"])


def test_citations_have_ids_from_their_keys_and_back_links(site):
    checked = 0
    for page in site.post_pages():
        soup = site.page(page)
        seen: Counter[str] = Counter()
        for span in soup.select("article span.bibtex-citation"):
            key = span.select_one("a")["href"].removeprefix("#ref-")
            seen[key] += 1
            expected = f"cite-{key}" if seen[key] == 1 else f"cite-{key}-{seen[key]}"
            assert span.get("id") == expected, (page, span)
            checked += 1
        entries = soup.select("section#references ul.references > li")
        assert entries, page
        for entry in entries:
            key = entry["id"].removeprefix("ref-")
            back = [a["href"] for a in entry.select(".backrefs a")]
            expected = [f"#cite-{key}"] + [f"#cite-{key}-{n}" for n in range(2, seen[key] + 1)]
            assert back == expected, (page, key, back)
    assert checked >= 15


def body_paragraphs(soup, source: Path) -> list:
    """The paragraphs of a post's own sections and block quotes, in order.

    Not the byline, the reference list, list items, or sections generated
    after the post's text.
    """
    written = source_headings(source) - {"References"}
    paragraphs = soup.select("article section > p, article section > blockquote > div > p, "
                             "article section > blockquote > p")
    return [p for p in paragraphs if heading(p.find_parent("section")) in written]


def test_every_body_paragraph_has_an_anchor_from_its_words(site):
    for page in site.post_pages():
        soup = site.page(page)
        paragraphs = body_paragraphs(soup, PROJECT / Path(page).with_suffix(".md"))
        assert len(paragraphs) >= 4, page
        for p in paragraphs:
            assert PARAGRAPH_ID.fullmatch(p.get("id", "")), (page, p.get_text()[:60])
            words_only = lxml.html.fragment_fromstring(str(p))
            for cite in words_only.xpath(".//span[contains(@class, 'bibtex-citation')]"):
                cite.drop_tree()
            assert p["id"][:10] == paragraph_anchor(words_only.text_content()), (page, p.get_text()[:60])
        # Nothing else gets a paragraph anchor.
        anchored = soup.select("article p[id^='p-']")
        assert anchored == paragraphs, page


def test_paragraph_links_are_labelled_and_point_at_their_paragraph(site):
    for page in site.post_pages():
        soup = site.page(page)
        links = soup.select("a.paragraph-link")
        assert links, page
        for a in links:
            assert a["href"] == "#" + a.find_parent("p")["id"]
            assert a["aria-label"] == "Link to this paragraph"
            assert a.get_text() == ""  # the pilcrow is drawn by the style sheet
        assert len(links) == len(body_paragraphs(soup, PROJECT / Path(page).with_suffix(".md"))), page
        scripts = [s["src"] for s in soup.select("script[src]")]
        assert any(s.partition("?")[0].endswith("static/permalinks.js") for s in scripts), page
    assert (site.outdir / "_static" / "permalinks.js").is_file()
    css = (site.outdir / "_static" / "blog.css").read_text(encoding="utf-8")
    assert re.search(r'\.paragraph-link::after\s*{\s*content: "¶"', css)
    assert ".paragraph-link:focus" in css


def test_block_quote_paragraphs_have_anchors(site):
    soup = site.page("posts/2014/04/is-it-any-wonder-that-child-protection-social-work-in-england-is-not-a-"
                     "developing-profession.html")
    quoted = soup.select("article blockquote p")
    assert len(quoted) >= 4
    assert all(PARAGRAPH_ID.fullmatch(p.get("id", "")) for p in quoted)


def test_no_duplicate_ids_on_listing_pages(site):
    for listing in LISTINGS:
        soup = site.page(listing)
        # ABlog's postcard2.html template writes ids with spaces in them
        # ("ablog-sidebar-item author ablog__author"), which are not anchors.
        ids = Counter(el["id"] for el in soup.select("[id]") if " " not in el["id"])
        assert not [i for i, n in ids.items() if n > 1], listing
        excerpts = soup.select(".ablog-post-excerpt")
        assert excerpts, listing
        for excerpt in excerpts:
            copied = [el["id"] for el in excerpt.select("[id]")]
            assert not copied, (listing, copied)


def test_feed_copies_carry_no_post_anchors(site):
    feed = lxml.etree.parse(str(site.outdir / "blog" / "atom.xml")).getroot()
    for entry in feed.findall("a:entry", ATOM):
        content = entry.findtext("a:content", namespaces=ATOM)
        ids = re.findall(r'\bid="([^"]+)"', content)
        assert not [i for i in ids if PARAGRAPH_ID.fullmatch(i) or i.startswith("cite-") or NUMBERED_ID.fullmatch(i)]
        assert "paragraph-link" not in content


# -- A site edited after publication ----------------------------------------------------------

EDITED = "posts/2014/04/pressure-of-work"


@pytest.fixture(scope="module")
def edited(site, tmp_path_factory):
    """The site after an edit of Pressure of Work: a paragraph inserted at the top,
    one paragraph reworded with its old anchor kept, another reworded without."""
    before = [p["id"] for p in body_paragraphs(site.page(EDITED + ".html"), PROJECT / (EDITED + ".md"))]
    base = tmp_path_factory.mktemp("edited")
    src = copy_project(base / "src")
    post = src / (EDITED + ".md")
    text = post.read_text(encoding="utf-8")
    text = text.replace("# Pressure of Work\n\n", "# Pressure of Work\n\nA paragraph added later.\n\n", 1)
    kept = "The figures show an unrelenting increase"
    text = text.replace(kept, f"({before[2]})=\n{kept} (reworded)", 1)
    text = text.replace("However, the NSPCC points out", "However, the NSPCC (reworded) points out", 1)
    post.write_text(text, encoding="utf-8")
    build = sphinx_build(src, base / "html")
    assert build.returncode == 0, build.stderr
    return before, build, post


def test_inserting_a_paragraph_changes_no_other_anchor(edited):
    before, build, source = edited
    after = [p["id"] for p in body_paragraphs(build.page(EDITED + ".html"), source)]
    assert len(after) == len(before) + 1
    unchanged = [before[i] for i in (0, 1, 4, 5, 6)]
    assert [after[i] for i in (1, 2, 5, 6, 7)] == unchanged


def test_a_reworded_paragraph_keeps_its_old_anchor_when_the_source_names_it(edited):
    before, build, _ = edited
    page = EDITED + ".html"
    soup = build.page(page)
    reworded = soup.find(id=before[2])
    assert reworded is not None and "(reworded)" in reworded.find_parent("p").get_text()
    entries = [f"{page}#{anchor}" for anchor in before]
    assert missing_entries(build.outdir, entries) == [f"{page}#{before[3]}"]


# -- The manifest -------------------------------------------------------------------------


def test_manifest_is_sorted_and_one_entry_a_line():
    lines = MANIFEST.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(set(lines)), "permalinks.txt must be sorted, without repeats"
    assert all(line and line == line.strip() and " " not in line for line in lines)


def test_every_listed_link_still_exists(site):
    missing = missing_entries(site.outdir, read_manifest())
    assert not missing, (
        "these published links no longer exist and no redirect covers them (restore them, or keep "
        "the old anchor or address: see README, 'Permanent links'):\n" + "\n".join(missing)
    )


def test_every_published_link_is_listed(site):
    new = sorted(Site(site.outdir).published() - set(read_manifest()))
    assert not new, "run `make permalinks` to add these to permalinks.txt:\n" + "\n".join(new)


def test_manifest_covers_posts_anchors_listings_and_feeds():
    entries = set(read_manifest())
    for needed in ["index.html", "about.html", "blog.html", "blog/2014.html", "blog/tag/policy.html",
                   "blog/category/policy-comment.html", "blog/atom.xml",
                   "posts/2014/04/pressure-of-work.html", "posts/2014/04/pressure-of-work.html#references",
                   "posts/2014/04/pressure-of-work.html#ref-nspcc2014howsafe",
                   "posts/2014/04/pressure-of-work.html#cite-nspcc2014howsafe"]:
        assert needed in entries, needed
    assert sum(1 for e in entries if re.search(r"#p-[0-9a-f]{8}$", e)) >= 50


def test_the_check_names_each_missing_entry(site):
    gone = ["posts/2014/04/no-such-post.html", "posts/2014/04/outsourcing.html#p-00000000"]
    assert missing_entries(site.outdir, ["index.html", *gone, "posts/2014/04/outsourcing.html#references"]) == gone


# -- Renaming a post -----------------------------------------------------------------------

OLD = "posts/2014/04/stepping-up-but-not-staying-in.html"
NEW = "posts/2014/04/stepping-up.html"


def test_old_address_of_a_renamed_post_redirects_to_the_new(bad_build):
    build = bad_build("renamed-post")
    assert build.returncode == 0, build.stderr
    old = build.page(OLD)
    refresh = old.select_one('meta[http-equiv="refresh"]')["content"]
    assert re.fullmatch(r"0; url=stepping-up\.html", refresh)
    assert old.select_one("a.redirect-target")["href"] == "stepping-up.html"
    assert old.select_one("link[rel=canonical]")["href"] == urljoin(DEFAULT_SITE_URL, NEW)
    # The script keeps the "#..." of the link that brought the reader here.
    assert 'window.location.replace("stepping-up.html" + window.location.hash)' in str(old)
    assert (build.outdir / NEW).is_file()


def test_a_redirect_covers_the_old_address_and_its_anchors(bad_build):
    build = bad_build("renamed-post")
    new = build.page(NEW)
    source = ROOTS / "renamed-post" / NEW.replace(".html", ".md")
    anchors = [p["id"] for p in body_paragraphs(new, source)] + ["cite-baginsky2014stepup", "ref-baginsky2014stepup"]
    old_entries = [OLD] + [f"{OLD}#{a}" for a in anchors]
    assert missing_entries(build.outdir, old_entries) == []
    assert missing_entries(build.outdir, [f"{OLD}#p-00000000"]) == [f"{OLD}#p-00000000"]
    assert OLD not in Site(build.outdir).published()  # the redirect page is not a page of its own


def test_an_imported_posts_old_blog_addresses_redirect_too(bad_build):
    """Blogger's /YYYY/MM/slug.html and WordPress's /YYYY/MM/DD/slug/ (an index page), kept by an import."""
    build = bad_build("renamed-post")
    for old, target in [
        ("2014/04/stepping-up-but-not-staying-in.html", "../../posts/2014/04/stepping-up.html"),
        ("2014/04/15/stepping-up-but-not-staying-in/index.html", "../../../../posts/2014/04/stepping-up.html"),
    ]:
        page = build.page(old)
        assert page.select_one("a.redirect-target")["href"] == target
        assert page.select_one("link[rel=canonical]")["href"] == urljoin(DEFAULT_SITE_URL, NEW)


REDIRECT_PROBLEMS = [
    *(rf"posts/2014/04/renamed-{name}\.md:6: ERROR: redirect '{re.escape(address)}' is not an old address of a post: "
      r"a redirect is the post's old address in this site, posts/YYYY/MM/old-slug"
      for name, address in [("a", "/tmp/redirect-target/abs"), ("b", "../../../../x"),
                            ("c", "posts/2014/04/../../../../x"), ("d", "https://example.org/x"), ("f", "index")]),
    r"posts/2014/04/renamed-e\.md:6: ERROR: redirect 'posts/2014/04/outsourcing' is the address of a page of the site",
    r"posts/2014/04/renamed-g\.md:6: ERROR: redirect 'posts/2014/04/old-name' is also claimed by posts/2014/04/renamed-h",
    r"posts/2014/04/renamed-h\.md:6: ERROR: redirect 'posts/2014/04/old-name' is also claimed by posts/2014/04/renamed-g",
]


def test_a_redirect_must_be_an_old_address_of_a_post_that_nothing_else_has(bad_build):
    build = bad_build("redirect-bad")
    files = [f"posts/2014/04/renamed-{name}.md" for name in "abcdefgh"]
    assert_stopped_before_writing(build, REDIRECT_PROBLEMS, files)
    base = build.outdir.parent
    assert not list(base.rglob("x.html")) and not Path("/tmp/redirect-target/abs.html").exists()
    assert (base / "src" / "posts" / "2014" / "04" / "outsourcing.md").is_file()


# -- make permalinks -------------------------------------------------------------------------


def test_make_permalinks_adds_new_entries_and_removes_none(tmp_path: Path):
    dest = copy_project(tmp_path / "project")
    shutil.copy(PROJECT / "Makefile", dest)
    shutil.copytree(PROJECT / "tests", dest / "tests", ignore=shutil.ignore_patterns("node_modules", "__pycache__"))
    manifest = dest / "permalinks.txt"
    kept = ["about.html", "posts/2014/04/gone.html"]
    manifest.write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = subprocess.run(["make", "permalinks", f"VENV={Path(sys.prefix)}"], cwd=dest,
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "  - posts/2014/04/gone.html" in result.stderr
    lines = manifest.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    assert set(kept) <= set(lines)
    assert set(read_manifest(MANIFEST)) <= set(lines)
    assert "+ posts/2014/04/outsourcing.html\n" in result.stdout


# -- Bad input ------------------------------------------------------------------------------

BAD_INPUT = {
    "duplicate-slug": [
        (r"posts/2014/04/outsourcing\.md:1: ERROR: post slug 'outsourcing' is also the file name of "
         r"posts/2015/01/outsourcing\.md: both posts would have the label 'post-outsourcing'"),
        (r"posts/2015/01/outsourcing\.md:1: ERROR: post slug 'outsourcing' is also the file name of "
         r"posts/2014/04/outsourcing\.md"),
    ],
    "duplicate-label": [
        (r"posts/2014/04/outsourcing\.md:12: ERROR: label 'post-pressure-of-work' is the label of the post "
         r"posts/2014/04/pressure-of-work\.md; choose another label here"),
        (r"posts/2014/04/outsourcing\.md:17: ERROR: label 'workload-figures' is also defined in "
         r"posts/2014/04/pressure-of-work\.md"),
        (r"posts/2014/04/pressure-of-work\.md:12: ERROR: label 'workload-figures' is also defined in "
         r"posts/2014/04/outsourcing\.md"),
    ],
}


STOPPED_IN = {
    "duplicate-slug": ["posts/2014/04/outsourcing.md", "posts/2015/01/outsourcing.md"],
    "duplicate-label": ["posts/2014/04/outsourcing.md", "posts/2014/04/pressure-of-work.md"],
}


@pytest.mark.parametrize("root", sorted(BAD_INPUT))
def test_bad_input_stops_the_build_naming_the_files(bad_build, root):
    assert_stopped_before_writing(bad_build(root), BAD_INPUT[root], STOPPED_IN[root])
