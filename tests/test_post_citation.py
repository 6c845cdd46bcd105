"""The reference formats of citation.formats, on plain data (no site is built)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sphinx_citable_blog.citation.formats import (
    Name,
    PostRecord,
    Work,
    apa,
    assign_keys,
    bibtex,
    harvard,
    highwire_date,
    highwire_reference,
    iso_published,
    json_ld,
    json_ld_script,
    parse_name,
    plain_description,
    ris,
    runs_to_html,
    runs_to_text,
    tex_escape,
    work_from_entry,
)
from pybtex.database import parse_string
from pybtex.richtext import Text

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
        key=key,
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


# -- APA 7 and Harvard ------------------------------------------------------------------


def test_apa_with_the_real_titles():
    assert runs_to_text(apa(OFSTED_POST)) == (
        f"Mills, C. (2014, April 8). Ofsted – and the TIWPIR problem. {BLOG}. "
        f"{BASE}posts/2014/04/ofsted-and-the-tiwpir-problem.html"
    )
    # A title ending in "?" gets no extra full stop.
    assert runs_to_text(apa(STEPPING_POST)) == (
        f"Mills, C. (2014, April 15). Stepping up but not staying in? {BLOG}. "
        f"{BASE}posts/2014/04/stepping-up-but-not-staying-in.html"
    )


def test_harvard_with_the_real_titles():
    assert runs_to_text(harvard(OFSTED_POST)) == (
        f"Mills, C. (2014) 'Ofsted – and the TIWPIR problem', {BLOG}, 8 April. "
        f"Available at: {BASE}posts/2014/04/ofsted-and-the-tiwpir-problem.html."
    )
    assert runs_to_text(harvard(STEPPING_POST)) == (
        f"Mills, C. (2014) 'Stepping up but not staying in?', {BLOG}, 15 April. "
        f"Available at: {BASE}posts/2014/04/stepping-up-but-not-staying-in.html."
    )


def test_blog_name_is_in_italics_and_html_is_escaped():
    html = runs_to_html(apa(INVENTED_POST))
    assert f"<em>{BLOG}</em>" in html
    assert "Blame &amp; &quot;learning&quot;" not in html  # text content: quotes need no escaping
    assert 'Blame &amp; "learning": 100% wrong' in html
    assert html.count("<em>") == 1
    url = INVENTED_POST.url
    assert f'<a href="{url}">{url}</a>' in html
    assert "<em>" + BLOG + "</em>" in runs_to_html(harvard(STEPPING_POST))


@pytest.mark.parametrize(
    ("count", "apa_text", "harvard_text"),
    [
        (1, "Adams, A.", "Adams, A."),
        (2, "Adams, A., & Brown, B.", "Adams, A. and Brown, B."),
        (3, "Adams, A., Brown, B., & Cole, C.", "Adams, A., Brown, B. and Cole, C."),
        (4, "Adams, A., Brown, B., Cole, C., & Dunn, D.", "Adams, A. et al."),
    ],
)
def test_several_authors(count, apa_text, harvard_text):
    people = (Name("Adams", "Ann"), Name("Brown", "Bea"), Name("Cole", "Cal"), Name("Dunn", "Dee"))
    post = record("Title", dt.date(2014, 4, 8), "title", authors=people[:count])
    assert runs_to_text(apa(post)).startswith(apa_text + " (2014, April 8). Title. ")
    assert runs_to_text(harvard(post)).startswith(harvard_text + " (2014) 'Title', ")


def test_apa_twenty_one_authors_are_cut_to_the_first_nineteen_and_the_last():
    people = tuple(Name(f"Person{i}", "Ann") for i in range(1, 22))
    text = runs_to_text(apa(record("Title", dt.date(2014, 4, 8), "title", authors=people)))
    assert text.startswith("Person1, A., ") and ", Person19, A., … Person21, A. (2014" in text
    assert "Person20" not in text


def test_an_organisation_as_author():
    dfe = parse_name("{Department for Education}")
    post = record("Workforce figures", dt.date(2014, 3, 1), "workforce", authors=(dfe,))
    assert runs_to_text(apa(post)).startswith("Department for Education. (2014, March 1). Workforce figures. ")
    assert runs_to_text(harvard(post)).startswith("Department for Education (2014) 'Workforce figures', ")
    assert "  author       = {{Department for Education}},\n" in bibtex(post)
    assert "AU  - Department for Education\r\n" in ris(post)


def test_a_post_without_author_is_the_blogs():
    post = record("Notice", dt.date(2014, 4, 8), "notice", authors=())
    assert runs_to_text(apa(post)).startswith(f"{BLOG}. (2014, April 8). Notice. ")


# -- BibTeX ---------------------------------------------------------------------------------


def test_bibtex_entry_for_a_real_title():
    assert bibtex(OFSTED_POST) == (
        "@online{mills2014ofsted,\n"
        "  author       = {Mills, Chris},\n"
        "  title        = {{Ofsted – and the TIWPIR problem}},\n"
        "  year         = {2014},\n"
        "  month        = apr,\n"
        "  date         = {2014-04-08},\n"
        f"  url          = {{{BASE}posts/2014/04/ofsted-and-the-tiwpir-problem.html}},\n"
        f"  organization = {{{BLOG}}},\n"
        f"  howpublished = {{{BLOG}}},\n"
        "}\n"
    )


def test_tex_specials_are_escaped_and_unicode_kept():
    assert tex_escape("& % $ # _ { } ~ ^ \\") == (
        r"\& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )
    assert tex_escape("Ofsted – “quoted” ‘single’ naïve") == "Ofsted – “quoted” ‘single’ naïve"


@pytest.mark.parametrize("post", [OFSTED_POST, STEPPING_POST, INVENTED_POST], ids=["ofsted", "stepping", "invented"])
def test_bibtex_parses_back_to_the_same_title_and_fields(post):
    entry = parse_string(bibtex(post), "bibtex").entries[post.key]
    assert entry.type == "online"
    assert Text.from_latex(entry.fields["title"]).render_as("text") == post.title
    assert [str(p) for p in entry.persons["author"]] == ["Mills, Chris"]
    assert entry.fields["year"] == "2014"
    assert entry.fields["month"] == "April"  # the "apr" macro
    assert entry.fields["url"] == post.url
    assert entry.fields["organization"] == entry.fields["howpublished"] == BLOG
    assert "urldate" not in entry.fields


def test_every_tex_special_in_a_title_is_escaped_losslessly():
    entry = parse_string(bibtex(SPECIALS_POST), "bibtex").entries["mills2014risk"]
    title = entry.fields["title"]
    assert title == r"{Risk \& \{blame\} \$5 \#1 \textasciitilde{} \textasciicircum{} \textbackslash{} \_ 50\%}"
    unescaped = re.sub(
        r"\\(textasciitilde|textasciicircum|textbackslash)\{\}|\\([&%$#_{}])",
        lambda m: {"textasciitilde": "~", "textasciicircum": "^", "textbackslash": "\\"}.get(m[1]) or m[2],
        title[1:-1],
    )
    assert unescaped == SPECIALS


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


@pytest.mark.parametrize(
    "post", [OFSTED_POST, STEPPING_POST, INVENTED_POST, SPECIALS_POST], ids=["ofsted", "stepping", "invented", "specials"]
)
def test_json_ld_is_valid_and_safe_in_a_script_element(post):
    works = [Work("A </script><script>alert(1)</script> & <!-- work", (MILLS,), "2014", "book", url="http://x/")]
    script = json_ld_script(json_ld(post, "It’s a “description” & more", works, site_url=BASE))
    inner = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner and "&" not in inner
    data = json.loads(inner)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == post.title
    assert data["author"] == [{"@type": "Person", "name": "Chris Mills", "givenName": "Chris", "familyName": "Mills"}]
    assert data["datePublished"] == post.published.date().isoformat()
    assert data["url"] == post.url
    assert data["isPartOf"] == {"@type": "Blog", "name": BLOG, "url": BASE}
    assert data["description"] == "It’s a “description” & more"
    assert data["citation"][0]["name"] == works[0].title
    assert data["citation"][0]["@type"] == "Book"


def test_highwire_reference():
    work = Work("Title; with a semicolon", (Name("Senge", "Peter M."),), "1990", "book", publisher="Doubleday")
    assert highwire_reference(work) == (
        "citation_title=Title, with a semicolon; citation_author=Senge, Peter M.; "
        "citation_publication_date=1990; citation_publisher=Doubleday"
    )


def test_works_from_bibtex_entries():
    bib = parse_string(
        r"""
        @techreport{r, author = {{Coventry Safeguarding Children Board}}, title = {Serious Case Review re Daniel Pelka},
                       institution = {Coventry Safeguarding Children Board}, year = {2013}}
        @article{a, author = {Smith, Jo and Jones, Al}, title = {Risk \& {Blame}}, journal = {Child Abuse Review},
                    year = {2010}, url = {http://example.org/a}}
        @misc{m, title = {[Petition for mandatory reporting of child abuse]}, year = {2014}}
        """,
        "bibtex",
    )
    report, article, petition = (work_from_entry(bib.entries[k]) for k in "ram")
    assert report == Work(
        "Serious Case Review re Daniel Pelka",
        (Name("Coventry Safeguarding Children Board", corporate=True),),
        "2013",
        "techreport",
        publisher="Coventry Safeguarding Children Board",
    )
    assert highwire_reference(article) == (
        "citation_title=Risk & Blame; citation_author=Smith, Jo; citation_author=Jones, Al; "
        "citation_publication_date=2010; citation_journal_title=Child Abuse Review; "
        "citation_public_url=http://example.org/a"
    )
    assert highwire_reference(petition) == (
        "citation_title=[Petition for mandatory reporting of child abuse]; citation_publication_date=2014"
    )


def test_plain_description():
    # What is left when a citation is taken out of "... Work {cite:yearpar}`x`. (<url>)".
    assert plain_description("Journal of Social Work . (http://bjsw.oxfordjournals.org/)") == (
        "Journal of Social Work. (http://bjsw.oxfordjournals.org/)"
    )
    assert plain_description("as reported in Children and Young People Now , that the") == (
        "as reported in Children and Young People Now, that the"
    )
    assert plain_description("a  b\n c ()") == "a b c"
    long = "word " * 100
    cut = plain_description(long, limit=50)
    assert cut.endswith("word…") and len(cut) <= 50
