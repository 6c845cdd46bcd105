"""The benchmark's generated corpus is a valid site, so `make bench` measures a real build."""

from __future__ import annotations

import re
import sys
from pathlib import Path


import corpus
from conftest import sphinx_build


def test_corpus_follows_the_recipe():
    posts = corpus.generate(60)
    assert len({p.slug for p in posts}) == 60
    assert all(2 <= len(p.cites) <= 4 for p in posts)  # two to four works per post, as the real posts cite
    roles = [role for p in posts for role, _ in p.cites]
    assert {"p", "t", "yearpar"} <= set(roles)
    works = corpus.works_of(posts)
    assert len(works) == min(corpus.MAX_BIB, 2 * 60)  # every work of the bibliography is cited
    assert [p.draft for p in posts].count(True) == 2 and [bool(p.redirect) for p in posts].count(True) == 2
    site_tags = {t for p in corpus.source_posts() for t in p.tags}
    assert all(2 <= len(p.tags) <= 3 and set(p.tags) <= site_tags for p in posts)
    assert len({p.category for p in posts}) > 1
    assert all(b.date > a.date for a, b in zip(posts, posts[1:]))
    text = corpus.sphinx_post(posts[3])
    assert text.rstrip().endswith("```{bibliography}\n:filter: docname in docnames\n```")
    assert text.count("{cite:") == len(posts[3].cites)
    plain = corpus.plain_post(posts[3])
    assert "{cite" not in plain and "## References" in plain


def test_generated_sphinx_site_builds_without_warnings(tmp_path):
    src = corpus.write_sphinx_site(corpus.generate(14), tmp_path / "src")
    build = sphinx_build(src, tmp_path / "html")
    assert build.returncode == 0, build.stderr
    assert len(build.post_pages()) == 14


def test_generated_pelican_and_hugo_sites_have_the_same_posts(tmp_path):
    posts = corpus.generate(14)
    pelican = corpus.write_pelican_site(posts, tmp_path / "pelican")
    hugo = corpus.write_hugo_site(posts, tmp_path / "hugo")
    assert len(list((pelican / "content").glob("*.md"))) == 14
    assert len(list((hugo / "content" / "posts").glob("*.md"))) == 14


def test_make_bench_compares_with_pelican(tmp_path):
    """`make bench`, as README describes it, on the smallest corpus and one run, with every kind of measurement."""
    import shutil
    import subprocess

    from conftest import PROJECT

    project = tmp_path / "project"
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns(".git", ".venv*", "_build", "node_modules", "src"))
    output = tmp_path / "results.md"
    result = subprocess.run(
        ["make", "bench", f"VENV={sys.prefix}", f"BENCH_ARGS=--sizes 7 --serial-sizes 7 --preview-sizes 7 --runs 1 --output {output}"],
        cwd=project, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    table = output.read_text(encoding="utf-8")
    for row in ("| 7 | cold |", "| 7 | no change |", "| 7 | one edited |", "| 7 | one added |", "| 7 | Pelican cold |"):
        assert row in table
    assert "| 7 | serial cold |" in table
    preview = re.search(r"^\| 7 \| ([\d.]+) \| ((?:[\d.]+, ){9}[\d.]+) \| ≤ 0.5 s", table, re.M)
    assert preview, table  # the preview, timed in Chromium: median and ten saves
    assert re.search(r"The site with no posts .* builds cold in\n[\d.]+ s", table)
    assert "## The corpus" in table and "cite two to four works" in table
    assert "## What each change bought" in table


def test_compare_times_a_commit_in_its_own_worktree():
    """benchmarks/compare.py, which measured benchmarks/changes.md, on the smallest corpus."""
    import re
    import subprocess

    from conftest import PROJECT

    result = subprocess.run(
        [sys.executable, "benchmarks/compare.py", "--posts", "7", "--rounds", "1", "HEAD"],
        cwd=PROJECT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^\| HEAD( \| \d+\.\d\d){4} \|$", result.stdout, re.M), result.stdout
    worktrees = subprocess.run(["git", "-C", str(PROJECT), "worktree", "list"], capture_output=True, text=True)
    assert "tree-HEAD" not in worktrees.stdout
