"""Every post's front matter is checked as it is read, against tags.yaml and conf.py.

Each rule has a tiny site under tests/roots/ whose build must stop with the
exact message, at the file and line of the offending key, before any page is
written.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from ablog.blog import slugify as ablog_slugify
from conftest import PROJECT, ROOTS, assert_stopped_before_writing
from sphinx_citable_blog.authoring.front_matter import check_post_source
from sphinx_citable_blog.authoring.topics import load_topics, parse_topics, slugify, suggest

TODAY = dt.date(2014, 4, 30)
TOPICS, TOPIC_PROBLEMS = load_topics(PROJECT / "tags.yaml")
AUTHORS = ["Chris Mills"]


def post(front: str, body: str = "# A title\n\nText.\n") -> str:
    return f"---\n{front.strip()}\n---\n\n{body}"


def messages(source: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in check_post_source(source, TODAY, TOPICS, AUTHORS)]


GOOD = "date: 2014-04-20\nauthor: Chris Mills\ncategory: Policy comment\ntags: policy, workforce"


# -- tags.yaml --------------------------------------------------------------------------------


def test_the_site_tag_list_is_valid_and_covers_every_post():
    assert TOPIC_PROBLEMS == []
    assert set(TOPICS.tags) == {
        "policy", "workforce", "inspection", "research",
        "professional practice", "organisational culture", "service improvement",
    }
    assert set(TOPICS.categories) == {"Policy comment", "Research and practice"}
    for path in sorted((PROJECT / "posts").rglob("*.md")):
        assert messages(path.read_text(encoding="utf-8")) == [], path


def test_every_tag_and_category_has_a_one_line_description():
    for description in [*TOPICS.tags.values(), *TOPICS.categories.values()]:
        assert 20 < len(description) < 200 and "\n" not in description


def test_tag_and_category_pages_show_their_description_under_the_heading(site):
    for kind, folder, topics in [("tag", "tag", TOPICS.tags), ("category", "category", TOPICS.categories)]:
        for name, description in topics.items():
            heading = site.page(f"blog/{folder}/{slugify(name)}.html").select_one("article h1")
            assert heading.get_text(" ", strip=True).endswith(name), (kind, name)
            shown = heading.find_next_sibling()
            assert "ablog-collection-description" in shown["class"]
            assert shown.get_text(strip=True) == description
    # Other listings have no description.
    assert site.page("blog/2014.html").select(".ablog-collection-description") == []


def test_tag_list_problems_name_their_line():
    topics, problems = parse_topics(
        "tags:\n  policy: Policy.\n  workforce:\n  Service improvement: Better.\n"
        "  service-improvement: Same page.\nsections:\n  x: y\n"
    )
    assert [(p.line, p.message) for p in problems] == [
        (3, "tag 'workforce' needs a one-line description"),
        (5, "tag 'service-improvement' would share a page with 'Service improvement': list one of them only"),
        (6, "unknown section 'sections': the sections are 'tags' and 'categories'"),
        (1, "missing the 'categories' section"),
    ]
    assert list(topics.tags) == ["policy", "workforce", "Service improvement"]


def test_suggestions_prefer_the_same_letters_in_another_case():
    assert suggest("OFSTED", ["ofsted", "Ofsteds"]) == "ofsted"
    assert suggest("workfroce", TOPICS.tags) == "workforce"
    assert suggest("Ofsted", TOPICS.tags) is None


@pytest.mark.parametrize("title", [
    "Ofsted – and the TIWPIR problem", "Blame & “learning” – 100% of the #1 problem?",
    "Naïve thoughts on café culture", "  Spaces   and--hyphens  ", "Łódź and Zürich",
])
def test_slugify_is_ablogs(title):
    assert slugify(title) == ablog_slugify(title)


# -- The rules, without building ----------------------------------------------------------------


def test_a_valid_post_has_no_problems():
    assert messages(post(GOOD)) == []


def test_unlisted_tags_and_categories_get_the_listed_name_suggested():
    source = post("date: 2014-04-20\nauthor: Chris Mills\ncategory: research and practice\ntags: Policy, ofsted, ,")
    assert messages(source) == [
        (4, "category 'research and practice' is not in tags.yaml; did you mean 'Research and practice'?"),
        (5, "empty tag in 'Policy, ofsted, ,': remove the extra comma"),
        (5, "tag 'Policy' is not in tags.yaml; did you mean 'policy'?"),
        (5, "tag 'ofsted' is not in tags.yaml; add it to tags.yaml with a one-line description first"),
    ]


def test_blogpost_false_is_an_error():
    assert messages(post(GOOD + "\nblogpost: false"))[0][0] == 6


def test_a_draft_may_be_dated_in_the_future_and_a_post_may_not():
    future = GOOD.replace("2014-04-20", "2014-05-01")
    assert messages(post(future)) == [
        (2, "date 2014-05-01 is in the future: publish it on that day, or mark the post 'draft: true'")
    ]
    assert messages(post(future + "\ndraft: true")) == []


# -- The rules, each stopping a build -------------------------------------------------------------

BAD_FRONT_MATTER = {
    "fm-missing-date": [r"posts/2014/04/missing-date\.md:5: ERROR: missing 'date'"],
    "fm-date-offset": [
        r"posts/2014/04/date-offset\.md:2: ERROR: malformed date '2014-04-20T10:00\+01:00': use YYYY-MM-DD, "
        r"optionally with a time \(HH:MM\), and no time zone"
    ],
    "fm-future-date": [
        r"posts/2099/01/future-date\.md:2: ERROR: date 2099-01-01 is in the future: publish it on that day, "
        r"or mark the post 'draft: true'"
    ],
    "fm-missing-title": [
        r"posts/2014/04/missing-title\.md:7: ERROR: missing title: a post needs one '# Title' heading"
    ],
    "fm-missing-author": [r"posts/2014/04/missing-author\.md:5: ERROR: missing 'author'"],
    "fm-missing-tags": [r"posts/2014/04/missing-tags\.md:5: ERROR: missing 'tags'"],
    "fm-unlisted-tag": [
        r"posts/2014/04/unlisted-tag\.md:5: ERROR: tag 'Policy' is not in tags\.yaml; did you mean 'policy'\?",
        r"posts/2014/04/unlisted-tag\.md:5: ERROR: tag 'Ofsted' is not in tags\.yaml; "
        r"add it to tags\.yaml with a one-line description first",
    ],
    "fm-unlisted-category": [
        r"posts/2014/04/unlisted-category\.md:4: ERROR: category 'Policy Comment' is not in tags\.yaml; "
        r"did you mean 'Policy comment'\?"
    ],
    "fm-unlisted-author": [
        r"posts/2014/04/unlisted-author\.md:3: ERROR: author 'Chris Mils' is not in blog_authors in conf\.py; "
        r"did you mean 'Chris Mills'\?"
    ],
    "fm-unknown-key": [
        r"posts/2014/04/unknown-key\.md:5: ERROR: unknown front-matter key 'tag'; did you mean 'tags'\? "
        r"\(known keys: author, category, date, doi, draft, redirect, tags, updated\)",
        r"posts/2014/04/unknown-key\.md:6: ERROR: missing 'tags'",
    ],
    "fm-bad-identifiers": [
        r"posts/2014/04/bad-identifiers\.md:6: ERROR: doi 'https://doi\.org/10\.55/not-a-registrant' is not a DOI: "
        r"write it as 10\.NNNN/suffix, or as its address, https://doi\.org/10\.NNNN/suffix",
        r"posts/2014/04/bad-identifiers\.md:7: ERROR: updated 2014-04-19 is not after the post's date, "
        r"2014-04-20: 'updated' is the day the post was last changed, after it was published",
    ],
    "fm-updated-not-a-date": [
        r"posts/2014/04/updated-not-a-date\.md:7: ERROR: updated: malformed date '20 May 2014': use YYYY-MM-DD",
    ],
    "fm-blogpost-false": [
        r"posts/2014/04/blogpost-false\.md:6: ERROR: 'blogpost' must not be set: every file under posts/ is a post "
        r"\(ABlog would publish it even with 'blogpost: false'\); to keep a post unpublished use 'draft: true', "
        r"or move the file out of posts/"
    ],
    "fm-tab": [
        r"posts/2014/04/tab\.md:2: ERROR: a tab in the front matter: YAML allows only spaces there; "
        r"replace it with a space",
        r"posts/2014/04/tab\.md:5: ERROR: a tab in the front matter",
    ],
    "fm-latin1": [
        r"posts/2014/04/latin1\.md:10: ERROR: this file is not UTF-8 text \(byte 0xe9 on line 10 is not UTF-8\): "
        r"save it with the UTF-8 encoding",
    ],
    "fm-not-a-day": [
        r"posts/2014/02/not-a-day\.md:2: ERROR: date '2014-02-29' is not a day of the calendar",
    ],
    "fm-wrong-folder": [
        r"posts/2015/01/wrong-folder\.md:2: ERROR: the post is dated 2014-04-20 but filed in posts/2015/01/: a post's "
        r"folder is the year and month of its date, and gives its address; move the file to posts/2014/04/ \(if it "
        r"was published at its old address, add 'redirect: posts/2015/01/wrong-folder'\), or correct the date",
    ],
    "fm-long-slug": [
        r"posts/2014/04/word(-word)+\.md:1: ERROR: the file name is 209 bytes long, more than the 200 a post's "
        r"files can have: rename the file to a shorter slug",
    ],
    "tags-yaml-invalid": [
        r"tags\.yaml:4: ERROR: tag 'workforce' needs a one-line description",
        r"tags\.yaml:6: ERROR: tag 'service-improvement' would share a page with 'Service improvement': "
        r"list one of them only",
    ],
}


@pytest.mark.parametrize("root", sorted(BAD_FRONT_MATTER))
def test_bad_front_matter_stops_the_build_at_its_line(bad_build, root):
    files = ["tags.yaml"] if root == "tags-yaml-invalid" else [
        path.relative_to(ROOTS / root).as_posix() for path in sorted((ROOTS / root).rglob("*.md"))]
    assert_stopped_before_writing(bad_build(root), BAD_FRONT_MATTER[root], files)
