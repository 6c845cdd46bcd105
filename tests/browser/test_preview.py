"""``make live``: a page open in the browser shows each saved change, and the preview ends as a clean build.

The preview runs as ``make live`` runs it (``python -m blogtools preview``,
benchmarks/preview.py starts it and drives Chromium). Saved in turn: a word of
a post's text, its title, its tags, and the title of a work in
``references.bib``; each time the open page, reloaded by the preview, shows
the change. The time from saving to the page showing it is measured (median
of ten saves) and reported here; ``make bench`` reports it at 100 and 1,000
posts. Once the edits are done, the preview's site is the site a clean build
of the same sources gives, file for file.
"""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from conftest import copy_project, sphinx_build
from preview import running_preview, save_times, wait_until_shown
from test_reproducible import differences

pytestmark = pytest.mark.browser

POST = "posts/2014/04/outsourcing.md"
PAGE = "posts/2014/04/outsourcing.html"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("preview") / "src")


def test_every_kind_of_edit_reaches_the_open_page_and_the_site_ends_as_a_clean_build(project, chromium, tmp_path,
                                                                                     capsys):
    post = project / POST
    edits = [
        (post, "without having to do too much hard thinking", "without thinking hard at all",
         "without thinking hard at all"),
        (post, "# Outsourcing", "# Outsourcing, again", "Outsourcing, again"),
        (post, "tags: policy, service improvement", "tags: policy, service improvement, inspection", "inspection"),
        (project / "references.bib", "including child protection]", "including child protection, again]",
         "including child protection, again]"),
    ]
    page = chromium.new_page()
    try:
        with running_preview(project) as preview:
            page.goto(preview.url(PAGE))
            page.wait_for_function("() => document.readyState === 'complete'")
            page.wait_for_timeout(1000)  # its websocket is open
            for path, old, new, shown in edits:
                builds = preview.builds()
                edit(path, old, new)
                wait_until_shown(page, shown)
                preview.wait_for_builds(builds + 1)
            times = save_times(preview, post, PAGE, page, rounds=10)
    finally:
        page.close()
    with capsys.disabled():
        print(f"\nmake live, seven posts: a saved change shown after {statistics.median(times):.2f} s "
              f"(median of {len(times)} saves; each: {', '.join(f'{t:.2f}' for t in times)})")
    clean = sphinx_build(project, tmp_path / "clean", env={"DRAFTS": "1"})
    assert clean.returncode == 0, clean.stderr
    assert differences(project / "_build" / "live", clean.outdir) == []
