"""Citations and reference lists come from official CSL styles, as citeproc-js (Zotero's processor) renders them.

The site is built in APA 7 (its setting) and in Cite Them Right Harvard, and
so is tests/roots/csl-cases, a small blog whose works exercise what a style
must get right: two works of one author and year, names told apart by more
authors, accents written the BibTeX way, a chapter that takes its book's
year and title through ``crossref``, a citation in a heading, a post that
cites nothing. Every citation and every reference-list entry of every post is
compared, as text with its italics, with citeproc-js' rendering of the same
CSL items with the same style file and locale (tests/csl_judge.py). The
differences allowed are listed, each with its reason, in
tests/data/csl-judge-differences.txt; an entry there that no longer matches a
difference fails the test too.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import PROJECT, Build, assert_stopped_before_writing, copy_project, sphinx_build, sphinx_main_watched
from csl_judge import judge, page_rendering, post_citations
from sphinx_citable_blog.citation.csl.items import bib_to_items
from sphinx_citable_blog.reading.search import SPLIT_QUERY_JS, SearchEnglishPossessives
from test_reproducible import differences as tree_differences

STYLES = ["apa", "harvard-cite-them-right"]
LOCALE = "en-GB"  # conf.py's citable_blog_csl_locale
DIFFERENCES = PROJECT / "tests" / "data" / "csl-judge-differences.txt"
CASES = "posts/2014/04/"


@pytest.fixture(scope="module")
def builds(site, tmp_path_factory) -> dict[tuple[str, str], Build]:
    """The site and the csl-cases blog, each built in each style: (root, style) -> build."""
    out = {("site", "apa"): site}
    for root in ("site", "csl-cases"):
        base = tmp_path_factory.mktemp(f"csl-{root}")
        src = copy_project(base / "src", root=None if root == "site" else root)
        for style in STYLES:
            if (root, style) in out:
                continue
            build = sphinx_build(src, base / style, "-D", f"citable_blog_csl_style={style}")
            assert build.returncode == 0, build.stderr
            out[root, style] = build
    return out


@pytest.fixture(scope="module")
def cases(builds) -> Build:
    return builds["csl-cases", "apa"]


# -- The judge ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    style: str
    root: str
    docname: str
    what: str  # "citation 2" or "reference key"
    ours: str
    judge: str

    def __str__(self) -> str:
        return f"{self.style} {self.root} {self.docname} {self.what}\n  ours:  {self.ours}\n  judge: {self.judge}"


def read_allowed() -> list[Difference]:
    """tests/data/csl-judge-differences.txt: blocks of a heading line, "ours:" and "judge:" (# starts a comment)."""
    lines = [line for line in DIFFERENCES.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    allowed = []
    for head, ours, theirs in zip(lines[::3], lines[1::3], lines[2::3], strict=True):
        style, root, docname, *what = head.split()
        assert ours.strip().startswith("ours:") and theirs.strip().startswith("judge:"), head
        allowed.append(Difference(style, root, docname, " ".join(what), ours.split(":", 1)[1].strip(),
                                  theirs.split(":", 1)[1].strip()))
    return allowed


def differences(build: Build, root: str, style: str, tmp: Path) -> list[Difference]:
    sources = sorted((build.srcdir / "posts").rglob("*.md"))
    documents = {p.relative_to(build.srcdir).with_suffix("").as_posix(): post_citations(p) for p in sources}
    items = bib_to_items((build.srcdir / "references.bib").read_text(encoding="utf-8"))
    judged = judge(style, LOCALE, items, documents, tmp)
    found = []
    for docname, expected in judged.items():
        page = page_rendering(build.page(docname + ".html"))
        assert len(page.citations) == len(expected.citations), docname
        assert [key for key, _ in page.bibliography] == [key for key, _ in expected.bibliography], docname
        for i, (ours, theirs) in enumerate(zip(page.citations, expected.citations, strict=True), start=1):
            if ours != theirs:
                found.append(Difference(style, root, docname, f"citation {i}", ours, theirs))
        for (key, ours), (_, theirs) in zip(page.bibliography, expected.bibliography, strict=True):
            if ours != theirs:
                found.append(Difference(style, root, docname, f"reference {key}", ours, theirs))
    return found


def test_every_citation_and_reference_is_as_citeproc_js_renders_it(builds, tmp_path):
    found = []
    for (root, style), build in sorted(builds.items()):
        found += differences(build, root, style, tmp_path)
    allowed = read_allowed()
    unexpected = [d for d in found if d not in allowed]
    stale = [d for d in allowed if d not in found]
    assert not unexpected, "differences from citeproc-js:\n" + "\n".join(map(str, unexpected))
    assert not stale, f"no longer differ (remove them from {DIFFERENCES.name}):\n" + "\n".join(map(str, stale))


def test_documents_rendered_by_a_pandoc_process_per_core_give_the_same_site(site, tmp_path):
    """A large site's documents are cut into runs rendered at once, a pandoc process each
    (``csl.render.PARALLEL_FROM``); forced on for the seven posts, the site is the same, file for file."""
    run = sphinx_main_watched(copy_project(tmp_path / "src"), tmp_path / "html", "-W", "--keep-going", "-n",
                              before="from sphinx_citable_blog.citation.csl import render\nrender.PARALLEL_FROM = 1")
    assert run.returncode == 0, run.stderr
    assert tree_differences(site.outdir, tmp_path / "html") == []


def test_the_allowed_differences_file_is_read_as_written():
    allowed = read_allowed()
    assert allowed, "the file lists at least the known fault of citeproc-js in APA's name disambiguation"
    assert all(d.style in STYLES and d.root in {"site", "csl-cases"} for d in allowed)


# -- What a style must get right ------------------------------------------------------------------


def citations(build: Build, page: str) -> list[str]:
    return page_rendering(build.page(page)).citations


def references(build: Build, page: str) -> list[tuple[str, str]]:
    return page_rendering(build.page(page)).bibliography


def test_two_works_of_one_author_and_year_are_2014a_and_2014b_in_the_post_citing_both(builds):
    apa = builds["csl-cases", "apa"]
    assert citations(apa, CASES + "two-reports.html")[:2] == ["(NSPCC, 2014b)", "(NSPCC, 2014a)"]
    listed = dict(references(apa, CASES + "two-reports.html"))
    assert listed["nspcc2014online"].startswith("NSPCC. (2014a). _Children online_.")
    assert listed["nspcc2014neglect"].startswith("NSPCC. (2014b). _Neglect in the early years_.")
    # A post citing one of them is its own document: no letter.
    assert citations(apa, CASES + "one-of-two.html") == ["(NSPCC, 2014)"]
    ctr = builds["csl-cases", "harvard-cite-them-right"]
    assert citations(ctr, CASES + "two-reports.html")[:2] == ["(NSPCC, 2014b)", "(NSPCC, 2014a)"]
    # Each citation links to its own entry.
    soup = apa.page(CASES + "two-reports.html")
    links = [a["href"] for a in soup.select("article p span.bibtex-citation a")]
    assert links[:2] == ["#ref-nspcc2014neglect", "#ref-nspcc2014online"]


def test_works_are_told_apart_by_more_names_as_the_style_asks(builds):
    apa = builds["csl-cases", "apa"]
    assert citations(apa, CASES + "more-names.html") == [
        "(Smith, Jones, et al., 2010; Smith, Taylor, et al., 2010)",
        "(Doe, Roe, Poe, & Moe, 2020)",  # APA 7, 8.18: "et al." is plural, never one name
        "(Doe, Roe, & Poe, 2020)",
    ]
    ctr = builds["csl-cases", "harvard-cite-them-right"]
    assert citations(ctr, CASES + "more-names.html") == [
        "(Smith, Jones and Brown, 2010; Smith, Taylor and White, 2010)",
        "(Doe _et al._, 2020)",
        "(Doe, Roe and Poe, 2020)",
    ]


def test_the_styles_separators_join_works_and_names(builds):
    apa = builds["csl-cases", "apa"]
    assert citations(apa, CASES + "two-reports.html")[2] == "(Munro, 2011; Smith et al., 2010)"
    assert citations(apa, CASES + "family-support.html")[:2] == ["(Möller & Groß, 2012)", "Möller & Groß (2012)"]
    ctr = builds["csl-cases", "harvard-cite-them-right"]
    assert citations(ctr, CASES + "two-reports.html")[2] == "(Smith, Jones and Brown, 2010; Munro, 2011)"
    assert citations(ctr, CASES + "family-support.html")[:2] == ["(Möller and Groß, 2012)", "Möller and Groß (2012)"]
    site = builds["site", "apa"]
    assert "(Baginsky & Manthorpe, 2014)" in citations(site, "posts/2014/04/stepping-up-but-not-staying-in.html")


def test_accented_names_are_decoded_everywhere(cases):
    page = CASES + "family-support.html"
    soup = cases.page(page)
    html = (cases.outdir / page).read_text(encoding="utf-8")
    assert "{\\" not in html and "\\ss" not in html and '\\"o' not in html
    entry = dict(references(cases, page))["moller2012family"]
    assert entry == "Möller, H., & Groß, A. (2012). _Family support in Germany_. Springer."
    # The citation's link names the work in its tooltip, decoded.
    link = soup.select_one("article p span.bibtex-citation a")
    assert link["title"].startswith("Möller, H., & Groß, A. (2012).")
    # Metadata for reference managers and search engines.
    meta = [m["content"] for m in soup.head.find_all("meta", attrs={"name": "citation_reference"})]
    assert any("citation_author=Möller, Hans; citation_author=Groß, Anna" in value for value in meta), meta
    assert '"familyName": "Möller"' in html


def test_accented_names_are_found_with_and_without_their_accents(cases):
    index = cases.search_index()
    page = index["docnames"].index(CASES.rstrip("/") + "/family-support")
    language = SearchEnglishPossessives({})
    for query in ("Möller", "Moller", "MÖLLER", "Groß", "Gross"):
        words = [language.stem(word.lower()) for word in language.split(query)]
        assert len(words) == 1, query
        pages = index["terms"].get(words[0])
        assert pages is not None and page in ([pages] if isinstance(pages, int) else pages), query


def test_the_browser_splits_queries_as_the_index_was_split():
    """The JavaScript splitQuery (run by Node) gives the words the Python splitter gave the index."""
    queries = ["Möller", "Moller's", "Groß und Ørsted", "São Paulo’s", "Łódź", "naïve café", "Ελλάδα", "children’s"]
    program = SPLIT_QUERY_JS + f"\nconsole.log(JSON.stringify({queries!r}.map(splitQuery)));"
    out = subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True).stdout
    import json  # noqa: PLC0415

    language = SearchEnglishPossessives({})
    assert json.loads(out) == [language.split(q) for q in queries]
    assert language.split("Möller Groß Ørsted") == ["Moller", "Gross", "Orsted"]


def test_a_chapter_takes_its_books_year_and_title_through_crossref(builds):
    apa = builds["csl-cases", "apa"]
    entry = dict(references(apa, CASES + "family-support.html"))["white2011voice"]
    assert entry == "White, S. (2011). The child’s voice. In M. Hill (Ed.), _A reader in child welfare_ (pp. 45–60). Jessica Kingsley."
    ctr = builds["csl-cases", "harvard-cite-them-right"]
    entry = dict(references(ctr, CASES + "family-support.html"))["white2011voice"]
    assert entry == ("White, S. (2011) ‘The child’s voice’, in M. Hill (ed.) _A reader in child welfare_. "
                     "London: Jessica Kingsley, pp. 45–60.")


def test_a_citation_in_a_heading_is_text_in_the_contents_and_the_anchor(cases):
    soup = cases.page(CASES + "family-support.html")
    heading = soup.select_one("article h2")
    assert heading.get_text().replace("#", "").strip() == "What White (2011) found"
    assert heading.parent["id"] == "what-white-2011-found"
    toc = [a.get_text(" ", strip=True) for a in soup.select(".bd-toc-nav a, nav.page-toc a")]
    assert toc and toc[0] == "What White (2011) found", toc
    assert "white2011voice" not in str(soup.select_one(".bd-toc-nav, nav.page-toc"))
    index = cases.search_index()
    titles = [t for doc in index["alltitles"] for t in [doc]]
    assert "What White (2011) found" in titles and not any("white2011voice" in t for t in titles)


def test_a_post_that_cites_nothing_has_no_references_heading(cases):
    soup = cases.page(CASES + "nothing-cited.html")
    assert soup.select_one("section#references") is None
    assert "References" not in [h.get_text().replace("#", "").strip() for h in soup.select("article h2")]
    assert not soup.select(".bd-toc-nav a, nav.page-toc a")
    feed = (cases.outdir / "blog" / "atom.xml").read_text(encoding="utf-8")
    entry = feed[feed.index("A post that cites nothing"):]
    entry = entry[: entry.index("</entry>")]
    assert "References" not in entry and "bibliography" not in entry


def test_the_whole_site_changes_style_with_one_setting(builds):
    apa, ctr = builds["site", "apa"], builds["site", "harvard-cite-them-right"]
    page = "posts/2014/04/learning-organisations.html"
    assert dict(references(apa, page))["senge1990fifth"] == (
        "Senge, P. M. (1990). _The fifth discipline: The art and practice of the learning organization_. "
        "Doubleday/Currency.")
    assert dict(references(ctr, page))["senge1990fifth"] == (
        "Senge, P.M. (1990) _The fifth discipline: The art and practice of the learning organization_. "
        "New York: Doubleday/Currency.")
    # "Cite this post" keeps its two styles whatever the site's style.
    assert (apa.page(page).select_one("#cite-this-post").get_text()
            == ctr.page(page).select_one("#cite-this-post").get_text())


def test_a_style_file_that_is_not_there_stops_the_build_at_its_line_in_conf_py(tmp_path):
    src = copy_project(tmp_path / "src")
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace('citable_blog_csl_style = "apa"',
                                                             'citable_blog_csl_style = "styles/missing.csl"'))
    line = conf.read_text(encoding="utf-8").splitlines().index('citable_blog_csl_style = "styles/missing.csl"') + 1
    build = sphinx_build(src, tmp_path / "html")
    assert_stopped_before_writing(build, [rf"conf\.py:{line}: ERROR: citable_blog_csl_style: 'styles/missing.csl'"],
                                  ["conf.py"])


def test_an_unknown_style_stops_the_build_with_the_settings_name(tmp_path):
    build = sphinx_build(copy_project(tmp_path / "src"), tmp_path / "html", "-D", "citable_blog_csl_style=apa-8th")
    assert build.returncode != 0
    assert "citable_blog_csl_style: 'apa-8th' is neither a style shipped (apa, harvard-cite-them-right)" in build.stderr
    assert ".rst" not in build.stderr
    assert build.crash_logs == [] and "Traceback" not in build.stderr
    assert not list((tmp_path / "html").rglob("*.html"))


# -- BibTeX to CSL items --------------------------------------------------------------------------

CONVERSION = r"""
@article{art, author = {Munro, Eileen and Hardy, Ann}, title = {Risk and the {Munro} Review},
  journal = {Child Abuse Review}, volume = {20}, number = {3}, pages = {1--10}, year = {2011},
  doi = {10.1002/car.1166}}
@book{book, author = {Smith, Jane and Jones, Peter and Brown, Alan}, title = {Care and Control},
  edition = {2}, publisher = {Policy Press}, address = {Bristol}, year = {2010}}
@incollection{chap, author = {White, Sue}, title = {The Child's Voice}, editor = {Hill, Malcolm},
  booktitle = {A Reader in Child Welfare}, pages = {45--60}, publisher = {Jessica Kingsley}, year = {2011}}
@techreport{rep, author = {{Department for Education}}, title = {Children in Need}, number = {SFR 43/2014},
  institution = {Department for Education}, year = {2014}}
@legislation{law, title = {{Children Act 1989}}, year = {1989}, number = {1989 c. 41}}
@misc{web, author = {{BBC News}}, title = {[Report on Thresholds]}, howpublished = {BBC News Website},
  url = {http://www.bbc.co.uk/news/education-26853447}, urldate = {2014-04-08}, year = {2014}}
@misc{printed, author = {{Ofsted}}, title = {Annual Report}, year = {2014}}
@misc{journal, title = {{British Journal of Social Work}}, year = {1971--}, url = {http://bjsw.oxfordjournals.org/}}
"""


@pytest.fixture(scope="module")
def converted() -> dict[str, dict]:
    return {item["id"]: item for item in bib_to_items(CONVERSION)}


def test_an_article_with_a_doi_and_two_authors(converted):
    item = converted["art"]
    assert item["type"] == "article-journal"
    assert item["author"] == [{"family": "Munro", "given": "Eileen"}, {"family": "Hardy", "given": "Ann"}]
    assert item["title"] == "Risk and the Munro review"  # sentence case, the braced name kept
    assert (item["container-title"], item["volume"], item["issue"], item["page"]) == (
        "Child Abuse Review", "20", "3", "1-10")  # the style writes the range
    assert item["DOI"] == "10.1002/car.1166"
    assert item["issued"] == {"date-parts": [[2011]]}


def test_a_book_with_an_edition_and_three_authors(converted):
    item = converted["book"]
    assert item["type"] == "book"
    assert [n["family"] for n in item["author"]] == ["Smith", "Jones", "Brown"]
    assert (item["edition"], item["publisher"], item["publisher-place"]) == ("2", "Policy Press", "Bristol")


def test_a_chapter_in_an_edited_book(converted):
    item = converted["chap"]
    assert item["type"] == "chapter"
    assert item["editor"] == [{"family": "Hill", "given": "Malcolm"}]
    assert (item["container-title"], item["page"]) == ("A reader in child welfare", "45-60")
    assert item["title"] == "The child’s voice"


def test_a_report_with_a_number_and_a_corporate_author(converted):
    item = converted["rep"]
    assert item["type"] == "report"
    assert item["author"] == [{"literal": "Department for Education"}]
    assert (item["number"], item["publisher"]) == ("SFR 43/2014", "Department for Education")


def test_legislation(converted):
    item = converted["law"]
    assert item["type"] == "legislation"
    assert item["title"] == "Children Act 1989"


def test_a_web_page_with_an_access_date(converted):
    item = converted["web"]
    assert item["type"] == "webpage"
    assert item["container-title"] == "BBC News Website"
    assert item["URL"] == "http://www.bbc.co.uk/news/education-26853447"
    assert item["accessed"] == {"date-parts": [[2014, 4, 8]]}
    # A description in square brackets is no title: never italic, never recased.
    assert item["title"] == '<span class="nocase"><span class="nodecor">[Report on Thresholds]</span></span>'


def test_misc_without_an_address_is_a_document(converted):
    assert converted["printed"]["type"] == "document"


def test_an_open_year_range_is_a_range_with_no_end(converted):
    # "1971--" (a journal still published) is CSL's open range: a start and an empty end.
    assert converted["journal"]["issued"] == {"date-parts": [[1971], [0]]}


def test_a_site_named_in_howpublished_is_the_container_and_a_publisher_stays_one():
    items = {i["id"]: i for i in bib_to_items(
        "@misc{a, title = {A}, howpublished = {The Site}, url = {https://example.org/}, year = {2014}}\n"
        "@misc{b, title = {B}, publisher = {Oxford University Press}, url = {https://example.org/}, year = {2014}}\n")}
    assert items["a"]["container-title"] == "The Site" and "publisher" not in items["a"]
    assert items["b"]["publisher"] == "Oxford University Press" and "container-title" not in items["b"]


def test_every_entry_type_of_the_bibliography_converts(converted):
    types = set(re.findall(r"^@(\w+)\{", (PROJECT / "references.bib").read_text(encoding="utf-8"), re.M))
    converted_types = set(re.findall(r"^@(\w+)\{", CONVERSION, re.M))
    assert types <= converted_types, types - converted_types
    for item in bib_to_items((PROJECT / "references.bib").read_text(encoding="utf-8")):
        assert item["type"] and item.get("title") and item.get("issued"), item
