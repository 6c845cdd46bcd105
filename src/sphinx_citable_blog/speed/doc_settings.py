"""docutils' settings for each document read, built once per build; front matter loaded with libyaml.

To read a document, Sphinx builds docutils' option parser (the options of the
reader, the parser and their components, about 150) only to get the settings'
defaults, and MyST's renderer builds another (``make_document``, called even
when the renderer is given its document): two option parsers per post, about
a tenth of the profiled time of reading 1,000 posts. For the length of a
build, both are replaced (``compat.sphinx.reuse_document_settings``,
``compat.myst.reuse_default_settings``) by functions that build the settings
once and give each document a copy of its own. MyST loaded each post's front
matter twice with PyYAML's parser written in Python (0.37 s of
reading 1,000 posts; 0.05 s with libyaml's): it loads it with libyaml's
(``compat.myst.load_front_matter_with_libyaml``). At ``build-finished`` the
originals are put back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sphinx_citable_blog.compat.myst import load_front_matter_with_libyaml, reuse_default_settings
from sphinx_citable_blog.compat.sphinx import reuse_document_settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

# The undo of each replacement in force (they are the process's, like this list).
_undo: list[Callable[[], None]] = []


def start_build(app: Sphinx, config: Config) -> None:
    end_build(app, None)  # a process building again starts from the originals
    _undo.extend([reuse_document_settings(), reuse_default_settings(), load_front_matter_with_libyaml()])


def end_build(app: Sphinx, exception: BaseException | None) -> None:
    while _undo:
        _undo.pop()()
