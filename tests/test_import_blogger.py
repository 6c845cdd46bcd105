"""Importing Blogger exports: today's (2018 schema) and the older Atom export with its kinds."""

from __future__ import annotations

import pytest
from importing import project, read_post, render, run, snapshot

from blogtools.importer import ImportProblem


@pytest.fixture(scope="module")
def takeout(tmp_path_factory):
    root = project(tmp_path_factory.mktemp("takeout"))
    return root, run(root, "blogger", "blogger-takeout.atom", category="Policy comment")


def test_live_posts_and_drafts_are_posts_and_deleted_ones_pages_and_comments_are_not(takeout):
    root, report = takeout
    assert report.written == ["posts/2014/06/outsourcing-2.md", "posts/2014/06/mandatory-reporting-revisited.md",
                              "posts/2014/06/thoughts-on-inspection.md"]
    assert report.drafts == ["posts/2014/06/thoughts-on-inspection.md"]
    assert report.not_posts == {"deleted comment": 1, "deleted post": 1, "page": 1}
    assert report.pages == [("About me", "/p/about-me.html")]
    front, title, body = read_post(root / "posts/2014/06/mandatory-reporting-revisited.md")
    assert title == "Mandatory Reporting Revisited"
    assert front == {"date": "2014-06-03 07:30", "author": "Chris Mills", "category": "Policy comment",
                     "tags": "policy, Mandatory reporting", "redirect": "2014/06/mandatory-reporting-revisited"}
    assert report.times_in_utc, "the report says the times are UTC, as this export gives them"
    assert report.comments_kept == 1 and report.comment_files == ["imported/comments/mandatory-reporting-revisited.md"]
    html = render(body)
    assert [c.get_text() for c in html.select("code.role")] == [
        "{cite:p}[petition2014petition]", "{ref}[I last wrote about it <post-outsourcing-2>]", "{cite:p}[gov2014page]"]
    assert report.images_missing == [("posts/2014/06/mandatory-reporting-revisited.md",
                                      "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEh/s320/poster.png")]


def test_a_slug_the_site_cannot_keep_or_already_has_is_changed_and_reported(takeout):
    root, report = takeout
    front, title, _ = read_post(root / "posts/2014/06/outsourcing-2.md")
    assert title == "Outsourcing" and "redirect" not in front
    assert (root / "posts/2014/04/outsourcing.md").is_file(), "the site's own post keeps its slug"
    assert report.slugs_changed == [("posts/2014/06/outsourcing-2.md",
                                     "another post has the slug 'outsourcing', so this one is 'outsourcing-2'")]
    assert report.redirects_not_written == [("posts/2014/06/outsourcing-2.md", "/2014/06/duplicate_12.html",
                                             "its address is not lower-case letters, digits and hyphens")]


def test_utc_times_can_be_shown_in_the_blogs_own_time_zone(tmp_path):
    root = project(tmp_path)
    report = run(root, "blogger", "blogger-takeout.atom", time_zone="Europe/London", category="Policy comment")
    assert not report.times_in_utc
    front, _, _ = read_post(root / "posts/2014/06/mandatory-reporting-revisited.md")
    assert front["date"] == "2014-06-03 08:30", "07:30 UTC is 08:30 in London in June"


@pytest.fixture(scope="module")
def classic(tmp_path_factory):
    root = project(tmp_path_factory.mktemp("classic"))
    before = snapshot(root)
    return root, run(root, "blogger", "blogger-classic.xml", category="Research and practice"), before


def test_the_older_export_tells_posts_from_its_template_settings_pages_and_comments(classic):
    root, report, before = classic
    assert report.written == ["posts/2014/05/ofsted-ratings-and-morale.md", "posts/2014/05/research-freedom.md"]
    assert report.drafts == ["posts/2014/05/research-freedom.md"]
    assert report.not_posts == {"page": 1, "settings": 2, "template": 1}
    assert report.skipped == ["posts/2014/04/stepping-up-but-not-staying-in.md"]
    skipped = "posts/2014/04/stepping-up-but-not-staying-in.md"
    assert (root / skipped).read_bytes() == before[skipped], "a post already there is left alone"
    assert report.comments_kept == 1
    comments = (root / "imported/comments/ofsted-ratings-and-morale.md").read_text(encoding="utf-8")
    assert "Same in our authority." in comments


def test_the_older_exports_local_times_line_breaks_and_links_are_kept(classic):
    root, report, _ = classic
    front, _title, body = read_post(root / "posts/2014/05/ofsted-ratings-and-morale.md")
    assert front == {"date": "2014-05-06 07:45", "author": "Chris Mills", "category": "Research and practice",
                     "tags": "inspection, Ofsted", "redirect": "2014/05/ofsted-ratings-and-morale"}
    html = render(body)
    first = html.find("p")
    assert first.find("br") is not None, "BLOG_CONVERT_LINE_BREAKS: each line of the post was shown as one"
    assert " ".join(first.get_text().split()) == "An inadequate rating hits a team hard. Staff leave, and agency " \
                                                 "workers arrive."
    assert [c.get_text() for c in html.select("code.role")] == [
        "{cite:p}[ofsted2014ofsted]", "{ref}[Step Up <post-stepping-up-but-not-staying-in>]"]
    assert report.bib_added == ["ofsted2014ofsted"]


def test_posts_without_a_category_stop_the_import_until_one_is_given(tmp_path):
    root = project(tmp_path)
    before = snapshot(root)
    with pytest.raises(ImportProblem) as caught:
        run(root, "blogger", "blogger-takeout.atom")
    assert caught.value.messages[0].startswith(
        "blogger-takeout.atom:23: the post 'Outsourcing' has no category in the export, and a post needs one: give "
        "it with --category")
    assert snapshot(root) == before
