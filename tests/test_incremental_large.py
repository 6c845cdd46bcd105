"""Incremental builds of a blog with posts in many folders equal clean builds.

The site's own posts share one folder, so they never exercise what
speed.refresh does on a larger blog when a post is added: write one
post per folder in full and give the others their folder's new sidebar. This
builds a generated blog (benchmarks/corpus.py) of posts spread over two
years, adds a post, and compares the incremental build with a clean one.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path


import corpus
from test_reproducible import differences


def build(src: Path, out: Path, *extra: str) -> str:
    """Build *src* into *out* (not quietly: the test reads the log)."""
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-b", "html", *extra,
           "-d", str(out.parent / (out.name + ".doctrees")), str(src), str(out)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_adding_a_post_updates_other_posts_sidebars_as_a_clean_build_would(tmp_path):
    posts = corpus.generate(40)
    src = corpus.write_sphinx_site(posts, tmp_path / "src")
    build(src, tmp_path / "html")
    added = corpus.write_sphinx_post(src, corpus.added_post(posts, "an-added-post"))
    log = build(src, tmp_path / "html")
    published = len([post for post in posts if not post.draft])
    rewritten, spliced, mended = refreshed(log)
    assert spliced > 0 and rewritten + spliced >= published, log
    # The post before the new one, and those it is now related to, are mended in place (speed.render.page_links).
    assert 0 < mended < spliced, log
    assert kept_renders(log) == published, log  # every post listed before (speed.render.store)
    build(src, tmp_path / "clean")
    differ = differences(tmp_path / "html", tmp_path / "clean")
    assert not differ, "files that differ from a clean build:\n  " + "\n  ".join(differ)

    # Removed again with the bibliography rewritten, as make bench does: every post is read and written
    # again, so none is mended, though their links changed back.
    added.unlink()
    corpus.write_bibliography(src, posts)
    build(src, tmp_path / "html")
    build(src, tmp_path / "clean-again")
    differ = differences(tmp_path / "html", tmp_path / "clean-again")
    assert not differ, "files that differ from a clean build:\n  " + "\n  ".join(differ)


def refreshed(log: str) -> tuple[int, ...]:
    """The pages rewritten, those given the new sidebar in place and, among them, those mended (speed.refresh)."""
    found = re.search(r"rewriting (\d+) pages, updating the sidebar of (\d+) "
                      r"\(and the neighbours or related posts of (\d+)\)", log)
    assert found, log
    return tuple(map(int, found.groups()))


def kept_renders(log: str) -> int:
    return int(re.search(r"listing pages: (\d+) posts' excerpts and entries kept", log).group(1))


def test_listing_renders_kept_from_the_last_build_are_those_that_still_hold(tmp_path):
    """A post whose excerpt changed is rendered again; a changed title renders every post again."""
    posts = corpus.generate(40)
    src = corpus.write_sphinx_site(posts, tmp_path / "src")
    build(src, tmp_path / "html")

    published = len([post for post in posts if not post.draft])
    edited = posts[7]
    corpus.write_sphinx_post(src, dataclasses.replace(edited, body="A new first paragraph.\n\n" + edited.body))
    assert kept_renders(build(src, tmp_path / "html")) == published - 1

    retitled = posts[12]
    corpus.write_sphinx_post(src, dataclasses.replace(retitled, title=retitled.title + ", revisited"))
    log = build(src, tmp_path / "html")
    assert kept_renders(log) == 0
    assert refreshed(log)[2] > 0, log  # its neighbours and the posts it is related to show the new title

    build(src, tmp_path / "clean")
    differ = differences(tmp_path / "html", tmp_path / "clean")
    assert not differ, "files that differ from a clean build:\n  " + "\n  ".join(differ)
