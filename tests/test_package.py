"""The blog machinery is one installable package that serves any ABlog blog.

``sphinx_citable_blog`` is installed from this repository (``-e .`` in
requirements.txt); ``conf.py`` loads MyST, ABlog, sphinxcontrib-bibtex and it,
and nothing else of its own; nothing edits ``sys.path``. ``tests/roots/another-blog``
is a different blog, with its own ``conf.py``, two posts, its own bibliography
and Sphinx's default theme: it builds with only the package added, and none
of this blog's own settings (its address, its name, its author, its page on
citing) is built into the package.
"""

from __future__ import annotations

import ast
import importlib.metadata
import shutil
from pathlib import Path

from conftest import PROJECT, ROOTS, sphinx_build

PACKAGE = PROJECT / "src" / "sphinx_citable_blog"
THIS_BLOG = ("Chris Mills", "chris-mills-child-protection", "How to cite this blog", "Child Protection")


def conf_value(name: str):
    tree = ast.parse((PROJECT / "conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise KeyError(name)


def test_conf_py_loads_the_package_and_no_local_extension():
    assert conf_value("extensions") == ["myst_parser", "ablog", "sphinxcontrib.bibtex", "sphinx_citable_blog"]
    assert not (PROJECT / "_ext").exists()


def test_the_package_is_installed_from_this_repository():
    dist = importlib.metadata.distribution("sphinx-citable-blog")
    assert dist.metadata["Name"] == "sphinx-citable-blog"
    import sphinx_citable_blog

    assert Path(sphinx_citable_blog.__file__).resolve().is_relative_to(PROJECT / "src")


def test_nothing_edits_sys_path():
    files = [PROJECT / "conf.py", *PROJECT.glob("src/**/*.py"), *PROJECT.glob("tests/**/*.py"),
             *PROJECT.glob("benchmarks/*.py")]
    for path in files:
        if "node_modules" in path.parts or path == Path(__file__).resolve():
            continue
        assert "sys.path.insert" not in path.read_text(encoding="utf-8"), path
        assert "sys.path.append" not in path.read_text(encoding="utf-8"), path


def test_every_setting_of_the_package_has_its_prefix():
    from sphinx_citable_blog import SETTINGS

    assert SETTINGS and all(name.startswith("citable_blog_") for name, *_ in SETTINGS)


def test_the_package_holds_none_of_this_blogs_constants():
    for path in PACKAGE.rglob("*"):
        if path.is_file() and path.suffix in {".py", ".html", ".js", ".css"}:
            text = path.read_text(encoding="utf-8")
            for constant in THIS_BLOG:
                assert constant not in text, (path, constant)


def test_another_blog_builds_with_only_the_package_added(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "another-blog", src)
    build = sphinx_build(src, tmp_path / "html")
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr and "ERROR" not in build.stderr
    out = build.outdir
    for page in ["posts/2020/03/compost.html", "posts/2020/03/compost.ris", "posts.bib", "notes/2020/03.html",
                 "notes/tag/compost/atom.xml", "sitemap.xml", "404.html"]:
        assert (out / page).is_file(), page
    post = build.page("posts/2020/03/compost.html")
    assert post.select_one("#cite-this-post") is not None
    assert post.select_one(".post-byline a.post-author").get_text() == "Example Allotment Society"
    assert post.select_one("#cite-survey2015soil") is not None  # a citation's anchor, from its key
    assert '    url = "https://garden.example.org/posts/2020/03/compost.html",' in (out / "posts.bib").read_text(
        encoding="utf-8")
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".bib", ".ris", ".txt", ".js"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            for constant in THIS_BLOG:
                assert constant not in text, (path, constant)


def test_the_shipped_csl_styles_are_the_official_files_listed_in_their_sources():
    """Each style's digest is the one SOURCES.md records, and the style names itself as the official one does."""
    import hashlib
    import re

    styles = PACKAGE / "citation" / "csl" / "styles"
    table = (styles / "SOURCES.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `([\w-]+\.csl)` \|.*\| ([0-9a-f]{64}) \|$", table, re.M))
    files = sorted(p.name for p in styles.glob("*.csl"))
    assert files == sorted(listed) == ["apa.csl", "harvard-cite-them-right.csl"]
    for name in files:
        data = (styles / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == listed[name], name
        assert b'<rights license="http://creativecommons.org/licenses/by-sa/3.0/">' in data, name
        assert f"<id>http://www.zotero.org/styles/{name.removesuffix('.csl')}</id>".encode() in data, name


def test_the_wheel_carries_the_styles_and_the_processors_script(tmp_path):
    """What the build reads at run time is package data, installed with the package (not only in a checkout)."""
    import subprocess
    import sys
    import zipfile

    source = tmp_path / "source"  # a copy: building writes into the source tree
    shutil.copytree(PROJECT / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    shutil.copy(PROJECT / "pyproject.toml", source)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("sphinx_citable_blog-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("citation/csl/batch.lua", "citation/csl/styles/apa.csl",
                   "citation/csl/styles/harvard-cite-them-right.csl", "static/blog.css", "templates/ablog/postcard2.html", "templates/panels/ablog/tagcloud.html"):
        assert f"sphinx_citable_blog/{needed}" in names, needed
