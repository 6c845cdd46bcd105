"""The old "[1]" markers and numbered lists of addresses become citations and references.bib entries."""

from __future__ import annotations

import pybtex.errors
from importing import render
from pybtex.database.input.bibtex import Parser

from blogtools.importer.citations import Source, bib_entry, cite, make_key
from blogtools.importer.convert import parse_html, to_myst


def convert(html: str) -> tuple[str, list[str], object]:
    """The MyST of *html* after ``cite``, the addresses cited (in key order), and cite's result."""
    soup = parse_html(html)
    keys: dict[str, str] = {}
    result = cite(soup, lambda source: keys.setdefault(source.url, f"key{len(keys) + 1}"))
    return to_myst(soup), list(keys), result


def roles(markdown: str) -> list[str]:
    return [code.get_text() for code in render(markdown).select("code.myst.role")]


def test_markers_matching_an_ordered_list_of_links_become_citations_and_the_list_goes():
    markdown, urls, result = convert(
        '<p>Referrals rose [1] and thresholds moved [2]; again [1].</p><h3>References</h3>'
        '<ol><li><a href="https://www.gov.uk/cin">Characteristics of children in need</a></li>'
        '<li><a href="https://www.nspcc.org.uk/x">https://www.nspcc.org.uk/x</a></li></ol>')
    assert roles(markdown) == ["{cite:p}[key1]", "{cite:p}[key2]", "{cite:p}[key1]"]
    assert urls == ["https://www.gov.uk/cin", "https://www.nspcc.org.uk/x"]
    assert [(s.number, s.description) for s in result.cited] == [
        (1, "Characteristics of children in need"), (2, "Web page at www.nspcc.org.uk")]
    html = render(markdown)
    assert html.find("ol") is None and html.find("a") is None, "the list gives way to the References section"
    assert "References" not in html.get_text(), "the old list's heading goes with it"


def test_bracketed_lines_at_the_end_with_bare_addresses_are_a_list_too():
    markdown, urls, result = convert(
        '<div dir="ltr">The report [1] and the petition [2].<br /><br />'
        "[1] The Views of Step Up to Social Work Trainees, research report<br />"
        "https://www.gov.uk/government/uploads/RR327.pdf<br />"
        '[2] <a href="https://petition.example.org/60000">The petition</a><br /></div>')
    assert roles(markdown) == ["{cite:p}[key1]", "{cite:p}[key2]"]
    assert urls == ["https://www.gov.uk/government/uploads/RR327.pdf", "https://petition.example.org/60000"]
    assert [s.description for s in result.cited] == [
        "The Views of Step Up to Social Work Trainees, research report", "The petition"]
    assert " ".join(render(markdown).get_text().split()) == "The report {cite:p}[key1] and the petition {cite:p}[key2]."


def test_unmatched_markers_and_uncited_entries_stay_and_are_reported():
    markdown, urls, result = convert(
        "<p>Senge [1] on the RSA [2] website, and a lost source [3].</p>"
        "<p>[1] Peter Senge is a professor at MIT's Sloan School of Management</p>"
        "<p>[2] Royal Society of Arts http://www.thersa.org/</p>"
        "<p>[4] https://www.example.org/never-cited</p>")
    assert urls == ["http://www.thersa.org/"]
    assert result.unmatched == ["[1]", "[3]"], "[1] has no address: it is a note, not a citation"
    assert result.uncited == [4]
    text = " ".join(render(markdown).get_text().split())
    assert text.startswith("Senge [1] on the RSA {cite:p}[key1] website, and a lost source [3].")
    assert "[1] Peter Senge is a professor" in text and "[4] https://www.example.org/never-cited" in text
    assert "Royal Society of Arts" not in text


def test_a_post_without_a_list_at_its_end_cites_nothing():
    markdown, urls, result = convert("<p>A list [1] in the middle:</p><p>[1] https://a.example/</p><p>Then more.</p>")
    assert urls == [] and result.cited == [] and result.unmatched == ["[1]", "[1]"]
    assert "{cite" not in markdown


def test_a_new_entry_follows_the_rules_of_references_bib():
    source = Source(1, "https://www.gov.uk/a%20b?x=1&y={2}", "Department for Education {draft} statistics")
    text = bib_entry("gov2014department", source, "2014-04-02")
    with pybtex.errors.capture() as errors:
        data = Parser().parse_string(text)
    assert errors == []
    entry = data.entries["gov2014department"]
    assert entry.type == "misc"
    assert dict(entry.fields) == {
        "title": "[Department for Education (draft) statistics]",  # a description in brackets, not a headline
        "year": "n.d.",  # the page's own date is not known
        "url": "https://www.gov.uk/a%20b?x=1&y=%7B2%7D",
        "urldate": "2014-04-02",  # the day the post shows the author saw it
    }


def test_new_keys_are_unique_against_existing_ones_whatever_their_case():
    taken = {"gov2014department", "gov2014departmentb"}
    source = Source(1, "https://www.gov.uk/x", "Department for Education statistics")
    assert make_key(source, 2014, taken) == "gov2014departmentc"
    assert make_key(Source(2, "https://WWW.NSPCC.org.uk/", "Web page at www.nspcc.org.uk"), 2014, taken) == (
        "nspcc2014page")
    assert {"gov2014departmentc", "nspcc2014page"} <= taken
