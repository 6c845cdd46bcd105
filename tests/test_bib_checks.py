"""references.bib and every citation of it are checked, naming file and line."""

from __future__ import annotations

import re

import pytest
from sphinx_citable_blog.authoring.bib_checks import check_bib, cited_keys, is_web_url, missing_key_message, scan_entries
from conftest import PROJECT, assert_no_crash_report, assert_stopped_before_writing, copy_project, sphinx_build
from pybtex.database import BibliographyDataError
from pybtex.database.input.bibtex import Parser

TWICE = """\
% comment
@misc{a2014,
  title = {A},
  year = {2014},
}
@misc{a2014,
  title = {A again},
  year = {2014},
}
"""


def problems(text: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in check_bib(text)[1]]


def test_the_sites_bibliography_has_no_problems():
    text = (PROJECT / "references.bib").read_text(encoding="utf-8")
    entries, found = check_bib(text)
    assert found == []
    assert [e.key for e in entries] == re.findall(r"^@\w+\{([^,\s]+),", text, re.M)


def test_pybtex_alone_stops_at_a_repeated_key_without_naming_the_line():
    """Why the check exists: pybtex raises (or, not strict, warns) with no line number."""
    with pytest.raises(BibliographyDataError, match=r"^repeated bibliography entry: a2014$"):
        Parser().parse_string(TWICE)


def test_a_duplicate_key_is_reported_at_the_second_entry():
    assert problems(TWICE) == [(6, "duplicate key 'a2014': already used on line 2")]
    assert problems(TWICE.replace("@misc{a2014,\n  title = {A again}", "@misc{A2014,\n  title = {A again}")) == [
        (6, "duplicate key 'A2014': already used on line 2 (as 'a2014': BibTeX keys ignore case)")
    ]


def test_entries_need_a_title_and_a_year():
    text = "@book{x,\n  author = {A, B},\n}\n@book{y,\n  title = {T},\n  year = {},\n}\n"
    assert problems(text) == [(1, "entry 'x' has no title"), (1, "entry 'x' has no year"), (4, "entry 'y' has no year")]


@pytest.mark.parametrize(("url", "ok"), [
    ("https://www.gov.uk/x.pdf", True),
    ("http://bjsw.oxfordjournals.org/", True),
    ("www.example.org/x", False),
    ("ftp://example.org/x", False),
    ("https:///nohost", False),
    ("https://example.org/a b", False),
    ("/posts/x.html", False),
])
def test_urls_must_be_absolute_web_addresses(url, ok):
    assert is_web_url(url) is ok


def test_a_malformed_url_is_reported_at_its_field():
    text = "@misc{x,\n  title = {T},\n  year = {2014},\n  url = {www.example.org},\n}\n"
    assert problems(text) == [(4, "entry 'x': url 'www.example.org' is not an absolute http(s) URL")]


def test_a_syntax_error_is_reported_with_its_line():
    assert problems("@misc{x,\n  title = {T\n") == [
        (2, "cannot be read: syntax error in line 2: premature end of file")
    ]


def test_entries_and_field_lines_are_found():
    entries = scan_entries("@comment{x}\n@string{j = {J}}\n@book{k1,\n title={T},\n URL = {u},\n}\n")
    assert [(e.key, e.line, e.field_lines) for e in entries] == [("k1", 3, {"title": 4, "url": 5})]


def test_cited_keys_ignore_comments():
    source = "A {cite:p}`a,b` and {cite:yearpar}`{see}c{p. 3}`.\n% {cite:p}`hint`\n<!-- {cite:t}`d`\n-->\n"
    assert cited_keys(source) == {"a", "b", "c"}


def test_a_missing_key_gets_the_closest_key_suggested():
    assert missing_key_message("senge1990fith", ["senge1990fifth", "rsa2014senge"], "references.bib") == (
        "citation key 'senge1990fith' is not in references.bib; did you mean 'senge1990fifth'?"
    )
    assert missing_key_message("Senge1990Fifth", ["senge1990fifth"], "references.bib").endswith(
        "did you mean 'senge1990fifth'?"
    )
    assert missing_key_message("zzz", ["senge1990fifth"], "references.bib").endswith(
        "add the work to references.bib first"
    )


# -- Each rule stops a build --------------------------------------------------------------------

BAD_BIB = {
    "bib-duplicate-key": [
        r"references\.bib:10: ERROR: duplicate key 'Senge1990Fifth': already used on line 3 "
        r"\(as 'senge1990fifth': BibTeX keys ignore case\)"
    ],
    "bib-missing-fields": [
        r"references\.bib:3: ERROR: entry 'senge1990fifth' has no title",
        r"references\.bib:9: ERROR: entry 'rsa2014senge' has no year",
    ],
    "bib-bad-url": [
        r"references\.bib:7: ERROR: entry 'rsa2014senge': url "
        r"'www\.thersa\.org/fellowship/journal/features/features/seats-of-learning' is not an absolute http\(s\) URL"
    ],
}


@pytest.mark.parametrize("root", sorted(BAD_BIB))
def test_bibliography_problems_stop_the_build_before_any_post_is_read(bad_build, root):
    assert_stopped_before_writing(bad_build(root), BAD_BIB[root], ["references.bib"])


def test_a_problem_brought_in_after_a_passing_build_stops_the_next_build(tmp_path):
    """A file that passed is not checked again while its text is the same (the speed layer): a change is."""
    src = copy_project(tmp_path / "src")
    assert (first := sphinx_build(src, tmp_path / "html")).returncode == 0, first.stderr
    bib = src / "references.bib"
    text = bib.read_text(encoding="utf-8")
    entry = scan_entries(text)[0]
    bib.write_text(text + f"\n@misc{{{entry.key},\n  title = {{Again}},\n  year = {{2014}},\n}}\n", encoding="utf-8")
    second = sphinx_build(src, tmp_path / "html")
    assert second.returncode != 0
    line = text.count("\n") + 2
    assert f"references.bib:{line}: ERROR: duplicate key {entry.key!r}: already used on line {entry.line}" in (
        second.stderr), second.stderr
    assert_no_crash_report(second)
    bib.write_text(text, encoding="utf-8")
    assert (third := sphinx_build(src, tmp_path / "html")).returncode == 0, third.stderr


def test_an_uncited_entry_is_a_warning_that_fails_the_strict_build(bad_build):
    build = bad_build("bib-uncited")
    assert build.returncode != 0
    pattern = (r"references\.bib:10: WARNING: entry 'rsa2014senge' is cited by no post: cite it or remove it "
               r"\[bib\.uncited\]")
    assert re.search(pattern, build.stderr), build.stderr
    assert len(re.findall(r"WARNING|ERROR", build.stderr)) == 1, build.stderr
    assert_no_crash_report(build)


def test_a_misspelt_key_is_reported_once_with_the_key_that_was_meant(bad_build):
    build = bad_build("bib-misspelt-key")
    assert build.returncode != 0
    ours = (r"posts/2014/04/misspelt-key\.md:10: ERROR: citation key 'senge1990fith' is not in references\.bib; "
            r"did you mean 'senge1990fifth'\?")
    assert len(re.findall(ours, build.stderr)) == 1, build.stderr
    # sphinxcontrib-bibtex's own warning follows, once, not once per excerpt and feed.
    theirs = r'posts/2014/04/misspelt-key\.md:10: WARNING: could not find bibtex key "senge1990fith"'
    assert len(re.findall(theirs, build.stderr)) == 1, build.stderr


# -- crossref --------------------------------------------------------------------------------------

CROSSREF = """@incollection{white2011voice,
  author   = {White, Sue},
  title    = {The Child's Voice},
  crossref = {hill2011reader},
}

@collection{hill2011reader,
  editor    = {Hill, Malcolm},
  title     = {A Reader in Child Welfare},
  year      = {2011},
}

@incollection{lost2011chapter,
  author   = {Lost, Ann},
  title    = {A Chapter},
  crossref = {nosuchbook},
}

@book{loop1,
  title    = {One},
  crossref = {loop2},
}

@book{loop2,
  title    = {Two},
  crossref = {loop1},
}

@incollection{noyear2011,
  author   = {Smith, Jo},
  title    = {Undated},
  crossref = {undated},
}

@collection{undated,
  title    = {Undated Book},
}
"""


def test_a_chapter_takes_the_year_of_the_book_it_names_in_crossref():
    entries, problems = check_bib(CROSSREF)
    messages = {problem.line: problem.message for problem in problems}
    assert 1 not in messages  # white2011voice: its year is its book's
    assert {e.key: e.crossref for e in entries}["white2011voice"] == "hill2011reader"
    assert messages[16] == "entry 'lost2011chapter': crossref 'nosuchbook' is no entry of this file"
    assert messages[21].startswith("entry 'loop1': crossref goes round in a loop (loop1 -> loop2 -> loop1)")
    assert messages[29] == "entry 'noyear2011' has no year (nor has 'undated', its crossref)"
    assert messages[35] == "entry 'undated' has no year"


def test_a_book_cited_only_through_its_chapter_is_not_uncited(bad_build):
    build = bad_build("csl-cases")
    assert build.returncode == 0, build.stderr
    assert "hill2011reader" not in build.stderr
