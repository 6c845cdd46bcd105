"""Running an import again is safe, and an export it cannot read changes nothing."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from importing import DATA, MEDIA, project, run, snapshot

from blogtools.importer import ImportProblem

ADDED_TO = ("references.bib", "tags.yaml", "permalinks.txt", "conf.py")


def test_a_second_import_skips_every_post_and_adds_nothing_twice(tmp_path):
    root = project(tmp_path)
    first = run(root, "wordpress", "wordpress-com-export.xml", tags="imported")
    run(root, "wordpress", "wordpress-wxr.xml", media=MEDIA)
    after_first = snapshot(root)
    again = run(root, "wordpress", "wordpress-com-export.xml", tags="imported")
    assert again.written == [] and sorted(again.skipped) == sorted(first.written)
    assert again.tags_added == [] and again.authors_added == [] and again.bib_added == []
    assert snapshot(root) == after_first


def test_update_rewrites_the_posts_but_adds_no_second_entry_tag_or_permalink(tmp_path):
    root = project(tmp_path)
    run(root, "wordpress", "wordpress-wxr.xml", media=MEDIA)
    files = {name: (root / name).read_text(encoding="utf-8") for name in ADDED_TO}
    post = root / "posts/2014/03/thresholds-and-referrals.md"
    post.write_text("edited by hand\n", encoding="utf-8")
    report = run(root, "wordpress", "wordpress-wxr.xml", media=MEDIA, update=True)
    assert "posts/2014/03/thresholds-and-referrals.md" in report.updated
    assert post.read_text(encoding="utf-8").startswith("---\ndate: 2014-03-10 09:15\n")
    assert report.bib_added == [] and report.bib_reused == ["gov2014characteristics", "nspcc2014page",
                                                            "gov2014department"]
    assert report.redirects == [("posts/2014/03/thresholds-and-referrals.md",
                                 "2014/03/10/thresholds-and-referrals/index")]
    assert {name: (root / name).read_text(encoding="utf-8") for name in ADDED_TO} == files


def broken_copy(tmp_path, name: str, line: int, replacement: str):
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    lines[line - 1] = replacement
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("platform", "name", "line", "replacement", "message"), [
    ("wordpress", "wordpress-wxr.xml", 140, "\t\t<wp:post_id>101</wp:postid>",
     r"wordpress-wxr.xml:140: the export is not well-formed XML, column \d+: Opening and ending tag mismatch"),
    ("wordpress", "wordpress-wxr.xml", 141, "\t\t<wp:post_date><![CDATA[2014-03-10]]></wp:post_date>",
     r"wordpress-wxr.xml:89: wp:post_date '2014-03-10' is not a date \(YYYY-MM-DD HH:MM:SS\)"),
    ("blogger", "blogger-takeout.atom", 17, "    <published>3 June 2014</published>",
     r"blogger-takeout.atom:5: published '3 June 2014' is not a date and time"),
    ("blogger", "wordpress-wxr.xml", 2, "<!-- a WordPress export given as a Blogger one -->",
     r"wordpress-wxr.xml:\d+: not a Blogger export"),
])
def test_an_export_it_cannot_read_stops_it_with_file_and_line_and_nothing_is_written(
        tmp_path, platform, name, line, replacement, message):
    root = project(tmp_path / "site")
    before = snapshot(root)
    export = broken_copy(tmp_path, name, line, replacement)
    result = subprocess.run(
        [sys.executable, "-m", "blogtools", "import", platform, str(export), "--root", str(root),
         "--category", "Policy comment", "--media", str(MEDIA)],
        cwd=root, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("blogtools: cannot import: ")
    assert re.search(message, first), result.stderr
    assert snapshot(root) == before


def test_a_wrong_time_zone_is_refused_before_anything_is_read(tmp_path):
    with pytest.raises(ImportProblem, match="--time-zone 'London' is not a time zone"):
        run(project(tmp_path), "blogger", "blogger-takeout.atom", time_zone="London")
