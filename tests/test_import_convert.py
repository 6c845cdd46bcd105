"""HTML becomes MyST that says the same: each test parses the Markdown with MyST's own parser."""

from __future__ import annotations

from importing import render

from blogtools.importer.convert import parse_html, to_myst

POST = """
<h1>What the figures say</h1>
<p>Referrals <em>rose</em> again, and <strong>thresholds</strong> are under strain: see
<a href="https://www.gov.uk/statistics">the statistics</a>.</p>
<h2>In detail</h2>
<ul><li>more referrals,</li><li>fewer assessments on time.</li></ul>
<ol><li>first</li><li>second</li></ol>
<blockquote><p>Every referral is a child someone is worried about.</p></blockquote>
<table><tr><th>Year</th><th>Referrals</th></tr><tr><td>2012</td><td>605,100</td></tr></table>
<pre><code>a = 1 * 2</code></pre>
<p>50% + 1 = more &amp; more [1] *not emphasis* x<sup>2</sup> H<sub>2</sub>O</p>
"""


def words(tag) -> str:
    return " ".join(tag.get_text().split())


def test_each_kind_of_block_keeps_its_words_and_form():
    html = render(to_myst(parse_html(POST)))
    assert [h.name for h in html.find_all(["h1", "h2", "h3"])] == ["h2", "h3"], "headings sit under the title"
    assert [words(h) for h in html.find_all(["h2", "h3"])] == ["What the figures say", "In detail"]
    first = html.find("p")
    assert words(first) == ("Referrals rose again, and thresholds are under strain: see the statistics.")
    assert first.find("em").get_text() == "rose" and first.find("strong").get_text() == "thresholds"
    assert first.find("a")["href"] == "https://www.gov.uk/statistics"
    assert [words(li) for li in html.select("ul > li")] == ["more referrals,", "fewer assessments on time."]
    assert [words(li) for li in html.select("ol > li")] == ["first", "second"]
    assert words(html.find("blockquote")) == "Every referral is a child someone is worried about."
    assert [words(c) for c in html.find_all(["th", "td"])] == ["Year", "Referrals", "2012", "605,100"]
    assert html.find("pre").get_text() == "a = 1 * 2\n"
    last = html.find_all("p")[-1]
    assert words(last).startswith("50% + 1 = more & more [1] *not emphasis* x")
    assert not last.find("em"), "asterisks in the text are not emphasis"
    roles = [code.get_text() for code in last.select("code.myst.role")]
    assert roles == ["{sup}[2]", "{sub}[2]"]


def test_a_line_starting_with_percent_is_not_a_myst_comment():
    markdown = to_myst(parse_html("<p>% of children seen within a day</p><p>one<br>%two</p>"))
    html = render(markdown)
    assert "<!--" not in str(html)
    assert [words(p) for p in html.find_all("p")] == ["% of children seen within a day", "one %two"]


def test_classic_wordpress_text_gets_its_paragraphs_and_line_breaks():
    text = "First line\nsecond line\n\nSecond paragraph with <b>bold</b>\n<ul><li>item</li></ul>\n\nThird"
    html = render(to_myst(parse_html(text, autop=True)))
    paragraphs = html.find_all("p", recursive=False)
    assert [words(p) for p in paragraphs] == ["First line second line", "Second paragraph with bold", "Third"]
    assert paragraphs[0].find("br") is not None
    assert words(html.find("li")) == "item"


def test_blogger_double_line_breaks_are_paragraphs_and_empty_lines_go():
    text = '<div dir="ltr">One.<br /><br />Two,<br />still two.<br /><br /><div><br /></div><p>&nbsp;</p></div>'
    markdown = to_myst(parse_html(text))
    html = render(markdown)
    assert [words(p) for p in html.find_all("p")] == ["One.", "Two, still two."]
    assert html.find_all("p")[1].find("br") is not None
    assert "\\\n\n" not in markdown and not markdown.rstrip().endswith("\\"), "no break ends a paragraph"


def test_blogger_convert_line_breaks_setting_shows_each_line():
    html = render(to_myst(parse_html("Line one\nline two\n\nNew paragraph", line_breaks=True)))
    assert [words(p) for p in html.find_all("p")] == ["Line one line two", "New paragraph"]
    assert html.find("p").find("br") is not None


def test_marked_links_images_and_citations_become_roles_and_links():
    soup = parse_html('<p><a href="https://old.example/2014/04/x.html" data-post-label="post-x">an earlier post</a> '
                      '<a href="https://old.example/2014/04/y.html" data-post-label="post-y">https://old.example/2014/04/y.html</a> '
                      '<a href="#more">more</a> <a href="/p/about.html">about</a> '
                      '<img src="https://old.example/a.png" alt="A chart" data-missing="https://old.example/a.png"> '
                      '<cite-ref keys="gov2014x"></cite-ref></p>')
    markdown = to_myst(soup)
    html = render(markdown)
    roles = [code.get_text() for code in html.select("code.myst.role")]
    assert roles == ["{ref}[an earlier post <post-x>]", "{ref}[post-y]", "{cite:p}[gov2014x]"]
    assert [a["href"] for a in html.find_all("a")] == ["https://old.example/a.png"], (
        "an anchor of the old page or a relative address is not a link the build would follow")
    assert words(html.find("a")) == "Image: A chart"
    assert html.find("img") is None, "an image that was not copied is never loaded from the old site"
    assert "more" in words(html) and "about" in words(html)
