"""``make post`` / ``python -m blogtools new`` start a post that builds, or say why not."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ablog.blog import slugify as ablog_slugify
from conftest import PROJECT, copy_project, sphinx_build


from blogtools import PostError, default_author, new_post, slugify

TODAY = dt.date(2014, 5, 10)


def readme_command(prefix: str) -> str:
    """The one command in README.md's code blocks that starts with *prefix*."""
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    lines = [line for block in re.findall(r"```shell\n(.*?)```", text, re.S) for line in block.splitlines()]
    found = [line for line in lines if line.startswith(prefix)]
    assert len(found) == 1, f"README.md should show one `{prefix} …` command"
    return found[0]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The files blogtools reads, and the posts, in a folder of their own."""
    for name in ("conf.py", "tags.yaml", "references.bib"):
        shutil.copy(PROJECT / name, tmp_path / name)
    shutil.copytree(PROJECT / "posts", tmp_path / "posts")
    return tmp_path


def old_slug_kept(text: str, stem: str) -> bool:
    """Whether a post's file name is the last part of an old address it redirects from: an imported post
    keeps the old blog's slug (README, "Import an old blog")."""
    match = re.search(r"^redirect: (.+)$", text.split("\n---\n", 1)[0], re.M)
    olds = [value.strip().removesuffix("/index") for value in match.group(1).split(",")] if match else []
    return any(old.rsplit("/", 1)[-1] == stem for old in olds)


def test_existing_slugs_are_the_slugified_titles():
    for path in sorted((PROJECT / "posts").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        title = re.search(r"^# (.+)$", text, re.M).group(1)
        assert slugify(title) == ablog_slugify(title)
        assert slugify(title) == path.stem or old_slug_kept(text, path.stem), path


def test_an_imported_post_may_keep_its_old_slug():
    front = "---\ndate: 2014-06-03\nredirect: 2014/06/the-old-one, 2013/1/2/x/index\n---\n\n# New title\n"
    assert old_slug_kept(front, "the-old-one") and old_slug_kept(front, "x")
    assert not old_slug_kept(front, "new-title")
    assert not old_slug_kept("---\ndate: 2014-06-03\n---\n\n# redirect: 2014/06/a\n", "a")


@pytest.mark.parametrize(("title", "slug"), [
    ("Ofsted – and the TIWPIR problem", "ofsted-and-the-tiwpir-problem"),
    ("Naïve “quality” targets!", "naive-quality-targets"),
    ("  Pressure   of Work ", "pressure-of-work"),
])
def test_slugs_are_lower_case_ascii_with_hyphens(title, slug):
    assert slugify(title) == slug


def test_the_author_is_read_from_conf_py_without_running_it(tmp_path):
    assert default_author(PROJECT / "conf.py") == "Chris Mills"
    conf = tmp_path / "conf.py"
    conf.write_text('import nothing_that_exists\nblog_default_author = ["A One", "B Two"]\n')
    assert default_author(conf) == "A One, B Two"
    conf.write_text("blog_title = 'x'\n")
    with pytest.raises(PostError, match="sets no blog_default_author"):
        default_author(conf)


def test_a_new_post_has_everything_the_build_checks(root):
    post = new_post(root, "Thresholds and referrals", "policy, workforce, policy", today=TODAY)
    assert post.path == root / "posts" / "2014" / "05" / "thresholds-and-referrals.md"
    text = post.path.read_text(encoding="utf-8")
    assert text.startswith(
        "---\ndate: 2014-05-10\nauthor: Chris Mills\ncategory: Policy comment\ntags: policy, workforce\n---\n\n"
        "# Thresholds and referrals\n\n% "
    )
    assert "{cite:p}`baginsky2014stepup`" in text  # a real key from references.bib, in the note
    note = text.split("# Thresholds and referrals\n\n")[1].split("\n\n")[0]
    assert all(line.startswith("%") for line in note.splitlines())
    assert text.endswith("## References\n\n```{bibliography}\n:filter: docname in docnames\n```\n")


def test_category_date_and_draft_can_be_given(root):
    post = new_post(root, "Later", "research", category="Research and practice", date="2014-06-01",
                    draft=True, today=TODAY)
    assert post.path.relative_to(root).as_posix() == "posts/2014/06/later.md"
    front = post.path.read_text(encoding="utf-8").split("---")[1]
    assert "category: Research and practice\ntags: research\ndraft: true\n" in front
    assert "date: 2014-06-01" in front


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"title": "   "}, 'the title is empty: give one, e.g. TITLE="Pressure of Work"'),
    ({"title": "?!"}, "the title '?!' has no letters or digits to make the post's file name from"),
    ({"title": "Pressure of work"},
     "posts/2014/04/pressure-of-work.md already has the slug 'pressure-of-work': a post's file name is its address, "
     "so choose another title"),
    ({"tags": "Workforce"}, "tag 'Workforce' is not in tags.yaml; did you mean 'workforce'?"),
    ({"tags": "ofsted"}, "tag 'ofsted' is not in tags.yaml; add it to tags.yaml with a one-line description first"),
    ({"tags": " , "}, 'give at least one tag, e.g. TAGS="workforce, policy" (the tags in tags.yaml: policy, workforce'),
    ({"category": "policy comment"}, "category 'policy comment' is not in tags.yaml; did you mean 'Policy comment'?"),
    ({"title": "Word " * 50}, "the title is too long to name a file after: its slug would be 249 bytes, and a post's "
                              "file name can have at most 200; give a shorter title"),
    ({"date": "2014-5-1"}, "DATE '2014-5-1' is not a date: use YYYY-MM-DD, e.g. 2014-04-02"),
    ({"date": "2014-02-30"}, "DATE '2014-02-30' is not a date in the calendar: use YYYY-MM-DD"),
    ({"date": "2014-05-11"},
     "DATE 2014-05-11 is in the future, and the build refuses a published post dated after today: "
     "start it as a draft (DRAFT=1, or --draft), or date it today"),
])
def test_refusals_say_why(root, kwargs, message):
    args = {"title": "A new post", "tags": "policy", **kwargs}
    with pytest.raises(PostError) as caught:
        new_post(root, today=TODAY, **args)
    assert str(caught.value).startswith(message)
    assert sorted(p.name for p in (root / "posts").rglob("*.md")) == sorted(
        p.name for p in (PROJECT / "posts").rglob("*.md")
    ), "nothing is written"


def run_in(project: Path, command: str) -> subprocess.CompletedProcess[str]:
    """Run a README command in *project*, with this virtualenv standing in for .venv."""
    args = shlex.split(command)
    if args[0] == "make":
        args.append(f"VENV={sys.prefix}")
    else:
        args[0] = sys.executable
    return subprocess.run(args, cwd=project, capture_output=True, text=True, check=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    dest = copy_project(tmp_path / "project")
    shutil.copy(PROJECT / "Makefile", dest)
    return dest


def test_readme_make_post_writes_a_post_that_builds_cleanly(project, tmp_path):
    result = run_in(project, readme_command("make post "))
    assert result.returncode == 0, result.stdout + result.stderr
    today = dt.date.today()
    path = project / "posts" / f"{today:%Y}" / f"{today:%m}" / "thresholds-and-referrals.md"
    assert f"Created {path.relative_to(project).as_posix()}" in result.stdout
    build = sphinx_build(project, tmp_path / "html")
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr and "ERROR" not in build.stderr, build.stderr
    page = build.page(f"posts/{today:%Y}/{today:%m}/thresholds-and-referrals.html")
    assert page.select_one("article h1").get_text().rstrip("#").strip() == "Thresholds and referrals"
    assert [a.get_text() for a in page.select(".post-byline a.post-tag")] == ["policy", "workforce"]
    leaked = [p.name for p in build.outdir.rglob("*") if p.is_file() and b"Notes to yourself" in p.read_bytes()]
    assert leaked == [], "the note on citing reached the site"


def test_readme_blogtools_command_writes_the_post(project):
    result = run_in(project, readme_command(".venv/bin/python -m blogtools new "))
    assert result.returncode == 0, result.stdout + result.stderr
    path = project / "posts" / "2014" / "05" / "agency-social-workers.md"
    assert "category: Research and practice\ntags: workforce\n" in path.read_text(encoding="utf-8")


def test_make_post_refuses_with_the_reason_and_a_failing_status(project):
    result = run_in(project, 'make post TITLE="Outsourcing" TAGS="policy"')
    assert result.returncode != 0
    assert ("blogtools: cannot create the post: posts/2014/04/outsourcing.md already has the slug 'outsourcing'"
            in result.stderr)
    result = run_in(project, "make post TAGS=policy")
    assert result.returncode != 0
    assert "blogtools: cannot create the post: the title is empty" in result.stderr


def test_make_post_passes_category_date_and_draft(project):
    result = run_in(project, 'make post TITLE="It\'s \\"quoted\\"" TAGS="research" CATEGORY="Research and practice" '
                             "DATE=2099-01-01 DRAFT=1")
    assert result.returncode == 0, result.stdout + result.stderr
    text = (project / "posts" / "2099" / "01" / "its-quoted.md").read_text(encoding="utf-8")
    assert text.startswith("---\ndate: 2099-01-01\nauthor: Chris Mills\ncategory: Research and practice\n"
                           "tags: research\ndraft: true\n---\n\n# It's \"quoted\"\n")


@pytest.mark.parametrize(("title", "file", "heading"), [
    ("Spending $5m on agency staff", "spending-5m-on-agency-staff", "Spending $5m on agency staff"),
    ("$(shell touch pwned) and `touch pwned2`", "shell-touch-pwned-and-touch-pwned2",
     "$(shell touch pwned) and `touch pwned2`"),
    ("-5% in a year", "5-in-a-year", "-5% in a year"),
    ("It's $HOME's \"best\"", "its-homes-best", "It's $HOME's \"best\""),
])
def test_make_post_takes_the_title_exactly_as_typed(project, title, file, heading):
    result = subprocess.run(["make", "post", f"TITLE={title}", "TAGS=policy", "DATE=2014-05-01", f"VENV={sys.prefix}"],
                            cwd=project, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (project / "posts" / "2014" / "05" / f"{file}.md").read_text(encoding="utf-8")
    assert f"\n# {heading}\n" in text
    assert not list(project.rglob("pwned*")), "a command in the title ran"


def test_make_post_refuses_a_title_too_long_for_a_file_name(project):
    result = subprocess.run(["make", "post", "TITLE=" + "Word " * 60, "TAGS=policy", f"VENV={sys.prefix}"],
                            cwd=project, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "the title is too long to name a file after" in result.stderr
    assert "Traceback" not in result.stderr
