"""In a first build, convert the bibliography to CSL items while Sphinx starts.

The works of the bibliography become CSL-JSON items through pandoc
(``citation.references.csl_items``) when a .bib file has changed, and the
environment keeps them. A first build (no environment yet) converted them in
the main process before reading, 0.3 s for 300 works with the second core
idle. Here a thread starts the conversion as the configuration is read (the
work is in pandoc's process, and in pybtex's reading of the files), and the
items are handed to the environment before the documents are read
(:func:`hand_over`), where ``citation.references`` finds them by the files'
digest. If the conversion failed, nothing is handed over: the build converts
the files again when it needs them, and reports what went wrong as it always
does.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sphinx.application import ENV_PICKLE_FILENAME

from sphinx_citable_blog.citation.references import bib_texts, items_of, texts_digest
from sphinx_citable_blog.state import env_data

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# By application: the digest of the files and the conversion under way. Not in the build's state, which
# is made at builder-inited, after the configuration is read.
_converting: WeakKeyDictionary[Sphinx, tuple[str, Future[dict[str, dict[str, Any]]]]] = WeakKeyDictionary()


def start(app: Sphinx) -> None:
    """As the configuration is read, in a first build: start converting the bibliography."""
    if (Path(app.doctreedir) / ENV_PICKLE_FILENAME).is_file():
        return
    texts = bib_texts(app)
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(items_of, texts)
    pool.shutdown(wait=False)  # the thread ends with the conversion
    _converting[app] = (texts_digest(texts), future)


def hand_over(app: Sphinx, env: BuildEnvironment | None, *args: object) -> None:
    """Before reading (and before any process is forked): give the environment the items, if they were made."""
    if app not in _converting:
        return
    digest, future = _converting.pop(app)
    try:
        items = future.result()
    except Exception:  # noqa: BLE001 (converted again when needed, which reports it)
        return
    data = env_data(env) if env is not None else None
    if data is not None and data.csl_items_digest != digest:
        data.csl_items, data.csl_items_digest = items, digest


def finish(app: Sphinx, exception: BaseException | None) -> None:
    """At the end of a build that stopped before reading: wait for the conversion."""
    hand_over(app, None)
