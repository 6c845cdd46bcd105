"""docutils' settings are built once per build, not once per document read (speed.doc_settings).

What it buys is measured by the benchmark; these tests check that a build
really builds docutils' option parser a fixed number of times whatever the
number of documents, that each document still gets settings of its own, and
that the originals are back after the build.
"""

from __future__ import annotations

from conftest import copy_project, sphinx_main_watched


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
