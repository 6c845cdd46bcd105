"""The speed layer changes nothing but the time a build takes.

Everything in ``src/sphinx_citable_blog/speed/`` exists only to make builds
faster: rendering excerpts, entries and sidebar panels once, writing listing
pages and feeds only when they change, the garbage collector, the template
cache, parallel reading and writing. ``-D citable_blog_speed=0`` (``make html
SPEED=0``) builds without it. These tests build the same sources both ways,
clean and then incrementally after changes, and compare every file: the seven
posts, and a generated blog with every feature on a page (citations and a
reference list in every post, drafts, redirects, several tags and categories).
"""

from __future__ import annotations

import ast
import dataclasses
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import PROJECT, sphinx_build, sphinx_main_watched
from test_reproducible import differences

import corpus

PACKAGE = PROJECT / "src" / "sphinx_citable_blog"
SPEED_OFF = ("-D", "citable_blog_speed=0")


def assert_same(left: Path, right: Path, what: str) -> None:
    differ = differences(left, right)
    assert not differ, f"{what}: files that differ without the speed layer:\n  " + "\n  ".join(differ)


def test_the_site_is_the_same_without_the_speed_layer(site, tmp_path):
    slow = sphinx_build(site.srcdir, tmp_path / "html", *SPEED_OFF)
    assert slow.returncode == 0, slow.stderr
    assert_same(site.outdir, slow.outdir, "the seven posts")


def test_a_blog_with_every_feature_is_the_same_without_the_speed_layer_clean_and_incremental(tmp_path):
    posts = corpus.generate(40)
    assert any(p.draft for p in posts) and any(p.redirect for p in posts)
    assert len({p.category for p in posts}) > 1 and all(len(p.cites) >= 2 for p in posts)
    src = corpus.write_sphinx_site(posts, tmp_path / "src")
    for extra in [(), ("-j", "2")]:
        fast = sphinx_build(src, tmp_path / f"fast{len(extra)}", *extra)
        slow = sphinx_build(src, tmp_path / f"slow{len(extra)}", *extra, *SPEED_OFF)
        assert fast.returncode == slow.returncode == 0, fast.stderr + slow.stderr
        assert_same(fast.outdir, slow.outdir, f"a clean build {extra}")
    # Incremental builds of each tree: a post added, one retitled, one deleted.
    corpus.write_sphinx_post(src, corpus.added_post(posts, "an-added-post"))
    retitled = posts[12]
    corpus.write_sphinx_post(src, dataclasses.replace(retitled, title=retitled.title + ", revisited"))
    corpus.sphinx_post_path(src, posts[20]).unlink()
    corpus.write_bibliography(src, [post for i, post in enumerate(posts) if i != 20])
    for extra in [(), ("-j", "2")]:
        fast = sphinx_build(src, tmp_path / f"fast{len(extra)}", *extra)
        slow = sphinx_build(src, tmp_path / f"slow{len(extra)}", *extra, *SPEED_OFF)
        assert fast.returncode == slow.returncode == 0, fast.stderr + slow.stderr
        assert_same(fast.outdir, slow.outdir, f"an incremental build {extra}")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_nothing_outside_the_speed_layer_imports_it():
    """The package's ``__init__`` loads it when switched on; no other module may need it."""
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "speed" or relative == Path("__init__.py"):
            continue
        speed = {name for name in imported_modules(path) if name.startswith("sphinx_citable_blog.speed")}
        assert not speed, f"{relative} imports the speed layer: {speed}"


def test_make_html_speed_0_builds_without_the_speed_layer():
    dry = subprocess.run(["make", "-n", "html", "SPEED=0", f"VENV={sys.prefix}"], cwd=PROJECT,
                         capture_output=True, text=True, check=True).stdout
    assert "-D citable_blog_speed=0" in dry
    default = subprocess.run(["make", "-n", "html", f"VENV={sys.prefix}"], cwd=PROJECT,
                             capture_output=True, text=True, check=True).stdout
    assert "citable_blog_speed" not in default


# -- The speed layer's own helpers ---------------------------------------------------------


def test_relocated_links_are_those_sphinx_would_write():
    from sphinx.util.osutil import relative_uri

    from sphinx_citable_blog.speed.render.excerpts import SamePage, relocate

    html = ('<p><a class="reference internal" href="../../posts/2014/04/outsourcing.html#ref-key">x</a>'
            '<img src="../../_images/chart.png"/><a href="https://example.org/a.html">y</a>'
            '<a href="#top">z</a><a href="policy.html">t</a></p>')
    moved = relocate(html, "blog/tag/workforce.html", "blog.html")
    assert 'href="posts/2014/04/outsourcing.html#ref-key"' in moved
    assert 'src="_images/chart.png"' in moved
    assert 'href="https://example.org/a.html"' in moved and 'href="#top"' in moved
    assert f'href="{relative_uri("blog.html", "blog/tag/policy.html")}"' in moved
    assert relocate(moved, "blog.html", "blog/tag/workforce.html") == html
    with pytest.raises(SamePage):
        relocate(html, "blog/tag/workforce.html", "blog/tag/policy.html")
    # On the page it links to, the link is "#", as Sphinx's pathto writes it; with a fragment, no one knows.
    own = relocate(html, "blog/tag/workforce.html", "blog/tag/policy.html", current=True)
    assert 'href="#">t</a>' in own and relative_uri("blog/tag/policy.html", "blog/tag/policy.html") == ""
    with pytest.raises(SamePage):
        relocate(html, "blog/tag/workforce.html", "posts/2014/04/outsourcing.html", current=True)


def test_moved_entry_links_are_those_pathto_would_write():
    """A listing entry's links, made by the template's pathto on one page, moved to another page."""
    from sphinx.util.osutil import relative_uri

    from sphinx_citable_blog.speed.render.entries import move_links

    pages = ["blog.html", "blog/tag/policy.html", "blog/tag/workforce.html", "blog/2014/04.html",
             "posts/2014/04/outsourcing.html", "index.html"]

    def pathto(page: str, target: str) -> str:  # Sphinx's pathto, for an HTML page
        return relative_uri(page, target) or "#"

    def entry(page: str) -> str:
        links = "".join(f'<a href="{pathto(page, target)}">t</a>' for target in pages)
        return (f'<div>{links}<a href="{pathto(page, "posts/2014/04/outsourcing.html")}#sec">a</a>'
                '<a href="https://example.org/x.html">x</a></div>')

    for rendered_for in pages:
        for shown_on in pages:
            assert move_links(entry(rendered_for), rendered_for, shown_on) == entry(shown_on), (rendered_for, shown_on)


def test_a_page_written_over_is_cut_to_its_new_length(tmp_path):
    from sphinx_citable_blog.speed.refresh import write_over

    page = tmp_path / "page.html"
    page.write_bytes(b"<p>a longer page</p>" * 50)
    write_over(page, b"<p>short</p>")
    assert page.read_bytes() == b"<p>short</p>"
    write_over(page, b"<p>long</p>" * 80)
    assert page.read_bytes() == b"<p>long</p>" * 80
    write_over(tmp_path / "new.html", b"<p>new</p>")
    assert (tmp_path / "new.html").read_bytes() == b"<p>new</p>"


def test_a_pages_marked_panels_are_read_back_by_name():
    from sphinx_citable_blog.reading.listings import mark_panel
    from sphinx_citable_blog.speed.render.sidebar import marked_fragments, replace_fragments

    recent = '<a href="../05/newest.html">N</a>'
    page = f"<nav>{mark_panel('ablog/recentposts.html', recent)}<p>x</p>{mark_panel('ablog/tagcloud.html', '')}</nav>"
    assert marked_fragments(page) == {"ablog/recentposts.html": recent, "ablog/tagcloud.html": ""}
    assert replace_fragments(page, lambda name: name.upper()) == (
        f"<nav>{mark_panel('ablog/recentposts.html', 'ABLOG/RECENTPOSTS.HTML')}<p>x</p>"
        f"{mark_panel('ablog/tagcloud.html', 'ABLOG/TAGCLOUD.HTML')}</nav>")


PANELS_WATCHED = """
    from sphinx.jinja2glue import BuiltinTemplateLoader

    panels, render = [], BuiltinTemplateLoader.render

    def watched(self, template, context):
        if template in ("sbt-sidebar-nav.html", "ablog/tagcloud.html", "ablog/archives.html"):
            panels.append(template + " " + context["pagename"])
        return render(self, template, context)

    BuiltinTemplateLoader.render = watched
"""


def test_pages_that_a_panel_does_not_link_share_their_folders_rendering(tmp_path):
    """A tag's page renders its own tag cloud (it links to the page, as ``#``) but shares its folder's
    navigation and archives; a redirect page shares every panel of its folder's posts."""
    posts = corpus.generate(40)
    src = corpus.write_sphinx_site(posts, tmp_path / "src")
    run = sphinx_main_watched(src, tmp_path / "html", before=PANELS_WATCHED,
                              after='print("PANELS", *(p.replace(" ", "=") for p in panels))\nraise SystemExit(rc)')
    assert run.returncode == 0, run.stderr
    rendered = [item.split("=") for item in re.search(r"^PANELS (.*)$", run.stdout, re.MULTILINE).group(1).split()]
    tag_pages = sorted(path.with_suffix("").relative_to(tmp_path / "html").as_posix()
                       for path in (tmp_path / "html" / "blog" / "tag").glob("*.html"))
    by_panel = {name: [page for panel, page in rendered if panel == name] for name, _ in rendered}
    assert len(tag_pages) > 3
    assert sorted(p for p in by_panel["ablog/tagcloud.html"] if p.startswith("blog/tag/")) == tag_pages
    for panel in ("sbt-sidebar-nav.html", "ablog/archives.html"):
        assert len([p for p in by_panel[panel] if p.startswith("blog/tag/")]) <= 1, by_panel[panel]
    redirects = {post.redirect for post in posts if post.redirect}
    assert redirects and not redirects & {page for _, page in rendered}


ENTRIES_WATCHED = """
    from sphinx_citable_blog.speed import bibtex_entries

    made, EntryTexts = [], bibtex_entries.EntryTexts

    class Watched(EntryTexts):
        def __init__(self, earlier):
            super().__init__(earlier)
            made.append(self)

    bibtex_entries.EntryTexts = Watched
"""


@pytest.mark.parametrize("jobs", [(), ("-j", "2")])
def test_posts_bib_is_written_again_with_the_entries_of_the_last_build(tmp_path, jobs):
    """pybtex writes the entry of a new post only; posts.bib is a clean build's. With ``-j``, the first
    build writes the files in another process, whose entries the next build starts from."""
    posts = corpus.generate(30)
    src = corpus.write_sphinx_site(posts, tmp_path / "src")
    after = 'print("WRITTEN", *(texts.written for texts in made))\nraise SystemExit(rc)'
    first = sphinx_main_watched(src, tmp_path / "html", *jobs, before=ENTRIES_WATCHED, after=after)
    assert first.returncode == 0, first.stderr
    published = len([post for post in posts if not post.draft])
    # With -j, none in the main process.
    assert re.search(r"^WRITTEN ?(.*)$", first.stdout, re.MULTILINE).group(1) == ("" if jobs else str(published))
    assert (tmp_path / "html" / "posts.bib").read_text(encoding="utf-8").count("@online{") == published
    corpus.write_sphinx_post(src, corpus.added_post(posts, "an-added-post"))
    again = sphinx_main_watched(src, tmp_path / "html", *jobs, before=ENTRIES_WATCHED, after=after)
    assert again.returncode == 0, again.stderr
    assert re.search(r"^WRITTEN (.*)$", again.stdout, re.MULTILINE).group(1) == "1"
    clean = sphinx_build(src, tmp_path / "clean")
    assert clean.returncode == 0, clean.stderr
    assert (tmp_path / "html" / "posts.bib").read_text(encoding="utf-8") == (
        clean.outdir / "posts.bib").read_text(encoding="utf-8")
    assert (clean.outdir / "posts.bib").read_text(encoding="utf-8").count("@online{") == published + 1


PAGES_WATCHED = """
    from sphinx.builders.html import StandaloneHTMLBuilder

    handle_page = StandaloneHTMLBuilder.handle_page

    def watched(self, pagename, *args, **kwargs):  # in whichever process writes the page
        with open({log!r}, "a", encoding="utf-8") as log:
            log.write(pagename + "\\n")
        return handle_page(self, pagename, *args, **kwargs)

    StandaloneHTMLBuilder.handle_page = watched
"""


@pytest.mark.parametrize("jobs", [(), ("-j", "2")])
def test_listing_pages_that_show_the_same_posts_get_the_new_sidebar_in_place(tmp_path, jobs):
    """A post added: the redirect pages, and the pages of the tags and months it is not in, show what they
    showed and get the new sidebar in place (a tag's page its own link in the tag cloud as "#") instead
    of being written again; the site is a clean build's."""
    from sphinx_citable_blog.speed.render.sidebar import marked_fragments

    posts = corpus.generate(40)
    redirects = {post.redirect for post in posts if post.redirect}
    src = corpus.write_sphinx_site(posts, tmp_path / "src")
    assert redirects and sphinx_build(src, tmp_path / "html", *jobs).returncode == 0
    corpus.write_sphinx_post(src, corpus.added_post(posts, "an-added-post"))
    log = tmp_path / "handled.txt"
    run = sphinx_main_watched(src, tmp_path / "html", *jobs, before=PAGES_WATCHED.format(log=str(log)))
    assert run.returncode == 0, run.stderr
    handled = set(log.read_text(encoding="utf-8").split())
    listing = {path.with_suffix("").relative_to(tmp_path / "html").as_posix()
               for path in (tmp_path / "html" / "blog").rglob("*.html")}
    kept = listing - handled
    assert "blog" in handled and "blog/tag" in handled and not handled & redirects
    assert {page for page in kept if page.startswith("blog/tag/")} and {page for page in kept if page.count("/") == 2
                                                                       and page[5:9].isdigit()}, kept
    for page in kept:
        if page.startswith("blog/tag/"):
            panel = marked_fragments((tmp_path / "html" / f"{page}.html").read_text(encoding="utf-8"))
            assert f'href="{page.rsplit("/", 1)[1]}.html"' not in panel["ablog/tagcloud.html"]
            assert 'href="#"' in panel["ablog/tagcloud.html"]
    clean = sphinx_build(src, tmp_path / "clean")
    assert clean.returncode == 0, clean.stderr
    differ = differences(tmp_path / "html", clean.outdir)
    assert not differ, "files that differ from a clean build:\n  " + "\n  ".join(differ)
    for page in redirects:
        assert "an-added-post" in (tmp_path / "html" / f"{page}.html").read_text(encoding="utf-8")


def test_a_listing_page_whose_own_link_cannot_be_moved_is_written_again(tmp_path):
    """A panel's link to a listing page with a fragment (none of the site's panels has one) cannot be
    moved to that page: how the template writes it, only the template says, so the page is written."""
    posts = corpus.generate(40)
    src = corpus.write_sphinx_site(posts, tmp_path / "src")
    assert sphinx_build(src, tmp_path / "html").returncode == 0
    corpus.write_sphinx_post(src, corpus.added_post(posts, "an-added-post"))
    log = tmp_path / "handled.txt"
    no_move = """
        from sphinx_citable_blog.speed import refresh
        from sphinx_citable_blog.speed.render.excerpts import SamePage

        relocate = refresh.relocate

        def unmovable(html, from_uri, to_uri, current=False):
            if current:
                raise SamePage(to_uri)
            return relocate(html, from_uri, to_uri)

        refresh.relocate = unmovable
    """
    before = textwrap.dedent(PAGES_WATCHED.format(log=str(log))) + textwrap.dedent(no_move)
    run = sphinx_main_watched(src, tmp_path / "html", before=before)
    assert run.returncode == 0, run.stderr
    handled = log.read_text(encoding="utf-8").split()
    # Written once each, after the splice gave up on them: the tags' pages the new post is not in.
    assert [page for page in handled if page.startswith("blog/tag/")][-1:] and len(handled) == len(set(handled))
    clean = sphinx_build(src, tmp_path / "clean")
    differ = differences(tmp_path / "html", clean.outdir)
    assert not differ, "files that differ from a clean build:\n  " + "\n  ".join(differ)


def test_with_jobs_the_excerpts_of_the_widest_listing_page_are_rendered_half_in_another_process(tmp_path):
    """With ``-j``, the excerpts of the page that lists every post are rendered by two processes before it is
    written (``excerpts.render_in_two``, from 100 excerpts; from two here); the site is a serial build's."""
    posts = corpus.generate(40)
    src = corpus.write_sphinx_site(posts, tmp_path / "src")
    log = tmp_path / "renders.txt"
    run = sphinx_main_watched(src, tmp_path / "html", "-j", "2", before=f"""
        import os
        from sphinx_citable_blog.speed.render import excerpts

        excerpts.RENDER_IN_TWO_FROM = 2
        first_renders = excerpts.ExcerptRenderer.first_renders

        def watched(self, posts, pagename):
            posts = list(posts)
            with open({str(log)!r}, "a", encoding="utf-8") as out:
                out.write(f"{{os.getpid()}} {{len(posts)}}\\n")
            return first_renders(self, posts, pagename)

        excerpts.ExcerptRenderer.first_renders = watched
    """)
    assert run.returncode == 0, run.stderr
    renders = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    published = len([post for post in posts if not post.draft])
    assert len({pid for pid, _ in renders}) == 2 and sum(int(count) for _, count in renders) == published, renders
    serial = sphinx_build(src, tmp_path / "serial")
    assert serial.returncode == 0, serial.stderr
    differ = differences(tmp_path / "html", serial.outdir)
    assert not differ, "files that differ from a serial build:\n  " + "\n  ".join(differ)


def test_citations_in_headings_are_rendered_in_one_batch_before_reading(tmp_path):
    """A document whose heading cites a work is rendered while it is read; the speed layer renders all such
    documents in one batch first (speed.csl_packs), so reading starts no pandoc process of its own."""
    import json

    from sphinx_citable_blog.speed.csl_packs import HEADING_CITATION

    src = corpus.write_sphinx_site(corpus.generate(60), tmp_path / "src")
    headed = {p.relative_to(src).with_suffix("").as_posix() for p in (src / "posts").rglob("*.md")
              if HEADING_CITATION.search(p.read_text(encoding="utf-8"))}
    assert len(headed) >= 2
    run = sphinx_main_watched(src, tmp_path / "html", "-W", "--keep-going", "-n", before="""
        from sphinx_citable_blog.citation.csl import render
        calls = []
        run_batch = render.run_batch
        def counted(request):
            calls.append([[d["id"], d.get("pack")] for job in request["jobs"] for d in job["documents"]])
            return run_batch(request)
        render.run_batch = counted
    """, after="import json; print(json.dumps(calls)); raise SystemExit(rc)")
    assert run.returncode == 0, run.stderr
    calls = [[doc for doc, _ in call] for call in json.loads(run.stdout.strip().splitlines()[-1])]
    alone = [ids for ids in calls if len(ids) == 1 and ids[0] in headed]
    assert not alone, alone  # no document rendered on its own while being read
    assert headed <= {doc for ids in calls[:1] for doc in ids}  # the first call: before reading, all of them
    packs = [pack for _, pack in json.loads(run.stdout.strip().splitlines()[-1])[0]]
    assert None not in packs and len(set(packs)) < len(packs), packs  # in shared calls of the processor


def test_posts_that_cannot_affect_each_other_share_a_call_of_the_processor_however_many():
    """A call of pandoc's citeproc costs less per post the more posts it has: every post that cannot
    affect the others' rendering goes into one, and one that can (a work of the same author and year)
    into another."""
    from sphinx_citable_blog.speed.csl_packs import assign_packs

    items = {f"k{i}": {"id": f"k{i}", "author": [{"family": f"Author{i}", "given": "Ann"}],
                       "issued": {"date-parts": [[2000 + i % 20]]}} for i in range(300)}
    documents = [{"id": f"d{i}", "citations": [{"mode": "normal", "items": [{"id": f"k{i}"}]}]} for i in range(300)]
    assert assign_packs(documents, items) == 1
    items["k300"] = {"id": "k300", "author": [{"family": "Author0", "given": "Ann"}],
                     "issued": {"date-parts": [[2000]]}}
    documents.append({"id": "d300", "citations": [{"mode": "normal", "items": [{"id": "k300"}]}]})
    assert assign_packs(documents, items) == 2
    assert {d["pack"] for d in documents[:300]} == {0} and documents[300]["pack"] == 1


def test_the_search_index_and_inventory_are_kept_when_no_document_changed(tmp_path):
    """Sphinx writes ``searchindex.js`` and ``objects.inv`` on every build; the speed layer leaves them
    as they are when no document was read, removed or written, and a changed post still reaches them."""
    from conftest import copy_project

    src = copy_project(tmp_path / "src")
    outdir = tmp_path / "html"
    indexes = [outdir / "searchindex.js", outdir / "objects.inv"]

    def stamps() -> list[int]:
        return [path.stat().st_mtime_ns for path in indexes]

    assert sphinx_build(src, outdir).returncode == 0
    first = stamps()
    assert sphinx_build(src, outdir).returncode == 0
    assert stamps() == first  # nothing changed: kept
    slow = sphinx_build(src, outdir, *SPEED_OFF)
    assert slow.returncode == 0 and stamps() != first  # without the speed layer, written again
    post = src / "posts" / "2014" / "04" / "outsourcing.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nA zygomorphic sentence.\n", encoding="utf-8")
    before = stamps()
    assert sphinx_build(src, outdir).returncode == 0
    assert all(now != then for now, then in zip(stamps(), before, strict=True))
    assert "zygomorph" in indexes[0].read_text(encoding="utf-8")
    # A page removed, when no other page changes: gone from the index.
    orphan = src / "notes.md"
    orphan.write_text("---\norphan: true\n---\n\n# Notes\n\nA quixotic note.\n", encoding="utf-8")
    assert sphinx_build(src, outdir).returncode == 0
    assert "quixot" in indexes[0].read_text(encoding="utf-8")
    orphan.unlink()
    assert sphinx_build(src, outdir).returncode == 0
    assert "quixot" not in indexes[0].read_text(encoding="utf-8")
    clean = sphinx_build(src, tmp_path / "clean")
    assert clean.returncode == 0
    for path in indexes:
        assert path.read_bytes() == (clean.outdir / path.name).read_bytes(), path.name


def test_the_search_index_stems_each_word_once_per_build(tmp_path):
    """Sphinx's ``IndexBuilder.feed`` remembers stems for one page only, so every page stemmed again the
    words of the pages before it (0.4 s of a cold 1,000-post build's main process)."""
    from conftest import copy_project

    run = sphinx_main_watched(copy_project(tmp_path / "src"), tmp_path / "html", before="""
        import collections
        from sphinx.search import en

        stemmed = collections.Counter()
        stem = en.SearchEnglish.stem
        def counted(self, word):
            stemmed[word] += 1
            return stem(self, word)
        en.SearchEnglish.stem = counted
    """, after="""
        print(rc)
        print(len(stemmed))
        print(max(stemmed.values()))
    """)
    assert run.returncode == 0, run.stderr
    rc, words, most = map(int, run.stdout.split())
    assert words > 1000 and most == 1


def test_a_post_written_again_when_nothing_was_read_keeps_its_cite_this_post(tmp_path):
    """With no document read or removed, "Cite this post" is rendered only when a page asks for it: a post's
    page missing from the output is written again, serially and with -j, as the clean build wrote it."""
    from conftest import copy_project

    src = copy_project(tmp_path / "src")
    outdir = tmp_path / "html"
    assert sphinx_build(src, outdir).returncode == 0
    page = outdir / "posts" / "2014" / "04" / "outsourcing.html"
    clean = page.read_bytes()
    assert b'id="cite-this-post"' in clean and b"Mills, C. (2014" in clean
    environment = tmp_path / "html.doctrees" / "environment.pickle"
    saved = environment.stat().st_mtime_ns
    for extra in [(), ("-j", "2")]:
        page.unlink()
        again = sphinx_build(src, outdir, *extra)
        assert again.returncode == 0, again.stderr
        assert environment.stat().st_mtime_ns == saved  # nothing read: the environment is not saved again
        assert page.read_bytes() == clean, extra


def test_an_edited_post_takes_unchanged_panels_and_feed_entries_from_the_last_build(tmp_path):
    """After a post's body is edited, nothing the sidebar or the other feed entries show has changed: the
    post's page takes its folder's panels from a page of that folder not written again, and the feeds take
    every other post's entry from the last build's (``feed-entries.pickle``). Marks put into those make
    the proof: they reach the edited page and the feeds."""
    import pickle

    from conftest import copy_project

    from sphinx_citable_blog.reading.listings import PANEL_START
    from sphinx_citable_blog.speed.feed_entries import CACHE

    src = copy_project(tmp_path / "src")
    outdir = tmp_path / "html"
    assert sphinx_build(src, outdir).returncode == 0
    folder = outdir / "posts" / "2014" / "04"
    edited = "pressure-of-work"  # the oldest post: not among the recent posts, so its panels are its folder's
    panel = PANEL_START.format("ablog/recentposts.html")
    for page in folder.glob("*.html"):
        if page.stem != edited:
            html = page.read_text(encoding="utf-8")
            assert panel in html
            page.write_text(html.replace(panel, panel + "<!-- kept panel -->"), encoding="utf-8")  # inside it
    cache_path = tmp_path / "html.doctrees" / CACHE
    stored = pickle.loads(cache_path.read_bytes())
    kept = stored["entries"]["posts/2014/04/outsourcing"]
    assert "<title>Outsourcing</title>" in kept[1]
    kept[1] = kept[1].replace("<title>Outsourcing</title>", "<title>Outsourcing (kept entry)</title>")
    assert '"title": "Outsourcing"' in kept[4]  # its JSON Feed item
    kept[4] = kept[4].replace('"title": "Outsourcing"', '"title": "Outsourcing (kept entry)"')
    cache_path.write_bytes(pickle.dumps(stored))
    post = src / "posts" / "2014" / "04" / f"{edited}.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nA zygomorphic sentence.\n", encoding="utf-8")
    for extra in [(), ("-j", "2")]:
        again = sphinx_build(src, outdir, *extra)
        assert again.returncode == 0, again.stderr
        page = (folder / f"{edited}.html").read_text(encoding="utf-8")
        assert "zygomorph" in page and "<!-- kept panel -->" in page, extra
        assert "Outsourcing (kept entry)" in (outdir / "blog" / "atom.xml").read_text(encoding="utf-8"), extra
        assert "Outsourcing (kept entry)" in (outdir / "blog" / "feed.json").read_text(encoding="utf-8"), extra
        post.write_text(post.read_text(encoding="utf-8") + "\nAnother sentence.\n", encoding="utf-8")


def test_with_no_document_read_the_citations_are_indexed_only_when_a_page_asks(tmp_path):
    """The ``cite`` domain's index and the CSL renderings are the last build's when no document was read or
    removed: made when a page is written that cites a work (a post's page missing from the output),
    not in a build that writes none; always without the speed layer."""
    import json

    from conftest import copy_project, sphinx_main_watched

    src = copy_project(tmp_path / "src")
    outdir = tmp_path / "html"
    assert sphinx_build(src, outdir).returncode == 0
    count = """
        from sphinx_citable_blog.compat import bibtex
        calls = []
        index = bibtex.CslBibtexDomain._index
        def counted(self):
            calls.append(1)
            return index(self)
        bibtex.CslBibtexDomain._index = counted
    """
    said = "import json; print(json.dumps(len(calls))); raise SystemExit(rc)"

    def indexed(*extra: str) -> int:
        run = sphinx_main_watched(src, outdir, "-W", "--keep-going", "-n", *extra, before=count, after=said)
        assert run.returncode == 0, run.stderr
        return json.loads(run.stdout.strip().splitlines()[-1])

    assert indexed() == 0  # nothing read, nothing written
    page = outdir / "posts" / "2014" / "04" / "outsourcing.html"
    page.unlink()
    assert indexed() == 1 and page.is_file()  # written again: its citations resolved
    assert indexed(*SPEED_OFF) == 1


WARM_UP_WATCHED = """
    import inspect
    from sphinx_citable_blog.speed import warm_up

    compiled = []
    compile_selectors = warm_up.compile_selectors

    def watched():
        compiled.append(any(frame.function == "run_in_parallel" for frame in inspect.stack()))
        compile_selectors()

    warm_up.compile_selectors = watched
"""


def test_the_themes_selectors_are_compiled_while_pandoc_renders(tmp_path):
    """The CSS selectors the theme's first page compiles are compiled while the main process waits for pandoc
    (speed.warm_up), once; a build that read nothing, or in which pandoc did not run, compiles none here."""
    from conftest import copy_project

    src = copy_project(tmp_path / "src")
    after = 'print("COMPILED", *compiled)\nraise SystemExit(rc)'
    first = sphinx_main_watched(src, tmp_path / "html", before=WARM_UP_WATCHED, after=after)
    assert first.returncode == 0, first.stderr
    assert re.search(r"^COMPILED(.*)$", first.stdout, re.MULTILINE).group(1) == " True"
    again = sphinx_main_watched(src, tmp_path / "html", before=WARM_UP_WATCHED, after=after)
    assert again.returncode == 0, again.stderr
    assert re.search(r"^COMPILED(.*)$", again.stdout, re.MULTILINE).group(1) == ""
    # An edit that leaves the post's citations as they were: pandoc does not run, and the first page written
    # compiles the selectors, after the feeds' process has started, not before it.
    post = src / "posts" / "2014" / "04" / "outsourcing.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    edited = sphinx_main_watched(src, tmp_path / "html", before=WARM_UP_WATCHED, after=after)
    assert edited.returncode == 0, edited.stderr
    assert re.search(r"^COMPILED(.*)$", edited.stdout, re.MULTILINE).group(1) == ""


def test_templates_and_asset_checksums_are_looked_up_once_per_build(tmp_path):
    """Within a build, a template is not checked against its file each time a page uses it (Jinja's
    ``auto_reload``, off), and each style sheet's and script's checksum is worked out once, not for every
    page that links it; without the speed layer both happen for every page."""
    from conftest import copy_project

    src = copy_project(tmp_path / "src")
    watched = """
        import sphinx.builders.html as html
        import sphinx.util.osutil as osutil

        counts = {"stat": 0, "checksum": 0}
        last_modified, file_checksum = osutil._last_modified_time, html._file_checksum

        def stat(*args):
            counts["stat"] += 1
            return last_modified(*args)

        def checksum(*args):
            counts["checksum"] += 1
            return file_checksum(*args)

        osutil._last_modified_time, html._file_checksum = stat, checksum
        import sphinx.jinja2glue
        sphinx.jinja2glue._last_modified_time = stat
    """
    after = 'print("COUNTS", counts["stat"], counts["checksum"])\nraise SystemExit(rc)'
    counts = {}
    for name, extra in [("fast", ()), ("slow", SPEED_OFF)]:
        run = sphinx_main_watched(src, tmp_path / name, *extra, before=watched, after=after)
        assert run.returncode == 0, run.stderr
        counts[name] = [int(n) for n in re.search(r"^COUNTS (\d+) (\d+)$", run.stdout, re.MULTILINE).groups()]
    pages = len(list((tmp_path / "fast").rglob("*.html")))
    assert pages > 20
    # The fast build: each template stat'ed when loaded, each asset once; the slow one, for every page.
    assert counts["fast"][0] < 100 < pages * 10 < counts["slow"][0], counts
    assert counts["fast"][1] < 30 < pages * 5 < counts["slow"][1], counts


def test_with_jobs_the_main_process_does_not_collect_garbage_while_the_pages_are_written(tmp_path):
    """With ``-j``, the main process only resolves the pages the workers write: from ``write-started`` to the
    listing pages it freezes what it has and does not collect (speed.gc), then collects again."""
    src = corpus.write_sphinx_site(corpus.generate(40), tmp_path / "src")
    run = sphinx_main_watched(src, tmp_path / "html", "-j", "2", before="""
        import gc, os
        import sphinx.events

        pid, phase, collections, enabled = os.getpid(), ["reading"], {}, {}

        def counted(stage, info):
            if stage == "start" and os.getpid() == pid:
                collections[phase[0]] = collections.get(phase[0], 0) + 1

        gc.callbacks.append(counted)
        emit = sphinx.events.EventManager.emit

        def watched(self, name, *args, **kwargs):
            if name in ("write-started", "html-collect-pages", "build-finished") and os.getpid() == pid:
                phase[0] = name
                enabled[name] = gc.isenabled()
            return emit(self, name, *args, **kwargs)

        sphinx.events.EventManager.emit = watched
    """, after='print("COLLECTIONS", collections)\nprint("ENABLED", enabled)\nraise SystemExit(rc)')
    assert run.returncode == 0, run.stderr
    collections = ast.literal_eval(re.search(r"^COLLECTIONS (.*)$", run.stdout, re.MULTILINE).group(1))
    enabled = ast.literal_eval(re.search(r"^ENABLED (.*)$", run.stdout, re.MULTILINE).group(1))
    assert collections.get("reading", 0) > 0 and "write-started" not in collections, collections
    # On as the pages are about to be written, off as the listing pages are, on again by the end.
    assert enabled == {"write-started": True, "html-collect-pages": False, "build-finished": True}, enabled


def test_a_first_build_converts_the_bibliography_while_sphinx_starts(tmp_path):
    """The works of the bibliography become CSL items through pandoc; in a first build a thread started with
    the configuration converts them (speed.bib_items), later builds find them in the environment, and a
    changed .bib is converted again when needed, in the main thread."""
    from conftest import copy_project

    src = copy_project(tmp_path / "src")
    watched = """
        import threading
        from sphinx_citable_blog.citation import references

        converted = []
        bib_to_items = references.bib_to_items

        def watched(text):
            converted.append(threading.current_thread() is threading.main_thread())
            return bib_to_items(text)

        references.bib_to_items = watched
    """
    after = 'print("CONVERTED", converted)\nraise SystemExit(rc)'

    def build() -> list[bool]:
        run = sphinx_main_watched(src, tmp_path / "html", before=watched, after=after)
        assert run.returncode == 0, run.stderr
        return ast.literal_eval(re.search(r"^CONVERTED (.*)$", run.stdout, re.MULTILINE).group(1))

    assert build() == [False]  # in the thread
    assert build() == []  # kept in the environment
    bib = src / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build() == [True]  # a changed file, converted when needed


def test_a_build_makes_no_log_record_that_its_verbosity_does_not_show(tmp_path):
    """Sphinx's logger passed every ``logger.debug`` call (``[app] emitting event`` for every event) to
    handlers that dropped it, after each forked process had collected, pickled and sent its records to the
    main process: about 16,500 records in a cold 1,000-post build. At ``-vv`` they are shown, as before."""
    from conftest import copy_project

    src = copy_project(tmp_path / "src")
    run = sphinx_main_watched(src, tmp_path / "html", "-j", "2", before="""
        import logging

        emitted = []
        make = logging.Logger.makeRecord
        def counted(self, name, level, fn, lno, msg, *args, **kwargs):
            if name.startswith("sphinx") and level < logging.INFO and "emitting event" in str(msg):
                emitted.append(level)
            return make(self, name, level, fn, lno, msg, *args, **kwargs)
        logging.Logger.makeRecord = counted
    """, after="""
        print(rc)
        print(len(emitted))
    """)
    assert run.returncode == 0, run.stderr
    rc, emitted = map(int, run.stdout.split())
    assert emitted <= 2  # the events emitted before the speed layer is set up (config-inited)
    shown = subprocess.run([sys.executable, "-m", "sphinx", "-vv", "-j", "2", "-b", "html", "-d",
                            str(tmp_path / "vv.doctrees"), str(src), str(tmp_path / "vv")],
                           capture_output=True, text=True, check=False)
    assert shown.returncode == 0, shown.stderr
    assert "[app] emitting event: 'doctree-read'" in shown.stdout
    assert "[app] emitting event: 'html-page-context'" in shown.stdout
