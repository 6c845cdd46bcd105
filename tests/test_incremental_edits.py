"""After every kind of change a writer makes, an incremental build gives exactly the clean build's site.

One copy of the site goes through a sequence of edits: a post's body, title,
date, tags, category and first paragraph, a DOI and an update date given to it; a post added, renamed with a
redirect, marked draft and deleted; a work changed and a work added in
``references.bib``; a description in ``tags.yaml``; a template; ``conf.py``.
After each edit the same sources are built incrementally into two output
folders, serially and with ``-j 2`` (each keeps its own doctree folder from
build to build, as ``make html`` does), and from scratch into a third; the
three must be identical, file by file. Output whose source is gone must be
gone from the output and from the doctree folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PROJECT, Build, copy_project, sphinx_build
from test_reproducible import differences

POSTS = Path("posts/2014/04")
NEW_POST = """\
---
date: 2014-04-28 09:30
author: Chris Mills
category: Research and practice
tags: research, workforce
---

# Caseloads and the courts

A first paragraph citing {cite:t}`baginsky2014stepup`, for the home page's excerpt.

A second paragraph, citing the same work again {cite:p}`baginsky2014stepup`.

## References

```{bibliography}
:filter: docname in docnames
```
"""


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def front_matter_line(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
    assert count == 1, (path, key)
    path.write_text(new, encoding="utf-8")


def body(src: Path) -> None:
    replace(src / POSTS / "outsourcing.md", "without having to do too much hard thinking",
            "without having to think too hard")


def title(src: Path) -> None:
    replace(src / POSTS / "learning-organisations.md", "# Learning Organisations", "# Learning organisations, again")


def date(src: Path) -> None:
    front_matter_line(src / POSTS / "pressure-of-work.md", "date", "2014-04-03")


def tags(src: Path) -> None:
    front_matter_line(src / POSTS / "outsourcing.md", "tags", "policy, inspection")


def category(src: Path) -> None:
    front_matter_line(src / POSTS / "outsourcing.md", "category", "Research and practice")


def first_paragraph(src: Path) -> None:
    replace(src / POSTS / "outsourcing.md", "I’m not really surprised", "I am not really surprised")


def doi(src: Path) -> None:
    """A DOI given to a post (Crossref's test prefix, never registered): its feed entries link it."""
    replace(src / POSTS / "outsourcing.md", "tags: ", "doi: 10.5555/example-outsourcing\ntags: ")


def updated(src: Path) -> None:
    replace(src / POSTS / "outsourcing.md", "tags: ", "updated: 2014-05-02\ntags: ")


def add_post(src: Path) -> None:
    (src / POSTS / "caseloads-and-the-courts.md").write_text(NEW_POST, encoding="utf-8")


def rename_with_redirect(src: Path) -> None:
    old = src / POSTS / "caseloads-and-the-courts.md"
    text = old.read_text(encoding="utf-8").replace(
        "tags: research, workforce\n", "tags: research, workforce\nredirect: posts/2014/04/caseloads-and-the-courts\n")
    old.unlink()
    (src / POSTS / "caseloads-courts.md").write_text(text, encoding="utf-8")


def unpublish(src: Path) -> None:
    replace(src / POSTS / "caseloads-courts.md", "tags: research, workforce\n", "tags: research, workforce\ndraft: true\n")


def delete(src: Path) -> None:
    (src / POSTS / "mandatory-reporting-the-wrong-approach.md").unlink()
    # Its label is linked from no other post; its works may now be cited by none.
    prune_uncited(src)


def change_work(src: Path) -> None:
    replace(src / "references.bib", "Trainees: Cohort 1 and Cohort 2",
            "Trainees: Cohort 1 and Cohort 2 (corrected)")


def add_work(src: Path) -> None:
    bib = src / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + """
@book{munro2011review,
  author    = {Munro, Eileen},
  title     = {The Munro Review of Child Protection: Final Report},
  publisher = {Department for Education},
  year      = {2011},
}
""", encoding="utf-8")
    replace(src / POSTS / "pressure-of-work.md", "\n## References", "\nSee also {cite:t}`munro2011review`.\n\n## References")


def topic_description(src: Path) -> None:
    text = (src / "tags.yaml").read_text(encoding="utf-8")
    new, count = re.subn(r"^  policy: .*$", "  policy: Government policy, and what it does to the work.", text, flags=re.M)
    assert count == 1
    (src / "tags.yaml").write_text(new, encoding="utf-8")


def template(src: Path) -> None:
    """The site overrides the package's listing template with its own."""
    package = PROJECT / "src" / "sphinx_citable_blog" / "templates" / "ablog" / "collection.html"
    path = src / "_templates" / "ablog" / "collection.html"
    path.parent.mkdir(parents=True)
    path.write_text(package.read_text(encoding="utf-8").replace(
        "{% block body %}", "{% block body %}\n<p class=\"edited-template\">Listed here:</p>"), encoding="utf-8")


def configuration(src: Path) -> None:
    replace(src / "conf.py", 'blog_feed_subtitle = "', 'blog_feed_subtitle = "Edited: ')


def prune_uncited(src: Path) -> None:
    """Remove the works no post cites any more (an uncited entry fails the build)."""
    cited = set()
    for post in (src / "posts").rglob("*.md"):
        for keys in re.findall(r"\{cite:\w+\}`([^`]+)`", post.read_text(encoding="utf-8")):
            cited |= {k.strip() for k in keys.split(",")}
    text = (src / "references.bib").read_text(encoding="utf-8")
    entries = re.split(r"(?=^@)", text, flags=re.M)
    kept = [e for e in entries if not e.startswith("@") or re.match(r"@\w+\{([^,]+),", e).group(1) in cited]
    (src / "references.bib").write_text("".join(kept), encoding="utf-8")


EDITS: list[Callable[[Path], None]] = [
    body, title, date, tags, category, first_paragraph, doi, updated, add_post, rename_with_redirect, unpublish, delete,
    change_work, add_work, topic_description, template, configuration,
]


class Sequence:
    def __init__(self, base: Path) -> None:
        self.base = base
        self.src = copy_project(base / "src")
        self.serial = self.build("serial")
        self.parallel = self.build("parallel", "-j", "2")

    def build(self, name: str, *extra: str) -> Build:
        build = sphinx_build(self.src, self.base / name, *extra)
        assert build.returncode == 0, build.stderr
        return build

    def check(self, edit: str) -> None:
        clean = self.base / f"clean-{edit}"
        self.build(clean.name)
        for name, extra in [("serial", ()), ("parallel", ("-j", "2"))]:
            self.build(name, *extra)
            differ = differences(self.base / name, clean)
            assert not differ, f"after {edit!r}, the {name} build differs from a clean one:\n  " + "\n  ".join(differ)


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Sequence:
    return Sequence(tmp_path_factory.mktemp("edits"))


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_an_incremental_build_equals_a_clean_build_after_each_edit(edited: Sequence, edit):
    edit(edited.src)
    edited.check(edit.__name__)
    if edit is unpublish:
        for name in ("serial", "parallel"):
            out = edited.base / name
            assert not (out / POSTS / "caseloads-courts.html").exists()
            assert not (out / POSTS / "caseloads-courts.ris").exists()
            assert not list((edited.base / f"{name}.doctrees").rglob("caseloads-courts*")), name
    if edit is delete:
        for name in ("serial", "parallel"):
            assert not list((edited.base / name).rglob("mandatory-reporting-the-wrong-approach*"))
            assert not list((edited.base / f"{name}.doctrees").rglob("mandatory-reporting-the-wrong-approach*"))
