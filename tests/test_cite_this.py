"""Every post ends with "Cite this post"; the RIS files and posts.bib hold the same references.

The expected values are worked out here from each post's source (front matter
and title) and from conf.py, not from the extension's own code.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from conftest import DEFAULT_SITE_URL, PROJECT
from pybtex.database import parse_file, parse_string
from pybtex.richtext import Text

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
BLOG = re.search(r'^blog_title = "(.+)"$', (PROJECT / "conf.py").read_text(encoding="utf-8"), re.M).group(1)


@dataclass
class Source:
    page: str  # "posts/2014/04/outsourcing.html"
    title: str
    date: dt.date
    author: str
    category: str
    tags: list[str]

    @property
    def url(self) -> str:
        return DEFAULT_SITE_URL + self.page

    @property
    def author_short(self) -> str:  # "Chris Mills" -> "Mills, C."
        given, family = self.author.rsplit(" ", 1)
        return f"{family}, {given[0]}."

    @property
    def author_inverted(self) -> str:  # "Chris Mills" -> "Mills, Chris"
        given, family = self.author.rsplit(" ", 1)
        return f"{family}, {given}"


def read_source(path: Path, root: Path = PROJECT) -> Source:
    text = path.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    title = re.search(r"^# (.+)$", text, re.M).group(1)
    return Source(
        page=path.relative_to(root).with_suffix(".html").as_posix(),
        title=title,
        date=front["date"],
        author=front["author"],
        category=front["category"],
        tags=[t.strip() for t in front["tags"].split(",")],
    )


SOURCES = [read_source(p) for p in sorted((PROJECT / "posts").rglob("*.md"))]


def cite_section(site, page: str):
    return site.page(page).select_one("article section#cite-this-post")


def test_there_are_seven_posts(site):
    assert len(SOURCES) == 7
    assert sorted(s.page for s in SOURCES) == site.post_pages()


@pytest.mark.parametrize("src", SOURCES, ids=lambda s: s.page.rsplit("/", 1)[1][:30])
def test_cite_this_post_follows_the_references(site, src):
    soup = site.page(src.page)
    sections = soup.select("article section#cite-this-post")
    assert len(sections) == 1
    section = sections[0]
    assert section.find("h2").get_text().rstrip("#") == "Cite this post"
    post = soup.select_one("article > section")
    children = [s.get("id") for s in post.find_all("section", recursive=False)]
    assert section.parent is post
    assert children.index("cite-this-post") == children.index("references") + 1


@pytest.mark.parametrize("src", SOURCES, ids=lambda s: s.page.rsplit("/", 1)[1][:30])
def test_apa_and_harvard_references(site, src):
    section = cite_section(site, src.page)
    d = src.date
    stop = "" if src.title.endswith("?") else "."
    apa = section.select_one("p.cite-apa")
    assert " ".join(apa.get_text().split()) == (
        f"{src.author_short} ({d.year}, {MONTHS[d.month - 1]} {d.day}). {src.title}{stop} {BLOG}. {src.url}"
    )
    harvard = section.select_one("p.cite-harvard-cite-them-right")
    assert " ".join(harvard.get_text().split()) == (
        f"{src.author_short} ({d.year}) ‘{src.title}’, {BLOG}, {d.day} {MONTHS[d.month - 1]}. Available at: {src.url}."
    )
    for ref in (apa, harvard):
        assert [em.get_text() for em in ref.find_all("em")] == [BLOG]
        assert [a["href"] for a in ref.find_all("a")] == [src.url]


def test_the_references_are_as_citeproc_js_renders_them(site, tmp_path):
    """Each post as a CSL blog post, rendered by citeproc-js with the same styles, as the page has it."""
    from csl_judge import marked_text_soup

    items = [post_item(src, src.title) for src in SOURCES]
    for style in ("apa", "harvard-cite-them-right"):
        for src in SOURCES:
            ours = marked_text_soup(cite_section(site, src.page).select_one(f"p.cite-{style}"))
            assert ours == judge_alone(style, items, src.page, tmp_path)[src.page], style


def post_item(src: Source, title: str) -> dict:
    """The post as a CSL item, from its source: what a reader's reference manager would hold."""
    given, family = src.author.rsplit(" ", 1)
    return {"id": src.page, "type": "post-weblog", "title": title, "container-title": BLOG,
            "author": [{"family": family, "given": given}], "URL": src.url,
            "issued": {"date-parts": [[src.date.year, src.date.month, src.date.day]]}, "language": "en"}


def judge_alone(style, items, page, tmp_path) -> dict[str, str]:
    """*page*'s reference in *style*, rendered by citeproc-js as the one work of its document (no "2014a")."""
    from csl_judge import judge

    judged = judge(style, "en-GB", items, {page: []}, tmp_path, nocite={page: [page]})
    return {page: judged[page].bibliography[0][1]}


@pytest.mark.parametrize("src", SOURCES, ids=lambda s: s.page.rsplit("/", 1)[1][:30])
def test_bibtex_entry_and_copy_button(site, src):
    soup = site.page(src.page)
    section = cite_section(site, src.page)
    block = section.select_one("div.cite-bibtex pre").get_text()
    entries = parse_string(block, "bibtex").entries
    assert len(entries) == 1
    key, entry = next(iter(entries.items()))
    assert re.fullmatch(r"mills2014[a-z]+", key)
    assert entry.type == "online"
    assert Text.from_latex(entry.fields["title"]).render_as("text") == src.title
    assert [str(p) for p in entry.persons["author"]] == [src.author_inverted]
    assert entry.fields["year"] == str(src.date.year)
    assert "month" not in entry.fields  # "date" has the day; a month number would print as "4"
    assert entry.fields["date"] == src.date.isoformat()
    assert entry.fields["url"] == src.url
    assert entry.fields["organization"] == entry.fields["howpublished"] == BLOG
    assert "urldate" not in entry.fields
    # The copy button names the block it copies, and its script is loaded from the site.
    button = section.select_one("button.cite-copy")
    assert button.has_attr("hidden")  # shown by the script, so never dead without it
    assert soup.find(id=button["data-copy-target"]).select_one("pre").get_text() == block
    scripts = [s["src"].partition("?")[0] for s in soup.select("script[src]")]
    assert "../../../_static/cite-this.js" in scripts
    assert (site.outdir / "_static" / "cite-this.js").is_file()


@pytest.mark.parametrize("src", SOURCES, ids=lambda s: s.page.rsplit("/", 1)[1][:30])
def test_ris_download(site, src):
    link = cite_section(site, src.page).select_one("p.cite-ris a.download")
    assert link.has_attr("download")
    assert "://" not in link["href"]
    ris = site.outdir / Path(src.page).parent / link["href"]
    assert ris.is_file()
    raw = ris.read_bytes().decode("utf-8")
    assert raw.endswith("ER  - \r\n")
    lines = raw.split("\r\n")[:-1]
    assert lines[0] == "TY  - BLOG"
    assert lines[-1] == "ER  - "
    fields = {}
    for line in lines:
        tag, sep, value = line.partition("  - ")
        assert sep and re.fullmatch(r"[A-Z][A-Z0-9]", tag), line
        fields.setdefault(tag, []).append(value)
    assert fields["TI"] == [src.title]
    assert fields["AU"] == [src.author_inverted]
    assert fields["PY"] == [str(src.date.year)]
    assert fields["DA"] == [src.date.strftime("%Y/%m/%d/")]
    assert fields["UR"] == [src.url]
    assert fields["T2"] == [BLOG]
    assert fields["KW"] == src.tags


def test_posts_bib_has_one_entry_per_post(site):
    bib = parse_file(str(site.outdir / "posts.bib"), "bibtex")
    by_url = {entry.fields["url"]: key for key, entry in bib.entries.items()}
    assert len(bib.entries) == len(SOURCES)
    assert set(by_url) == {src.url for src in SOURCES}
    for src in SOURCES:
        entry = bib.entries[by_url[src.url]]
        assert Text.from_latex(entry.fields["title"]).render_as("text") == src.title
        # The same entry, key included, as at the end of the post.
        block = cite_section(site, src.page).select_one("div.cite-bibtex pre").get_text()
        assert block.strip() in (site.outdir / "posts.bib").read_text(encoding="utf-8")
    # Keys never clash with the bibliography's, so both files can be used together.
    assert not set(bib.entries) & set(parse_file(str(PROJECT / "references.bib")).entries)


def test_how_to_cite_page_links_posts_bib(site):
    page = site.page("how-to-cite.html")
    assert page.select_one("article h1").get_text().rstrip("#") == "How to cite this blog"
    link = page.select_one('article a[href="posts.bib"]')
    assert link is not None and link.has_attr("download")
    assert (site.outdir / "posts.bib").is_file()
    # In the site's navigation, and linked from every post's "Cite this post".
    assert site.page("index.html").select_one('nav.bd-docs-nav a[href="how-to-cite.html"]')
    for src in SOURCES:
        more = cite_section(site, src.page).select_one("p.cite-more")
        assert urljoin(src.page, more.select_one("a.internal")["href"]) == "how-to-cite.html"
        download = more.select_one("a.download")
        assert download.has_attr("download") and urljoin(src.page, download["href"]) == "posts.bib"


def test_cite_this_post_is_not_in_feeds_or_excerpts(site):
    feeds = list(site.outdir.rglob("atom.xml"))
    assert len(feeds) > 5
    for feed in feeds:
        text = feed.read_text(encoding="utf-8")
        for marker in ("cite-this-post", "Cite this post", "@online{", "cite-bibtex"):
            assert marker not in text, (feed, marker)
    # The feed holds whole posts, up to their reference lists, so the check above means something.
    main_feed = (site.outdir / "blog" / "atom.xml").read_text(encoding="utf-8")
    assert "I’m becoming an Ofsted bore." in main_feed and "ref-ofsted2014coventry" in main_feed
    listing_pages = [
        p.relative_to(site.outdir).as_posix()
        for p in site.outdir.rglob("*.html")
        if p.relative_to(site.outdir).parts[0] not in ("posts", "_static")
    ]
    assert "index.html" in listing_pages and "blog/tag/policy.html" in listing_pages
    for page in listing_pages:
        soup = site.page(page)
        assert soup.find(id="cite-this-post") is None, page
        assert soup.select_one(".cite-formats, .cite-bibtex") is None, page


# -- A post whose title holds characters that need escaping -------------------------------------


def test_awkward_title_in_every_format(bad_build):
    build = bad_build("awkward-title")
    assert build.returncode == 0, build.stderr
    page = "posts/2014/04/blame-and-learning.html"
    soup = build.page(page)
    # Sphinx turns the straight quotes of the source into curly ones in the title.
    title = soup.select_one("article h1").get_text().rstrip("#")
    assert title == "Blame & “learning” – 100% of the #1 problem?"
    section = soup.select_one("section#cite-this-post")
    assert f"(2014, April 20). {title} " in section.select_one("p.cite-apa").get_text()
    assert f" ‘{title}’, " in section.select_one("p.cite-harvard-cite-them-right").get_text()
    html = (build.outdir / page).read_text(encoding="utf-8")
    assert "Blame &amp; “learning” – 100% of the #1 problem?" in html
    block = section.select_one("div.cite-bibtex pre").get_text()
    assert r'title = "{Blame \& “learning” – 100\% of the \#1 problem?}",' in block
    assert Text.from_latex(parse_string(block, "bibtex").entries["mills2014blame"].fields["title"]).render_as(
        "text"
    ) == title
    ris = (build.outdir / "posts/2014/04/blame-and-learning.ris").read_bytes().decode("utf-8")
    assert f"TI  - {title}\r\n" in ris
    # The quotation marks stay as written, as citeproc-js keeps them.
    from csl_judge import marked_text_soup

    src = read_source(build.srcdir / "posts/2014/04/blame-and-learning.md", build.srcdir)
    item = post_item(src, title)
    for style in ("apa", "harvard-cite-them-right"):
        ours = marked_text_soup(section.select_one(f"p.cite-{style}"))
        assert ours == judge_alone(style, [item], src.page, build.outdir.parent)[src.page]


def test_a_post_heading_that_takes_the_sections_id_stops_the_build(bad_build):
    build = bad_build("cite-heading-clash")
    assert build.returncode != 0
    assert re.search(
        r"posts/2014/04/cite-heading-clash\.md:12: WARNING: this heading or target has the id 'cite-this-post', "
        r"which the generated 'Cite this post' section needs: rename it \[cite_this\.duplicate_id\]",
        build.stderr,
    ), build.stderr


# -- The copy button, in a browser ------------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# Run in a child process: the browser tests (tests/browser/) keep a Playwright
# session open in this one, and Playwright allows one per thread.
COPY_SCRIPT = """
import functools, http.server, json, sys, threading
from playwright.sync_api import sync_playwright

root, page_path, chromium = sys.argv[1:4]

class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=root))
threading.Thread(target=server.serve_forever, daemon=True).start()
origin = f"http://127.0.0.1:{server.server_address[1]}"
with sync_playwright() as pw:
    browser = pw.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    page.goto(f"{origin}/{page_path}")
    button = page.locator("#cite-this-post button.cite-copy")
    visible = button.is_visible()
    button.click()
    result = {
        "visible": visible,
        "clipboard": page.evaluate("navigator.clipboard.readText()"),
        "label": button.text_content(),
    }
    browser.close()
server.shutdown()
print(json.dumps(result))
"""


@pytest.mark.browser
def test_copy_button_copies_the_bibtex_entry(site):
    try:
        import playwright  # noqa: F401
    except ImportError:
        pytest.fail("Playwright is missing: install the test tools with `make test` "
                    "or `.venv/bin/pip install -r requirements-dev.txt`.")
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install it with `apt-get install chromium`.")
    page_path = "posts/2014/04/stepping-up-but-not-staying-in.html"
    expected = cite_section(site, page_path).select_one("div.cite-bibtex pre").get_text().rstrip("\n")
    proc = subprocess.run(
        [sys.executable, "-c", COPY_SCRIPT, str(site.outdir), page_path, CHROMIUM],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["visible"]  # the script shows the button
    assert result["clipboard"] == expected
    assert result["label"] == "Copied"


# -- Permanent keys ------------------------------------------------------------------------


def test_every_published_post_has_its_key_recorded(site):
    from permalink_manifest import KEYS, site_keys

    recorded = {line.split()[1]: line.split()[0] for line in KEYS.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")}
    built = site_keys(site.outdir)
    unrecorded = sorted(set(built) - set(recorded))
    assert not unrecorded, f"run `make permalinks` to record the keys of {unrecorded}"
    assert {d: recorded[d] for d in built} == built


NEW_POSTS = {  # docname: date; before, between and after the published posts, one on the same day as another
    "posts/2014/03/outsourcing-in-wales": "2014-03-30",
    "posts/2014/04/pressure-and-caseloads": "2014-04-02",
    "posts/2014/04/learning-again": "2014-04-09 08:00",
    "posts/2014/05/outsourcing-revisited": "2014-05-01",
}


def test_adding_posts_anywhere_changes_no_published_key(tmp_path):
    from conftest import copy_project, sphinx_build
    from permalink_manifest import KEYS, site_keys

    src = copy_project(tmp_path / "src")
    for docname, date in NEW_POSTS.items():
        path = src / (docname + ".md")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ndate: {date}\nauthor: Chris Mills\ncategory: Policy comment\ntags: policy\n---\n\n"
                        f"# {docname.rsplit('/', 1)[1].replace('-', ' ').capitalize()}\n\nA new post.\n",
                        encoding="utf-8")
    build = sphinx_build(src, tmp_path / "html")
    assert build.returncode == 0, build.stderr
    keys = site_keys(build.outdir)
    recorded = {line.split()[1]: line.split()[0] for line in KEYS.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")}
    assert {d: keys[d] for d in recorded} == recorded
    new = [keys[d] for d in NEW_POSTS]
    assert len(set(new)) == len(new) and not set(new) & set(recorded.values())
    assert keys["posts/2014/03/outsourcing-in-wales"] == "mills2014outsourcingin"


def test_a_renamed_post_keeps_its_key(bad_build):
    build = bad_build("renamed-post")
    from permalink_manifest import site_keys

    assert site_keys(build.outdir)["posts/2014/04/stepping-up"] == "mills2014stepping"


def test_a_recorded_key_that_is_also_a_works_key_is_an_error_at_its_line(tmp_path):
    from conftest import copy_project, sphinx_build

    src = copy_project(tmp_path / "src")
    keys = src / "citation-keys.txt"
    keys.write_text(keys.read_text(encoding="utf-8") + "senge1990fifth posts/2013/01/gone\n", encoding="utf-8")
    line = len(keys.read_text(encoding="utf-8").splitlines())
    build = sphinx_build(src, tmp_path / "html")
    assert build.returncode != 0
    assert (f"citation-keys.txt:{line}: ERROR: the key 'senge1990fifth' of the post posts/2013/01/gone is also a key "
            "of references.bib") in build.stderr, build.stderr


def test_both_styles_are_rendered_by_the_same_pandoc_process(tmp_path):
    """The two styles of "Cite this post" are two jobs of one pandoc run, which reads the posts' data once."""
    from conftest import copy_project, sphinx_main_watched

    run = sphinx_main_watched(copy_project(tmp_path / "src"), tmp_path / "html", before="""
        from sphinx_citable_blog.citation.csl import render
        calls = []
        run_batch = render.run_batch
        def counted(request):
            calls.append([job["style"].rsplit("/", 2)[-2:] for job in request["jobs"]])
            return run_batch(request)
        render.run_batch = counted
    """, after="import json; print(json.dumps(calls)); raise SystemExit(rc)")
    assert run.returncode == 0, run.stderr
    calls = json.loads(run.stdout.strip().splitlines()[-1])
    standalone = [call for call in calls if any(folder == "standalone" for folder, _ in call)]
    assert standalone == [[["standalone", "apa.csl"], ["standalone", "harvard-cite-them-right.csl"]]], calls
