"""The whole blog as a book: ``make epub`` and ``make pdf``, and Read the Docs' own commands for both.

The EPUB is checked by EPUBCheck and read as an EPUB reader reads it (the
package document's metadata and spine, the navigation document, the chapters'
XHTML); the PDF is made by TeX Live's latexmk, its text read back by Poppler's
pdftotext and its links by pypdf. Each post of the seed text must be a chapter,
in date order, with every paragraph as written, followed by its own
references and its permanent address.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import (
    DEFAULT_SITE_URL,
    PROJECT,
    assert_no_crash_report,
    copy_project,
    copy_with_settings,
    sphinx_build,
)
from prerequisites import EPUBCHECK
from seed import TITLES, normalise, split_posts
from test_fidelity import MARKER, comparable

VENV = Path(sys.prefix)  # the virtualenv running the tests, which `make test` created
SLUG = "chris-mills-child-protection-blog"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
NEWEST = "17 April 2014"


def make(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    return subprocess.run(["make", *args, f"VENV={VENV}"], cwd=cwd, capture_output=True, text=True, check=False,
                          env={**environ, **(env or {})})


def project_with_makefile(dest: Path) -> Path:
    project = copy_project(dest)
    shutil.copy(PROJECT / "Makefile", project)
    return project


class Epub:
    """An EPUB file read as a reader reads it: its package document, spine and pages."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path)
        from lxml import etree  # noqa: PLC0415

        self.opf = etree.fromstring(self.zip.read("content.opf"))

    def metadata(self, name: str) -> list[str]:
        return [element.text for element in self.opf.iter(f"{DC}{name}")]

    def spine(self) -> list[str]:
        hrefs = {item.get("id"): item.get("href") for item in self.opf.iter(f"{OPF}item")}
        return [hrefs[ref.get("idref")] for ref in self.opf.iter(f"{OPF}itemref") if ref.get("linear") != "no"]

    def page(self, name: str) -> BeautifulSoup:
        """A page of the book, parsed as HTML (XHTML without its XML declaration, which only XML parsers want)."""
        return BeautifulSoup(re.sub(r"^<\?xml[^>]*\?>", "", self.zip.read(name).decode("utf-8")), "lxml")


def posts_by_date(project: Path) -> list[str]:
    """The published posts' files (posts/YYYY/MM/slug.xhtml), oldest first, from their front matter."""
    found = []
    for path in sorted((project / "posts").rglob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        if not front.get("draft"):
            found.append((str(front["date"]), path.relative_to(project).with_suffix(".xhtml").as_posix()))
    return [name for _, name in sorted(found)]


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make epub pdf`` on a copy of the project (both builds with -j auto, as make runs them)."""
    project = project_with_makefile(tmp_path_factory.mktemp("book") / "project")
    result = make("epub", "pdf", cwd=project)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return project


@pytest.fixture(scope="module")
def epub(books: Path) -> Epub:
    return Epub(books / "_build" / "epub" / f"{SLUG}.epub")


@pytest.fixture(scope="module")
def pdf_text(books: Path) -> str:
    pdf = books / "_build" / "latex" / f"{SLUG}.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFKC", text)


FOOTER = re.compile(r"^\s*(?:\S.*\s{3,})?(?:\d+|[ivxlc]+)\s*$")  # "4.1. References      5", or a page number


def without_page_furniture(text: str) -> str:
    """The PDF's text without its running heads (the blog's title) and feet (section and page number)."""
    pages = []
    for page in text.split("\f"):
        lines = [line for line in page.splitlines() if line.strip()]
        if lines and lines[0].strip() == "Chris Mills: Child Protection Blog":
            lines = lines[1:]
        if lines and FOOTER.match(lines[-1]):
            lines = lines[:-1]
        pages.append("\n".join(lines))
    return "\n".join(pages)


def epubcheck(path: Path, tmp_path: Path) -> dict:
    report = tmp_path / "epubcheck.json"
    proc = subprocess.run(["java", "-jar", EPUBCHECK, str(path), "--json", str(report)],
                          capture_output=True, text=True, check=False)
    assert report.is_file(), proc.stdout + proc.stderr
    return json.loads(report.read_text(encoding="utf-8"))


def letters(text: str) -> str:
    """Only the letters and digits of *text*: what survives LaTeX's line breaks and hyphenation."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text))


def chapter_text(soup: BeautifulSoup) -> str:
    """A chapter's words as the site's fidelity test reads a post: without citations or what the book adds."""
    body = soup.select_one("body")
    for element in body.select("span.bibtex-citation, a.headerlink, .book-post-date, .book-post-address, "
                               "section#references"):
        element.decompose()
    return comparable(body.get_text())


def chapters_by_title(epub: Epub) -> dict[str, tuple[str, BeautifulSoup]]:
    found = {}
    for name in epub.spine():
        soup = epub.page(name)
        found[soup.select_one("h1").get_text().strip()] = (name, soup)
    return found


# -- The EPUB ----------------------------------------------------------------------------------


def test_the_epub_passes_epubcheck(epub: Epub, tmp_path: Path):
    report = epubcheck(epub.path, tmp_path)
    problems = [m for m in report["messages"] if m["severity"] in {"FATAL", "ERROR", "WARNING"}]
    assert problems == [], json.dumps(problems, indent=1)[:3000]
    assert report["checker"]["nFatal"] == report["checker"]["nError"] == report["checker"]["nWarning"] == 0


def test_the_epub_says_what_it_is(epub: Epub):
    assert epub.metadata("title") == ["Chris Mills: Child Protection Blog"]
    assert epub.metadata("creator") == ["Chris Mills"]
    assert epub.metadata("language") == ["en"]
    assert epub.metadata("identifier") == [DEFAULT_SITE_URL]
    assert epub.metadata("description") == ["Child protection and children's social work in England"]
    assert "unknown" not in epub.zip.read("content.opf").decode("utf-8")


def test_the_epub_reads_home_page_about_then_every_post_oldest_first(epub: Epub, books: Path):
    expected = ["index.xhtml", "about.xhtml", *posts_by_date(books)]
    assert epub.spine() == expected
    assert len(expected) == 2 + len(TITLES)
    nav = epub.page("nav.xhtml")
    titles = [a.get_text(" ", strip=True) for a in nav.select("nav a")]
    dated = sorted(split_posts(), key=lambda p: (int(p.date.split()[0]), TITLES.index(p.title)), reverse=True)
    assert set(titles[-len(TITLES):]) == set(TITLES)
    assert titles[1] == "About this blog"
    # Oldest first: the newest post of the seed is the last chapter, the oldest the first.
    assert titles[2] == dated[-1].title == "Pressure of Work"
    assert titles[-1] == "Outsourcing"


def test_the_epub_holds_the_book_and_nothing_of_the_site(epub: Epub):
    names = epub.zip.namelist()
    site_only = [n for n in names if re.search(r"(^blog/|atom\.xml|feed\.json|search|genindex|404|how-to-cite|"
                                               r"sitemap|robots|posts\.bib|\.ris$|\.js$)", n)]
    assert site_only == []
    for name in epub.spine():
        soup = epub.page(name)
        for selector in ("#cite-this-post", "#related-posts", ".post-byline", ".bd-sidebar", "nav.bd-docs-nav",
                         "form", "script", ".book-downloads", ".postlist"):
            assert soup.select(selector) == [], (name, selector)


def test_the_title_page_names_the_blog_its_author_its_newest_post_and_its_address(epub: Epub):
    home = epub.page("index.xhtml")
    assert home.select_one("h1").get_text(strip=True) == "Chris Mills: Child Protection Blog"
    assert home.select_one(".book-author").get_text(strip=True) == "Chris Mills"
    assert home.select_one(".book-date").get_text(strip=True) == f"Newest post: {NEWEST}"
    assert home.select_one(".book-address a")["href"] == DEFAULT_SITE_URL
    text = normalise(home.get_text(" "))
    assert "Comment on child protection and children’s social work in England" in text
    assert "Latest posts" not in text
    # The introduction's links to the site's archives and feed lead to the site.
    hrefs = {a.get_text(strip=True): a["href"] for a in home.select("a")}
    assert hrefs["Atom feed"] == urljoin(DEFAULT_SITE_URL, "blog/atom.xml")
    assert hrefs["tag"] == urljoin(DEFAULT_SITE_URL, "blog/tag.html")
    assert hrefs["date"] == urljoin(DEFAULT_SITE_URL, "blog/archive.html")


@pytest.mark.parametrize("post", split_posts(), ids=lambda p: p.title[:30])
def test_each_epub_chapter_is_the_post_word_for_word_then_its_references_and_address(post, epub: Epub):
    name, soup = chapters_by_title(epub)[post.title]
    section = soup.select_one("body section")
    assert section.select_one(".book-post-date").get_text(strip=True) == post.date
    text = chapter_text(epub.page(name))
    positions = []
    for paragraph in post.paragraphs:
        expected = comparable(MARKER.sub("", paragraph))
        assert expected in text, f"{post.title}: missing or altered: {expected}"
        positions.append(text.index(expected))
    assert positions == sorted(positions)
    # The post's own reference list comes after its text, and every citation links into it.
    references = section.select_one("section#references")
    assert references is not None and references.find_previous("p") is not None
    entries = {li["id"] for li in references.select("li[id]")}
    citations = soup.select("span.bibtex-citation a[href]")
    assert citations and entries
    assert {a["href"] for a in citations} <= {f"#{entry}" for entry in entries}
    # Then the address readers cite it by, the page on the site.
    address = section.select("p")[-1]
    assert address["class"] == ["book-post-address"]
    assert address.a["href"] == urljoin(DEFAULT_SITE_URL, name.replace(".xhtml", ".html"))
    assert address.find_previous("section")["id"] == "references"


# -- The PDF -----------------------------------------------------------------------------------


def test_the_pdf_title_page(pdf_text: str):
    title_page = pdf_text.split("\f")[0]
    assert "Chris Mills: Child Protection Blog" in title_page
    assert "Chris Mills" in title_page.replace("Chris Mills: Child Protection Blog", "")
    assert f"Newest post: {NEWEST}" in title_page
    assert DEFAULT_SITE_URL in title_page


def test_the_pdf_has_every_post_word_for_word_in_date_order_each_followed_by_its_references(
    pdf_text: str, epub: Epub, books: Path
):
    text = letters(without_page_furniture(pdf_text))
    body = text[text.index(letters("Chapter 1 Introduction")):]  # after the table of contents
    chapters = chapters_by_title(epub)
    title_of = {name: title for title, (name, _) in chapters.items()}
    order = [title_of[name] for name in posts_by_date(books)]  # oldest first, by the posts' front matter
    starts = [body.index(letters(title)) for title in order]
    assert starts == sorted(starts), "chapters out of date order"
    ends = [*starts[1:], len(body)]
    for title, start, end in zip(order, starts, ends):
        chapter = body[start:end]
        post = next(p for p in split_posts() if p.title == title)
        assert chapter.startswith(letters(f"{title} {post.date}")), title
        # The chapter's text, then its references (the last heading of that name).
        references_at = chapter.rindex(letters("References"))
        text, references = chapter[:references_at], chapter[references_at:]
        # Every paragraph in order; a citation ("[1]" in the original, or none) is the style's text in the
        # book, as the EPUB's chapter shows it: left out of the comparison, as the site's fidelity test does.
        _, soup = chapters[title]
        for citation in {letters(span.get_text()) for span in soup.select("span.bibtex-citation")}:
            text = text.replace(citation, "")
        at = 0
        for paragraph in post.paragraphs:
            for fragment in filter(None, map(letters, MARKER.split(paragraph))):
                assert fragment in text[at:], f"{title}: missing, altered or out of order: {fragment}"
                at = text.index(fragment, at) + len(fragment)
        # Each entry of the chapter's own list, then its address.
        entries = soup.select("section#references li")
        assert entries
        for entry in entries:
            assert letters(entry.get_text().replace("↩", "")) in references, (title, entry.get_text())
        address = letters("Permanent address: " + urljoin(DEFAULT_SITE_URL, "posts/"))
        assert address in references.removeprefix(letters("References")), title


def test_the_pdf_links_lead_somewhere(books: Path, epub: Epub):
    from pypdf import PdfReader  # noqa: PLC0415

    reader = PdfReader(books / "_build" / "latex" / f"{SLUG}.pdf")
    destinations = set(reader.named_destinations)
    internal = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            if link.get("/Subtype") != "/Link":
                continue
            action = link.get("/A")
            target = link.get("/Dest") or (action.get("/D") if action and action.get("/S") == "/GoTo" else None)
            if target is not None:
                internal.append(str(target))
    assert internal and set(internal) <= destinations
    citations = sum(len(epub.page(n).select("span.bibtex-citation a")) for n in epub.spine())
    backlinks = sum(len(epub.page(n).select("section#references li a.reference.internal")) for n in epub.spine())
    contents = len(epub.spine()) - 1  # a line per chapter in the table of contents
    assert len(internal) >= citations + backlinks + contents
    log = (books / "_build" / "latex" / f"{SLUG}.log").read_text(encoding="utf-8", errors="replace")
    assert "undefined references" not in log and "Hyper reference" not in log


# -- Builds ------------------------------------------------------------------------------------


@pytest.mark.parametrize("settings", [["JOBS=1"], ["SPEED=0"]], ids=["serial", "without-speed-layer"])
def test_the_book_is_the_same_built_serially_or_without_the_speed_layer(books: Path, tmp_path: Path, settings):
    other = tmp_path / "other"
    result = make("epub", "pdf", f"BUILDDIR={other}", *settings, cwd=books)
    assert result.returncode == 0, result.stderr
    built = books / "_build"
    files = sorted(p.relative_to(built) for p in (built / "epub").rglob("*") if p.is_file() and p.suffix != ".epub")
    files.append(Path("latex") / f"{SLUG}.tex")
    assert files[:-1] == sorted(p.relative_to(other) for p in (other / "epub").rglob("*")
                                if p.is_file() and p.suffix != ".epub")
    for name in files:
        if name.name in {"content.opf", ".buildinfo"}:  # the build's date and configuration digest
            continue
        assert (other / name).read_bytes() == (built / name).read_bytes(), name


def test_read_the_docs_commands_build_both_books(tmp_path: Path):
    """As Read the Docs builds a version: the site, then each format, sharing one doctree folder."""
    config = yaml.safe_load((PROJECT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert sorted(config["formats"]) == ["epub", "pdf"]
    project = copy_project(tmp_path / "project")
    output = tmp_path / "_readthedocs"
    env = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    sphinx = [sys.executable, "-m", "sphinx", "-T"]
    strict = ["-W", "--keep-going"] if config["sphinx"]["fail_on_warning"] else []
    for builder, folder, flags in [("html", "html", strict), ("epub", "epub", strict), ("latex", "pdf", [])]:
        proc = subprocess.run([*sphinx, *flags, "-b", builder, "-d", "_build/doctrees", "-D", "language=en", ".",
                               str(output / folder)], cwd=project, capture_output=True, text=True, env=env,
                              check=False)
        assert proc.returncode == 0, (builder, proc.stderr)
    proc = subprocess.run(["latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", f"-jobname={SLUG}",
                           "-interaction=nonstopmode"], cwd=output / "pdf", capture_output=True, text=True,
                          check=False)
    assert (output / "pdf" / f"{SLUG}.pdf").is_file(), proc.stdout[-3000:]
    text = subprocess.run(["pdftotext", str(output / "pdf" / f"{SLUG}.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert all(letters(title) in letters(text) for title in TITLES)
    book = Epub(next((output / "epub").glob("*.epub")))
    assert book.spine() == ["index.xhtml", "about.xhtml", *posts_by_date(project)]
    assert epubcheck(book.path, tmp_path)["checker"]["nError"] == 0
    # The site built first is the site: the book's reading of the home page did not leak into it.
    home = BeautifulSoup((output / "html" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert home.select(".postlist") and home.select_one(".book-downloads")


NEW_POST = """\
---
date: 2014-04-20
author: Chris Mills
category: Policy comment
tags: workforce, policy
---

# A post written later

This post follows {doc}`the one on workload <pressure-of-work>` and the
{ref}`tags <blog-tags>`, citing {cite:t}`nspcc2014howsafe` again.

## References

```{bibliography}
:filter: docname in docnames
```
"""

DRAFT = NEW_POST.replace("date: 2014-04-20", "date: 2014-04-19\ndraft: true").replace(
    "A post written later", "An unfinished draft")


def test_a_post_added_later_joins_the_book_and_drafts_never_do(books: Path, tmp_path: Path):
    project = project_with_makefile(tmp_path / "project")
    assert make("epub", cwd=project).returncode == 0
    posts = project / "posts" / "2014" / "04"
    (posts / "a-post-written-later.md").write_text(NEW_POST, encoding="utf-8")
    (posts / "an-unfinished-draft.md").write_text(DRAFT, encoding="utf-8")
    for drafts in ("", "1"):  # with drafts shown, as a preview builds, the book still leaves them out
        result = make("epub", "pdf", f"DRAFTS={drafts}", cwd=project)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr
        book = Epub(project / "_build" / "epub" / f"{SLUG}.epub")
        assert book.spine()[-1] == "posts/2014/04/a-post-written-later.xhtml"
        assert not any("draft" in name for name in book.zip.namelist())
        chapter = book.page("posts/2014/04/a-post-written-later.xhtml")
        links = {a.get_text(" ", strip=True): a["href"] for a in chapter.select("a[href]")}
        assert links["the one on workload"] == "pressure-of-work.xhtml"  # inside the book
        assert links["tags"] == urljoin(DEFAULT_SITE_URL, "blog/tag.html")  # only on the site
        tex = (project / "_build" / "latex" / f"{SLUG}.tex").read_text(encoding="utf-8")
        assert r"\hyperref[\detokenize{posts/2014/04/pressure-of-work::doc}]" in tex
        assert "unfinished draft" not in tex
        text = subprocess.run(["pdftotext", str(project / "_build" / "latex" / f"{SLUG}.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert letters(text).rindex(letters("A post written later")) > letters(text).rindex(letters("Outsourcing"))


@pytest.mark.parametrize("builder", ["epub", "latex"])
@pytest.mark.parametrize(("root", "message"), [
    ("bad-date", r"posts/2014/04/bad-date\.md:2: ERROR: date '2014-31-04' is not a day of the calendar"),
    ("fm-tab", r"posts/2014/04/tab\.md:2: ERROR: a tab in the front matter"),
])
def test_a_writers_mistake_stops_the_book_at_its_line(tmp_path: Path, builder: str, root: str, message: str):
    build = sphinx_build(copy_project(tmp_path / "src", root), tmp_path / "out", "-b", builder)
    assert build.returncode == 1, build.stderr
    assert re.search(message, build.stderr), build.stderr
    assert_no_crash_report(build)
    assert not list(build.outdir.rglob("*.xhtml")) and not list(build.outdir.rglob("*.tex"))


# -- Links to the downloads ----------------------------------------------------------------------


@pytest.mark.parametrize("page", ["index.html", "how-to-cite.html"])
def test_the_home_and_how_to_cite_pages_link_read_the_docs_downloads(site, page):
    line = site.page(page).select_one("p.book-downloads")
    assert line is not None
    assert line.select_one("a.book-download-pdf")["href"] == (
        "https://chris-mills-child-protection.readthedocs.io/_/downloads/en/latest/pdf/")
    assert line.select_one("a.book-download-epub")["href"] == (
        "https://chris-mills-child-protection.readthedocs.io/_/downloads/en/latest/epub/")


def test_downloads_follow_the_version_read_the_docs_builds(tmp_path: Path):
    project = copy_project(tmp_path / "src")
    url = "https://chris-mills-child-protection.readthedocs.io/en/2014-archive/"
    build = sphinx_build(project, tmp_path / "html", env={"READTHEDOCS_CANONICAL_URL": url})
    assert build.returncode == 0, build.stderr
    assert build.page("index.html").select_one("a.book-download-pdf")["href"] == (
        "https://chris-mills-child-protection.readthedocs.io/_/downloads/en/2014-archive/pdf/")


def test_a_site_elsewhere_must_say_where_its_downloads_are(tmp_path: Path):
    settings = textwrap.dedent("""\
        html_baseurl = blog_baseurl = "https://blog.example.org/"
    """)
    project, _ = copy_with_settings(tmp_path / "src", settings)
    build = sphinx_build(project, tmp_path / "html")
    assert build.returncode != 0
    lines = (project / "index.md").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "book-downloads" in text)
    assert f"index.md:{line}: ERROR: book-downloads: the site's address (html_baseurl) is not a Read the Docs" in (
        build.stderr)
    assert "citable_blog_book_downloads" in build.stderr
    given = settings + 'citable_blog_book_downloads = {"pdf": "https://blog.example.org/book.pdf", ' \
                       '"epub": "https://blog.example.org/book.epub"}\n'
    project, _ = copy_with_settings(tmp_path / "src2", given)
    build = sphinx_build(project, tmp_path / "html2")
    assert build.returncode == 0, build.stderr
    assert build.page("how-to-cite.html").select_one("a.book-download-epub")["href"] == (
        "https://blog.example.org/book.epub")
