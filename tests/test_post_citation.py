"""A post as a reference (citation.records, exports, metadata), on plain data: no site is built.

The post's references in "Cite this post" are rendered by the CSL styles
through the same pipeline as the site (standalone copies of the styles, one
pandoc call) and compared with citeproc-js; BibTeX is read back by pybtex and
RIS by rispy, the libraries reference managers' importers are checked against.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import rispy
from csl_judge import STYLES, judge, marked_text_lxml
from pybtex.database import parse_string
from pybtex.richtext import Text
from sphinx_citable_blog.citation.csl.render import Style, render
from sphinx_citable_blog.citation.exports import bibtex, csl_item, ris, tex_escape
from sphinx_citable_blog.citation.metadata import (
    highwire_date,
    highwire_reference,
    iso_published,
    json_ld,
    json_ld_script,
    plain_description,
)
from sphinx_citable_blog.citation.records import Name, PostRecord, assign_keys, parse_name

BLOG = "Chris Mills: Child Protection Blog"
BASE = "https://blog.example.org/"
MILLS = Name("Mills", "Chris")
OFSTED = "Ofsted – and the TIWPIR problem"
STEPPING = "Stepping up but not staying in?"
INVENTED = 'Blame & "learning": 100% wrong – or right?'
# Every character TeX treats specially.
SPECIALS = 'Risk & {blame} $5 #1 ~ ^ \\ _ 50%'


def record(title: str, day: dt.date, slug: str, key: str = "", authors: tuple[Name, ...] = (MILLS,)) -> PostRecord:
    return PostRecord(
        title=title,
        authors=authors,
        published=dt.datetime(day.year, day.month, day.day),
        url=f"{BASE}posts/{day:%Y/%m}/{slug}.html",
        blog_name=BLOG,
        key=key or slug.replace("-", ""),
        tags=("inspection", "service improvement"),
        category="Policy comment",
    )


OFSTED_POST = record(OFSTED, dt.date(2014, 4, 8), "ofsted-and-the-tiwpir-problem", "mills2014ofsted")
STEPPING_POST = record(STEPPING, dt.date(2014, 4, 15), "stepping-up-but-not-staying-in", "mills2014stepping")
INVENTED_POST = record(INVENTED, dt.date(2014, 4, 20), "blame-and-learning", "mills2014blame")
SPECIALS_POST = record(SPECIALS, dt.date(2014, 4, 21), "risk-and-blame", "mills2014risk")


# -- Names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "short", "inverted"),
    [
        ("Chris Mills", "Mills, C.", "Mills, Chris"),
        ("Mills, Chris", "Mills, C.", "Mills, Chris"),
        ("Peter M. Senge", "Senge, P. M.", "Senge, Peter M."),
        ("Jean-Paul Sartre", "Sartre, J.-P.", "Sartre, Jean-Paul"),
        ("Vincent van Gogh", "van Gogh, V.", "van Gogh, Vincent"),
        ("King, Jr., Martin Luther", "King, M. L., Jr.", "King, Martin Luther, Jr."),
        ("{Department for Education}", "Department for Education", "Department for Education"),
        ("{Ofsted}", "Ofsted", "Ofsted"),
    ],
)
def test_names(text, short, inverted):
    name = parse_name(text)
    assert (name.short, name.inverted) == (short, inverted)


def test_an_organisation_in_braces_is_never_split():
    name = parse_name("{Royal Society for the Encouragement of Arts, Manufactures and Commerce}")
    assert name.corporate
    assert name.family == "Royal Society for the Encouragement of Arts, Manufactures and Commerce"


# -- "Cite this post": the post as a CSL item, in APA and Cite Them Right ----------------------------

PEOPLE = (Name("Adams", "Ann"), Name("Brown", "Bea"), Name("Cole", "Cal"), Name("Dunn", "Dee"))
POSTS = [
    OFSTED_POST,
    STEPPING_POST,
    *(record("Title", dt.date(2014, 4, 8), f"authors-{n}", authors=PEOPLE[:n]) for n in (2, 3, 4)),
    record("Twenty-one", dt.date(2014, 4, 8), "many", authors=tuple(Name(f"Person{i}", "Ann") for i in range(1, 22))),
    record("Workforce figures", dt.date(2014, 3, 1), "workforce", authors=(parse_name("{Department for Education}"),)),
    record("Notice", dt.date(2014, 4, 8), "notice", authors=()),
]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, dict[str, str]]:
    """Each post's reference in each style, rendered together as "Cite this post" renders them."""
    folder = tmp_path_factory.mktemp("styles")
    items = {post.key: csl_item(post) for post in POSTS}
    out = {}
    for style in ("apa", "harvard-cite-them-right"):
        standalone = Style(STYLES / f"{style}.csl", "en-GB").standalone(folder)
        renderings, _ = render(standalone, {post.key: ((), (post.key,)) for post in POSTS}, items, {},
                               lambda documents, _: [d.__setitem__("pack", 0) for d in documents])
        out[style] = {key: marked_text_lxml(r.bibliography[0][1]) for key, r in renderings.items()}
    return out


def test_each_reference_is_as_citeproc_js_renders_the_post_alone(rendered, tmp_path):
    items = [csl_item(post) for post in POSTS]
    for style, ours in rendered.items():
        for post in POSTS:
            (theirs,) = [judge(style, "en-GB", items, {post.key: []}, tmp_path, nocite={post.key: [post.key]})[
                post.key].bibliography[0][1]]
            assert ours[post.key] == theirs, (style, post.key)


def test_several_authors_an_organisation_and_none(rendered):
    apa, ctr = rendered["apa"], rendered["harvard-cite-them-right"]
    assert apa["authors2"].startswith("Adams, A., & Brown, B. (2014, April 8). Title.")
    assert apa["authors4"].startswith("Adams, A., Brown, B., Cole, C., & Dunn, D. (2014, April 8).")
    assert ctr["authors2"].startswith("Adams, A. and Brown, B. (2014) ‘Title’,")
    assert ctr["authors4"].startswith("Adams, A. _et al._ (2014) ‘Title’,")
    # APA 7: from 21 authors, the first 19, an ellipsis and the last.
    assert ", Person19, A., … Person21, A. (2014" in apa["many"] and "Person20" not in apa["many"]
    assert apa["workforce"].startswith("Department for Education. (2014, March 1). Workforce figures.")
    # A post without an author is the blog's own.
    assert apa["notice"].startswith(f"{BLOG}. (2014, April 8). Notice. _{BLOG}_.")


def test_no_reference_gets_a_letter_though_all_are_rendered_together(rendered):
    for style in rendered.values():
        assert not any(re.search(r"\(2014[a-z][,)]", text) for text in style.values())


def test_the_blog_is_in_italics_and_a_title_ending_in_a_question_mark_gets_no_full_stop(rendered):
    assert rendered["apa"]["mills2014stepping"] == (
        f"Mills, C. (2014, April 15). Stepping up but not staying in? _{BLOG}_. "
        f"{BASE}posts/2014/04/stepping-up-but-not-staying-in.html")
    assert rendered["harvard-cite-them-right"]["mills2014ofsted"] == (
        f"Mills, C. (2014) ‘Ofsted – and the TIWPIR problem’, _{BLOG}_, 8 April. Available at: "
        f"{BASE}posts/2014/04/ofsted-and-the-tiwpir-problem.html.")


# -- BibTeX ---------------------------------------------------------------------------------


def test_bibtex_entry_for_a_real_title():
    assert bibtex([OFSTED_POST]) == (
        "@online{mills2014ofsted,\n"
        '    author = "Mills, Chris",\n'
        '    title = "{Ofsted – and the TIWPIR problem}",\n'
        '    year = "2014",\n'
        '    date = "2014-04-08",\n'
        f'    url = "{BASE}posts/2014/04/ofsted-and-the-tiwpir-problem.html",\n'
        f'    organization = "{BLOG}",\n'
        f'    howpublished = "{BLOG}"\n'
        "}\n"
    )


def test_several_entries_are_what_pybtex_writes_for_them_together():
    """posts.bib joins the entries each page shows: it must equal pybtex's own file of them all."""
    from pybtex.database import BibliographyData
    from sphinx_citable_blog.citation.exports import bibtex_entry
    from sphinx_citable_blog.compat.pybtex import BibTeXWriter

    posts = [OFSTED_POST, STEPPING_POST, INVENTED_POST, SPECIALS_POST]
    together = BibTeXWriter(encoding="UTF-8").to_string(BibliographyData({p.key: bibtex_entry(p) for p in posts}))
    assert bibtex(posts) == together
    assert bibtex(posts[:1]) + "\n" + bibtex(posts[1:]) == together
    assert len(parse_string(bibtex(posts), "bibtex").entries) == 4
    assert bibtex([]) == "\n"


def test_an_organisation_is_one_braced_name():
    post = record("Workforce figures", dt.date(2014, 3, 1), "workforce", authors=(parse_name("{Department for Education}"),))
    assert '    author = "{Department for Education}",\n' in bibtex([post])
    assert "AU  - Department for Education\r\n" in ris(post)
    entry = parse_string(bibtex([post]), "bibtex").entries[post.key]
    (person,) = entry.persons["author"]
    assert person.last_names == ["{Department for Education}"] and not person.first_names


def test_tex_specials_are_escaped_and_unicode_kept():
    assert tex_escape("& % $ # _ { } ~ ^ \\") == (
        r"\& \% \$ \# \_ \textbraceleft{} \textbraceright{} \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )
    assert tex_escape("Ofsted – “quoted” ‘single’ naïve") == "Ofsted – “quoted” ‘single’ naïve"


@pytest.mark.parametrize("post", [OFSTED_POST, STEPPING_POST, INVENTED_POST], ids=["ofsted", "stepping", "invented"])
def test_bibtex_parses_back_to_the_same_title_and_fields(post):
    entry = parse_string(bibtex([post]), "bibtex").entries[post.key]
    assert entry.type == "online"
    assert Text.from_latex(entry.fields["title"]).render_as("text") == post.title
    assert [str(p) for p in entry.persons["author"]] == ["Mills, Chris"]
    assert entry.fields["year"] == "2014"
    assert entry.fields["date"] == post.day.isoformat()
    assert entry.fields["url"] == post.url
    assert entry.fields["organization"] == entry.fields["howpublished"] == BLOG
    assert "urldate" not in entry.fields


def test_every_tex_special_in_a_title_is_escaped_losslessly_and_braces_stay_balanced():
    entry = parse_string(bibtex([SPECIALS_POST]), "bibtex").entries["mills2014risk"]
    title = entry.fields["title"]
    assert title == (r"{Risk \& \textbraceleft{}blame\textbraceright{} \$5 \#1 \textasciitilde{} "
                     r"\textasciicircum{} \textbackslash{} \_ 50\%}")
    names = {"textasciitilde": "~", "textasciicircum": "^", "textbackslash": "\\", "textbraceleft": "{",
             "textbraceright": "}"}
    unescaped = re.sub(r"\\(\w+)\{\}|\\([&%$#_])", lambda m: names.get(m[1]) or m[2], title[1:-1])
    assert unescaped == SPECIALS
    # A lone brace cannot end the field early.
    lone = record("Open { brace", dt.date(2014, 4, 8), "brace")
    assert parse_string(bibtex([lone]), "bibtex").entries[lone.key].fields["year"] == "2014"


def test_an_address_is_written_verbatim():
    post = record("Title", dt.date(2014, 4, 8), "a_b")
    post = PostRecord(**{**post.__dict__, "url": "https://blog.example.org/a_b%20c#d"})
    assert '    url = "https://blog.example.org/a_b%20c#d",\n' in bibtex([post])


# -- Citation keys -----------------------------------------------------------------------------

SLUGS = [
    ("pressure-of-work", dt.date(2014, 4, 2)),
    ("is-it-any-wonder-that-child-protection-social-work-in-england-is-not-a-developing-profession", dt.date(2014, 4, 8)),
    ("ofsted-and-the-tiwpir-problem", dt.date(2014, 4, 8)),
    ("learning-organisations", dt.date(2014, 4, 9)),
    ("mandatory-reporting-the-wrong-approach", dt.date(2014, 4, 15)),
    ("stepping-up-but-not-staying-in", dt.date(2014, 4, 15)),
    ("outsourcing", dt.date(2014, 4, 17)),
]


def keys_for(slugs, taken=()):
    return assign_keys([(slug, (MILLS,), day, slug) for slug, day in slugs], taken)


def test_keys_for_the_real_posts():
    assert keys_for(SLUGS) == {
        "pressure-of-work": "mills2014pressure",
        "is-it-any-wonder-that-child-protection-social-work-in-england-is-not-a-developing-profession": (
            "mills2014wonder"
        ),
        "ofsted-and-the-tiwpir-problem": "mills2014ofsted",
        "learning-organisations": "mills2014learning",
        "mandatory-reporting-the-wrong-approach": "mills2014mandatory",
        "stepping-up-but-not-staying-in": "mills2014stepping",
        "outsourcing": "mills2014outsourcing",
    }


def test_keys_are_unique_and_a_new_post_never_changes_an_older_key():
    before = keys_for(SLUGS)
    later = [("outsourcing-again", dt.date(2014, 5, 1)), ("outsourcing-again-2", dt.date(2014, 5, 2))]
    after = keys_for(SLUGS + later)
    assert {k: after[k] for k in before} == before
    assert after["outsourcing-again"] == "mills2014outsourcingagain"
    assert after["outsourcing-again-2"] == "mills2014outsourcingagain2"
    assert len(set(after.values())) == len(after)


def test_keys_avoid_the_bibliographys_keys():
    keys = keys_for([("foi-request", dt.date(2014, 4, 8))], taken={"mills2014foi"})
    assert keys == {"foi-request": "mills2014foirequest"}
    keys = keys_for([("foi", dt.date(2014, 4, 8))], taken={"mills2014foi"})
    assert keys == {"foi": "mills2014foia"}


def test_key_of_an_organisation_and_of_accented_names():
    day = dt.date(2014, 4, 8)
    dfe = parse_name("{Department for Education}")
    assert assign_keys([("a", (dfe,), day, "workforce-figures")]) == {"a": "department2014workforce"}
    assert assign_keys([("b", (Name("Ó Súilleabháin", "Seán"),), day, "café-culture")]) == {
        "b": "osuilleabhain2014cafe"
    }


# -- RIS -------------------------------------------------------------------------------------------


def test_ris_record():
    text = ris(OFSTED_POST)
    assert text.endswith("ER  - \r\n")
    assert text.split("\r\n") == [
        "TY  - BLOG",
        "TI  - Ofsted – and the TIWPIR problem",
        "AU  - Mills, Chris",
        "PY  - 2014",
        "DA  - 2014/04/08/",
        f"T2  - {BLOG}",
        f"UR  - {BASE}posts/2014/04/ofsted-and-the-tiwpir-problem.html",
        "LA  - en",
        "KW  - inspection",
        "KW  - service improvement",
        "ER  - ",
        "",
    ]
    (read,) = rispy.loads(text)
    assert (read["type_of_reference"], read["title"], read["authors"], read["urls"]) == (
        "BLOG", OFSTED, ["Mills, Chris"], [OFSTED_POST.url])


def test_ris_keeps_special_characters_and_cannot_be_broken_by_a_line_break():
    assert f"TI  - {STEPPING}\r\n" in ris(STEPPING_POST)
    assert f"TI  - {INVENTED}\r\n" in ris(INVENTED_POST)
    assert f"TI  - {SPECIALS}\r\n" in ris(SPECIALS_POST)
    sneaky = record("Two\nlines\r\nER  - ", dt.date(2014, 4, 8), "x")
    lines = ris(sneaky).split("\r\n")
    assert "TI  - Two lines ER -" in lines
    assert [line for line in lines if line.startswith("ER")] == ["ER  - "]


# -- Head metadata ----------------------------------------------------------------------------------


def test_dates():
    assert highwire_date(dt.date(2014, 4, 8)) == "2014/04/08"
    assert iso_published(dt.datetime(2014, 4, 8)) == "2014-04-08"
    assert iso_published(dt.datetime(2014, 4, 8, 9, 30)) == "2014-04-08T09:30:00+00:00"


BOOK = {"id": "w", "type": "book", "title": "A </script><script>alert(1)</script> & <!-- work",
        "author": [{"family": "Mills", "given": "Chris"}], "issued": {"date-parts": [[2014]]}, "URL": "http://x/"}


@pytest.mark.parametrize(
    "post", [OFSTED_POST, STEPPING_POST, INVENTED_POST, SPECIALS_POST], ids=["ofsted", "stepping", "invented", "specials"]
)
def test_json_ld_is_valid_and_safe_in_a_script_element(post):
    script = json_ld_script(json_ld(post, "It’s a “description” & more", [BOOK], site_url=BASE,
                                    image=BASE + "card.png", author_url=BASE + "about.html"))
    inner = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner and "&" not in inner
    data = json.loads(inner)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == post.title
    assert data["author"] == [{"@type": "Person", "name": "Chris Mills", "givenName": "Chris", "familyName": "Mills",
                               "url": BASE + "about.html"}]
    assert data["datePublished"] == data["dateModified"] == post.published.date().isoformat()
    assert data["url"] == data["mainEntityOfPage"]["@id"] == post.url
    assert data["publisher"] == {"@type": "Organization", "name": BLOG, "url": BASE}
    assert data["image"] == BASE + "card.png"
    assert data["isPartOf"] == {"@type": "Blog", "name": BLOG, "url": BASE}
    assert data["description"] == "It’s a “description” & more"
    assert data["citation"][0]["name"] == "A alert(1) & " or "alert(1)" in data["citation"][0]["name"]
    assert data["citation"][0]["@type"] == "Book"


def test_highwire_reference():
    work = {"id": "s", "type": "book", "title": "Title; with a semicolon", "publisher": "Doubleday",
            "author": [{"family": "Senge", "given": "Peter M."}], "issued": {"date-parts": [[1990]]}}
    assert highwire_reference(work) == (
        "citation_title=Title, with a semicolon; citation_author=Senge, Peter M.; "
        "citation_publication_date=1990; citation_publisher=Doubleday"
    )


def test_highwire_references_from_csl_items():
    report = {"type": "report", "title": "Serious case review re Daniel Pelka", "issued": {"date-parts": [[2013]]},
              "author": [{"literal": "Coventry Safeguarding Children Board"}],
              "publisher": "Coventry Safeguarding Children Board"}
    article = {"type": "article-journal", "title": "Risk & blame", "container-title": "Child Abuse Review",
               "author": [{"family": "Smith", "given": "Jo"}, {"family": "Jones", "given": "Al"}],
               "issued": {"date-parts": [[2010, 3]]}, "URL": "http://example.org/a", "DOI": "10.1/x"}
    petition = {"type": "document", "issued": {"date-parts": [[2014]]},
                "title": '<span class="nocase"><span class="nodecor">[Petition for mandatory reporting]</span></span>'}
    journal = {"type": "webpage", "title": "British Journal of Social Work", "issued": {"date-parts": [[1971], [0]]},
               "publisher": "Oxford University Press"}
    assert highwire_reference(report) == (
        "citation_title=Serious case review re Daniel Pelka; citation_author=Coventry Safeguarding Children Board; "
        "citation_publication_date=2013; citation_technical_report_institution=Coventry Safeguarding Children Board"
    )
    assert highwire_reference(article) == (
        "citation_title=Risk & blame; citation_author=Smith, Jo; citation_author=Jones, Al; "
        "citation_publication_date=2010/03; citation_journal_title=Child Abuse Review; citation_doi=10.1/x; "
        "citation_public_url=http://example.org/a"
    )
    assert highwire_reference(petition) == (
        "citation_title=[Petition for mandatory reporting]; citation_publication_date=2014"
    )
    # An open range ("1971–") is given by its start; the publisher is kept.
    assert highwire_reference(journal) == (
        "citation_title=British Journal of Social Work; citation_publication_date=1971; "
        "citation_publisher=Oxford University Press"
    )


def test_plain_description():
    assert plain_description("Journal of Social Work . (http://bjsw.oxfordjournals.org/)") == (
        "Journal of Social Work. (http://bjsw.oxfordjournals.org/)"
    )
    assert plain_description("a  b\n c ()") == "a b c"
    long = "word " * 100
    cut = plain_description(long, limit=50)
    assert cut.endswith("word…") and len(cut) <= 50
