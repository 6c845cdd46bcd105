"""docutils' settings are built once per build, not once per document read, and MyST loads front matter
with libyaml (speed.doc_settings).

What it buys is measured by the benchmark; these tests check that a build
really builds docutils' option parser a fixed number of times whatever the
number of documents, that each document still gets settings of its own, that
MyST gets the same front matter from libyaml as from its own loader, and that
the originals are back after the build.
"""

from __future__ import annotations

from pathlib import Path

from conftest import PROJECT, copy_project, sphinx_main_watched


def test_a_build_makes_docutils_settings_a_fixed_number_of_times(tmp_path):
    """Sphinx (for each document read) and MyST (for each document rendered) made an option parser each."""
    run = sphinx_main_watched(copy_project(tmp_path / "src"), tmp_path / "html", before="""
        from docutils import frontend
        from sphinx.builders import Builder

        made, read = [], []
        make = frontend.OptionParser.__init__
        def counted(self, *args, **kwargs):
            made.append(1)
            return make(self, *args, **kwargs)
        frontend.OptionParser.__init__ = counted
        read_doc = Builder.read_doc
        def counted_read(self, docname, **kwargs):
            read.append(docname)
            return read_doc(self, docname, **kwargs)
        Builder.read_doc = counted_read
    """, after="print(rc, len(read), len(made))")
    assert run.returncode == 0, run.stderr
    rc, read, made = map(int, run.stdout.split())
    assert read >= 7  # the seven posts, at least
    # One each for reading (Sphinx's and MyST's), the HTML builder (made, then preparing to write), the
    # excerpts' renderer and Sphinx's first new_document: the same for any number of documents.
    assert made <= 6 < read, (read, made)


def test_each_document_gets_settings_of_its_own_and_the_originals_come_back():
    import sphinx.util.docutils as sphinx_docutils
    from docutils.readers import standalone
    from myst_parser.mdit_to_docutils import base
    from myst_parser.parsers.sphinx_ import MystParser

    from sphinx_citable_blog.speed import doc_settings

    shared = {"traceback": True, "env": object(), "smartquotes_locales": []}
    original_settings, original_document = sphinx_docutils._get_settings, base.make_document

    def plain(settings) -> dict:
        """The settings' values, the dependency list (which compares by identity) by its contents."""
        values = dict(settings if isinstance(settings, dict) else vars(settings))
        return values | {"record_dependencies": values["record_dependencies"].list}

    expected = vars(original_settings(standalone.Reader, MystParser(), defaults=shared, read_config_files=True))
    doc_settings.start_build(None, None)
    try:
        assert sphinx_docutils._get_settings is not original_settings
        first, second = (sphinx_docutils._get_settings(standalone.Reader, MystParser(), defaults=dict(shared),
                                                         read_config_files=True) for _ in range(2))
        assert plain(first) == plain(second) == plain(expected)
        assert first is not second
        first._config_files.append("changed")  # a document's change stays its own
        first.record_dependencies.add("changed.md")
        assert second._config_files == expected["_config_files"]
        assert second.record_dependencies.list == expected["record_dependencies"].list == []
        assert first.env is second.env is shared["env"]  # what Sphinx gives every document stays shared
        assert first.smartquotes_locales is shared["smartquotes_locales"]

        one, two = base.make_document("a"), base.make_document("b")
        assert one.settings is not two.settings
        assert plain(one.settings) == plain(two.settings) == plain(original_document("c").settings)
        assert one.settings.record_dependencies is not two.settings.record_dependencies
    finally:
        doc_settings.end_build(None, None)
    assert sphinx_docutils._get_settings is original_settings
    assert base.make_document is original_document


def front_matter_sources() -> list[Path]:
    """Every Markdown file of the site and of the tests' projects (bad front matter among them)."""
    return sorted([*PROJECT.glob("*.md"), *PROJECT.glob("posts/**/*.md"), *(PROJECT / "tests").glob("**/*.md")])


# Front matter on which libyaml and PyYAML's own parser disagree, and some they both refuse.
AWKWARD_FRONT_MATTER = [
    "a: [1", "date: 2014-13-01", "a:\t1", "- a list", "html_meta: {description: Why?}", "keywords: [faq, why?]",
    "a: [what? no]", "a: |#c\n  x", "note: !", "# c\n\ufefftitle: Hi", "a: " + "[" * 500 + "]" * 500,
    "title: A title\r\ndate: 2014-04-17", "title: Why?\ndate: 2014-04-17",
]


def outcome(load, text: str):
    """What *load* makes of *text*: its value, or the type and message of what it raises."""
    try:
        return load(text)
    except Exception as error:  # noqa: BLE001
        return type(error), str(error)


def test_myst_gets_the_same_front_matter_from_libyaml_as_from_its_own_loader():
    from myst_parser.config.main import TopmatterReadError, read_topmatter
    from myst_parser.mdit_to_docutils import base
    from myst_parser.parsers import sphinx_

    from sphinx_citable_blog.speed import doc_settings

    def loaded(read, text: str):
        try:
            return read(text)
        except TopmatterReadError as error:
            return f"error: {error}"

    sources = [path.read_bytes().decode("utf-8", "replace") for path in front_matter_sources()]
    expected = [loaded(read_topmatter, text) for text in sources]
    assert sum(isinstance(found, str) for found in expected) >= 3  # a bad date, a tab, a month 13
    original_yaml = base.yaml
    doc_settings.start_build(None, None)
    try:
        assert [loaded(sphinx_.read_topmatter, text) for text in sources] == expected
        assert base.yaml is not original_yaml
        assert base.yaml.safe_load("a: 1\nb: [x, 2014-04-06]") == original_yaml.safe_load("a: 1\nb: [x, 2014-04-06]")
        for text in AWKWARD_FRONT_MATTER:
            assert outcome(base.yaml.safe_load, text) == outcome(original_yaml.safe_load, text), text
            block = f"---\n{text}\n---\n"
            assert outcome(sphinx_.read_topmatter, block) == outcome(read_topmatter, block), text
    finally:
        doc_settings.end_build(None, None)
    assert sphinx_.read_topmatter is read_topmatter and base.yaml is original_yaml


def test_a_build_loads_no_front_matter_with_pyyamls_own_parser(tmp_path):
    """MyST loaded each post's front matter twice with PyYAML's parser written in Python (the site's list
    of topics is still loaded by it)."""
    run = sphinx_main_watched(copy_project(tmp_path / "src"), tmp_path / "html", before="""
        import traceback
        import yaml.parser

        parsed = []
        parse = yaml.parser.Parser.__init__
        def counted(self, *args, **kwargs):
            if any("myst_parser" in frame.filename for frame in traceback.extract_stack()):
                parsed.append(1)
            return parse(self, *args, **kwargs)
        yaml.parser.Parser.__init__ = counted
    """, after="print(rc, len(parsed))")
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["0", "0"]
