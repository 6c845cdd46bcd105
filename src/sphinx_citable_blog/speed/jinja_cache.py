"""Keep the compiled templates between builds.

Sphinx's Jinja environment compiles every template it uses (the theme's
layout and its few dozen components, ABlog's and the site's) from source on
every build: about 0.2 s of each build, and most of what a small site's
rebuild does besides starting Python. Jinja can keep the compiled code in a
bytecode cache; this gives the environment a ``FileSystemBytecodeCache`` in
the doctree folder. Jinja keys each entry by the template's name and checks
it against a checksum of the template's source, so an edited template is
compiled again; a different Python version gets its own entries.

Within a build the templates do not change, so the environment does not check
each one it has loaded against its file every time a page uses it (Jinja's
``auto_reload``: a ``stat`` of the file, some 40 per page); each build has a
new environment, which loads them afresh.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import FileSystemBytecodeCache

from sphinx_citable_blog.compat.sphinx import jinja_environment

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FOLDER = "jinja"


def use_bytecode_cache(app: Sphinx) -> None:
    environment = jinja_environment(app.builder)
    if environment is None:
        return
    folder = Path(app.doctreedir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))
    environment.auto_reload = False

