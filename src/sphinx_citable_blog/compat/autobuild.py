"""sphinx-autobuild internals the preview uses (checked on sphinx-autobuild 2025.8).

``make live`` (``blogtools.preview``) serves the site with the script that
sphinx-autobuild injects into every HTML page it serves: a websocket that
reloads the page when told to. The middleware that injects it
(``sphinx_autobuild.middleware.JavascriptInjectorMiddleware``) is not part of
sphinx-autobuild's documented interface (its command line is).
"""

from __future__ import annotations

from typing import Any

from sphinx_autobuild.middleware import JavascriptInjectorMiddleware


def reload_script_middleware(host_and_port: str) -> Any:
    """Starlette middleware that adds the reloading script to each HTML page, its socket at *host_and_port*."""
    from starlette.middleware import Middleware  # noqa: PLC0415

    return Middleware(JavascriptInjectorMiddleware, ws_url=host_and_port)
