"""Two builds of the same sources give byte-identical sites.

The two builds differ in everything that should not matter: the build
machine's time zone (UTC and New York, where it is still the previous day for
five hours after midnight UTC), the day the build runs (the second runs on a
date years ahead, through time-machine), Python's hash seed (which orders sets
and dicts of strings) and the folder the sources are in. Every file of the
two output trees is compared byte for byte; none is left out.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import importlib.util
import subprocess
import sys
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from conftest import copy_project, sphinx_build

# 2031-07-15 02:30 UTC: 2031-07-14 in New York.
FAKE_NOW = dt.datetime(2031, 7, 15, 2, 30, tzinfo=dt.UTC).timestamp()
SITECUSTOMIZE = """\
import os
if os.environ.get("FAKE_NOW"):
    import time_machine
    time_machine.travel(float(os.environ["FAKE_NOW"]), tick=True).start()
"""


def differences(left: Path, right: Path) -> list[str]:
    """Every file that is not byte-identical in the two trees, or is in only one."""
    out = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        out.extend(f"only in one build: {prefix}{name}" for name in cmp.left_only + cmp.right_only)
        out.extend(f"{prefix}{name}" for name in cmp.funny_files + cmp.common_funny)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(f"{prefix}{name}" for name in mismatch + errors)
        for name, sub in sorted(cmp.subdirs.items()):
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right, ignore=[]), "")
    return sorted(out)


@pytest.fixture(scope="module")
def fake_clock(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    if importlib.util.find_spec("time_machine") is None:
        pytest.fail("time-machine is not installed: run `make test`, or pip install -r requirements-dev.txt")
    folder = tmp_path_factory.mktemp("fake-clock")
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = {"PYTHONPATH": str(folder), "FAKE_NOW": str(FAKE_NOW)}
    probe = subprocess.run(
        [sys.executable, "-c", "import datetime; print(datetime.date.today())"],
        env={**env, "TZ": "America/New_York"}, capture_output=True, text=True, check=True,
    )
    assert probe.stdout.strip() == "2031-07-14", "the fake clock did not take effect"
    return env


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory, fake_clock: dict[str, str]) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("reproducible")
    first = sphinx_build(copy_project(base / "one" / "src"), base / "one" / "html",
                         env={"TZ": "UTC", "PYTHONHASHSEED": "1"})
    assert first.returncode == 0, first.stderr
    second = sphinx_build(copy_project(base / "two" / "sources"), base / "two" / "html",
                          env={"TZ": "America/New_York", "PYTHONHASHSEED": "2", **fake_clock})
    assert second.returncode == 0, second.stderr
    return first.outdir, second.outdir


def test_two_builds_are_byte_identical(two_builds):
    one, two = two_builds
    assert len(list(one.rglob("*.html"))) > 20
    differ = differences(one, two)
    assert not differ, "files that differ between the two builds:\n  " + "\n  ".join(differ)


def test_the_comparison_finds_a_changed_byte(tmp_path):
    for side in ("a", "b"):
        (tmp_path / side / "sub").mkdir(parents=True)
        (tmp_path / side / "sub" / "same.txt").write_text("x")
    (tmp_path / "a" / "sub" / "page.html").write_text("<p>1</p>")
    (tmp_path / "b" / "sub" / "page.html").write_text("<p>2</p>")
    (tmp_path / "b" / "extra.js").write_text("")
    assert differences(tmp_path / "a", tmp_path / "b") == ["only in one build: extra.js", "sub/page.html"]


def test_feed_reference_lists_name_each_work_once(site):
    """A post rendered again for a feed lists each work once, as on its page (sphinxcontrib-bibtex's own
    transform appended a post's reference list again each time the post was rendered)."""
    feed = lxml.etree.parse(str(site.outdir / "blog" / "tag" / "policy" / "atom.xml")).getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 3
    for entry in entries:
        content = lxml.html.fragment_fromstring(entry.findtext("{http://www.w3.org/2005/Atom}content"),
                                                create_parent="div")
        items = content.xpath('.//ul[contains(@class, "references")]/li')
        assert items, entry.findtext("{http://www.w3.org/2005/Atom}id")
        ids = [li.get("id") for li in items]
        assert len(ids) == len(set(ids))
        for li in items:
            assert len(li.xpath('./p[@class="csl-entry"]')) == 1, li.get("id")


def test_feed_dates_come_from_the_posts_not_the_build(two_builds):
    one, _ = two_builds
    feed = lxml.html.fromstring((one / "blog" / "atom.xml").read_bytes())
    assert feed.findtext(".//updated").startswith("2014-04-17")
