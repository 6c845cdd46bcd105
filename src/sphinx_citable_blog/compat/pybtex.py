"""pybtex internals the package uses (checked on pybtex 0.26).

pybtex finds a plugin that was not registered at run time by scanning every
installed distribution's entry points, a few milliseconds each time, and
sphinxcontrib-bibtex makes two styles per reference list on every build, each
looking plugins up by name. :func:`register_installed_plugins` looks the ones
those styles use up once and registers them at run time under the same names
(``force=True``: pybtex's own registry, replaced), so that later look-ups find
the very same classes without a scan. Used by the speed layer.
"""

from __future__ import annotations

from pybtex.plugin import find_plugin, register_plugin

# The installed plugins the site's styles look up by name.
INSTALLED_PLUGINS = (
    ("pybtex.style.names", "plain"),  # pybtex's styles' default name style
    ("pybtex.style.names", "last"),  # sphinxcontrib-bibtex's author-year citations
    ("pybtex.backends", "plaintext"),  # sphinxcontrib-bibtex's labels, and citation.formats
    ("pybtex.backends", "docutils"),  # sphinxcontrib-bibtex's reference lists
)


def register_installed_plugins() -> None:
    for group, name in INSTALLED_PLUGINS:
        register_plugin(group, name, find_plugin(group, name), force=True)
