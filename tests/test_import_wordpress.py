"""Importing WordPress exports: the hand-made WXR file and a real one written by WordPress.com."""

from __future__ import annotations

import ast
import runpy

import pybtex.errors
import pytest
import yaml
from importing import DATA, MEDIA, project, read_post, render, run, snapshot
from pybtex.database.input.bibtex import Parser

from blogtools.importer import ImportProblem


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = project(tmp_path_factory.mktemp("wxr"))
    before = snapshot(root)
    report = run(root, "wordpress", "wordpress-wxr.xml", media=MEDIA)
    return root, report, before


def test_published_posts_and_drafts_are_written_with_the_sites_front_matter(imported):
    root, report, _ = imported
    assert report.written == ["posts/2014/03/thresholds-and-referrals.md", "posts/2014/04/agency-staff-and-turnover.md",
                              "posts/2014/04/learning-from-case-reviews.md", "posts/2014/05/early-help.md"]
    front, title, _ = read_post(root / "posts/2014/03/thresholds-and-referrals.md")
    assert title == "Thresholds and Referrals"
    assert front == {"date": "2014-03-10 09:15", "author": "Chris Mills", "category": "Research and practice",
                     "tags": "Referrals, workforce", "redirect": "2014/03/10/thresholds-and-referrals/index"}
    front, title, _ = read_post(root / "posts/2014/04/agency-staff-and-turnover.md")
    assert title == "Agency Staff – and Turnover"
    assert front["date"] == "2014-04-02 18:40", "the blog's own time (wp:post_date), not GMT"
    assert "redirect" not in front
    front, _, _ = read_post(root / "posts/2014/05/early-help.md")
    assert front["draft"] == "true" and "redirect" not in front, "a draft never had a public address"
    assert report.drafts == ["posts/2014/05/early-help.md"]


def test_what_is_not_a_post_is_left_out_and_counted(imported):
    root, report, _ = imported
    assert report.not_posts == {"attachment": 2, "nav_menu_item": 1, "page": 1, "post in the trash": 1}
    assert report.pages == [("About", "https://old-blog.example.com/about/")]
    assert not list(root.glob("posts/**/about*.md")) and not list(root.glob("posts/**/old-thoughts*.md"))
    assert report.untitled == ["imported/untitled/2014-05-20-107.md"]
    assert "A short note with no title." in (root / report.untitled[0]).read_text(encoding="utf-8")


def test_comments_are_kept_outside_the_site_and_spam_is_not(imported):
    root, report, _ = imported
    assert report.comment_files == ["imported/comments/thresholds-and-referrals.md"]
    assert report.comments_kept == 2
    assert report.comments_not_kept == {"comment on a page": 1, "spam": 1}
    html = render((root / report.comment_files[0]).read_text(encoding="utf-8"))
    assert [" ".join(h.get_text().split()) for h in html.find_all("h2")] == [
        "1. A social worker, 2014-03-11 20:02", "2. Anonymous, 2014-03-12 07:30"]
    assert "Buy now" not in html.get_text()
    assert "Thresholds differ between authorities." in html.get_text()
    assert "imported" in ast.literal_eval(
        next(node.value for node in ast.parse((root / "conf.py").read_text()).body
             if isinstance(node, ast.Assign) and node.targets[0].id == "exclude_patterns"))


def test_images_are_copied_from_the_uploads_or_reported_with_their_old_address(imported):
    root, report, _ = imported
    new = "posts/2014/03/thresholds-and-referrals/referrals-chart.png"
    assert (root / new).read_bytes() == (MEDIA / "2014/03/referrals-chart.png").read_bytes()
    old = "https://old-blog.example.com/wp-content/uploads/2014/03/team-meeting-300x200.jpg"
    assert report.images_missing == [("posts/2014/03/thresholds-and-referrals.md", old)]
    html = render(read_post(root / "posts/2014/03/thresholds-and-referrals.md")[2])
    assert [(img["src"], img["alt"]) for img in html.find_all("img")] == [
        ("thresholds-and-referrals/referrals-chart.png", "Referrals by year")]
    assert any(a["href"] == old for a in html.find_all("a"))


def test_links_between_posts_become_references_to_their_labels(imported):
    root, report, _ = imported
    first = render(read_post(root / "posts/2014/03/thresholds-and-referrals.md")[2])
    second = render(read_post(root / "posts/2014/04/agency-staff-and-turnover.md")[2])
    assert "{ref}[agency staff <post-agency-staff-and-turnover>]" in [c.get_text() for c in first.select("code.role")]
    assert "{ref}[thresholds <post-thresholds-and-referrals>]" in [c.get_text() for c in second.select("code.role")]
    assert report.links_rewritten == 2
    assert report.links_to_drafts == [("posts/2014/03/thresholds-and-referrals.md",
                                       "https://old-blog.example.com/?p=104")]


def test_citations_become_new_references_bib_entries_and_a_references_section(imported):
    root, report, _ = imported
    with pybtex.errors.capture() as errors:
        bib = Parser().parse_string((root / "references.bib").read_text(encoding="utf-8"))
    assert errors == []
    assert report.bib_added == ["gov2014characteristics", "nspcc2014page", "gov2014department"]
    entry = bib.entries["gov2014characteristics"]
    assert dict(entry.fields) == {"title": "[Characteristics of children in need]", "year": "n.d.",
                                  "url": "https://www.gov.uk/government/collections/statistics-children-in-need",
                                  "urldate": "2014-03-10"}
    assert bib.entries["gov2014department"].fields["title"] == (
        "[Department for Education, children's social work workforce statistics]")
    _, _, body = read_post(root / "posts/2014/03/thresholds-and-referrals.md")
    assert body.endswith("## References\n\n```{bibliography}\n:filter: docname in docnames\n```\n")
    assert body.count("## References") == 1
    assert report.unmatched_markers == [("posts/2014/03/thresholds-and-referrals.md", "[3]")]
    _, _, uncited = read_post(root / "posts/2014/04/learning-from-case-reviews.md")
    assert "References" not in uncited and "bibliography" not in uncited, "a post citing nothing has no list"


def test_redirects_cover_old_addresses_that_can_have_one_and_the_others_are_reported(imported):
    root, report, before = imported
    assert report.redirects == [("posts/2014/03/thresholds-and-referrals.md",
                                 "2014/03/10/thresholds-and-referrals/index")]
    listed = (root / "permalinks.txt").read_text(encoding="utf-8").splitlines()
    assert listed == sorted(set(before["permalinks.txt"].decode().splitlines())
                            | {"2014/03/10/thresholds-and-referrals/index.html"})
    assert [(old, why.split(",")[0]) for _, old, why in report.redirects_not_written] == [
        ("https://old-blog.example.com/2014/04/02/agency-staff-%e2%80%93-turnover/",
         "its address is not lower-case letters"),
        ("https://old-blog.example.com/?p=103", "its address has a query (?...)")]


def test_new_tags_are_added_to_tags_yaml_and_near_misses_use_the_listed_name(imported):
    root, report, _ = imported
    topics = yaml.safe_load((root / "tags.yaml").read_text(encoding="utf-8"))
    assert report.tags_added == ["Referrals"] and report.categories_added == []
    assert topics["tags"]["Referrals"] == "Referrals to children's social care, and the thresholds for accepting them."
    assert ("Workforce", "workforce") in report.terms_matched
    assert "Workforce" not in topics["tags"]


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    root = project(tmp_path_factory.mktemp("wpcom"))
    return root, run(root, "wordpress", "wordpress-com-export.xml", tags="imported")


def test_a_real_wordpress_com_export_gives_its_seven_posts_and_nothing_else(real):
    root, report = real
    assert len(report.written) == 7
    assert report.not_posts == {"attachment": 6, "page": 1, "wp_global_styles": 1, "wp_navigation": 1}
    front, title, body = read_post(root / "posts/2025/01/blog-post-1.md")
    assert title == "Blog Post 1"
    assert front == {"date": "2025-01-18 18:39", "author": "jekyllbot", "category": "Foo",
                     "tags": "code, ruby, ship, stars", "redirect": "2025/01/18/blog-post-1/index"}
    html = render(body)
    assert html.find("pre").get_text().startswith('query = "Generate an image of a night sky')
    assert report.images_missing == [("posts/2025/01/blog-post-1.md", ("https://parkrmoore.wordpress.com/"
                                      "wp-content/uploads/2025/01/a-bright-night-sky-full-of-stars-and-the-milky.png"))]
    assert len(report.attachments_unused) == 5


def test_the_real_exports_author_and_terms_are_added_where_the_build_reads_them(real):
    root, report = real
    assert report.authors_added == ["jekyllbot"]
    namespace = runpy.run_path(str(root / "conf.py"))  # as Sphinx runs it
    assert namespace["blog_authors"] == {"Chris Mills": ("Chris Mills", None), "jekyllbot": ("jekyllbot", None)}
    topics = yaml.safe_load((root / "tags.yaml").read_text(encoding="utf-8"))
    assert {"code", "ruby", "ship", "stars", "imported"} <= set(topics["tags"])
    assert {"Foo", "Uncategorized"} <= set(topics["categories"])
    assert all(topics["tags"][name].startswith("Not described yet") for name in ("code", "imported"))


def test_posts_without_tags_stop_the_import_until_tags_are_given(tmp_path):
    root = project(tmp_path)
    before = snapshot(root)
    with pytest.raises(ImportProblem) as caught:
        run(root, "wordpress", "wordpress-com-export.xml")
    assert "wordpress-com-export.xml:114: the post 'The Art of Connection' has no tag in the export" in str(
        caught.value)
    assert caught.value.messages[-1] == "nothing was written"
    assert snapshot(root) == before
    assert (DATA / "wordpress-com-export.xml").is_file()
