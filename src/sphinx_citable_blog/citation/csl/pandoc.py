"""Run pandoc, the CSL processor: the binary the PyPI package pypandoc-binary installs.

pandoc's citeproc implements the Citation Style Language 1.0.2 and renders the
official styles as citeproc-js (Zotero's processor) does, but for the
differences listed in ``tests/data/csl-judge-differences.txt``. pandoc is
installed with the site's requirements (no system package, no download at
build time); ``CITABLE_BLOG_PANDOC`` names another binary.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BATCH = HERE / "batch.lua"


class PandocError(RuntimeError):
    """pandoc is missing, or failed."""


@cache
def pandoc_path() -> str:
    configured = os.environ.get("CITABLE_BLOG_PANDOC")
    if configured:
        return configured
    try:
        import pypandoc  # noqa: PLC0415 (only to find the binary it ships)
    except ImportError:
        raise PandocError("pandoc is missing: install the site's requirements (pypandoc-binary)") from None
    binary = Path(pypandoc.__file__).parent / "files" / "pandoc"
    if not binary.is_file():
        raise PandocError(f"pandoc is missing from {binary.parent}: reinstall pypandoc-binary")
    return str(binary)


def pandoc_identity() -> str:
    """The pandoc binary, as a rendering's digest names it: its path, size and time of change.

    Any other pandoc (another version, the same reinstalled) is another
    identity, so renderings kept from the last build are made again; asking
    the binary its version would start a process on every build.
    """
    path = pandoc_path()
    try:
        stat = os.stat(path)
    except OSError:
        return path
    return f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}"


def run(args: list[str], stdin: bytes | None = None) -> bytes:
    proc = subprocess.run([pandoc_path(), *args], input=stdin, capture_output=True, check=False)
    if proc.returncode != 0:
        raise PandocError(f"pandoc {' '.join(args[:2])} failed: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout


def run_batch(request: dict[str, Any]) -> dict[str, Any]:
    """Run ``batch.lua`` on *request* (see there) and return its response."""
    with tempfile.TemporaryDirectory(prefix="citable-blog-csl-") as tmp:
        request_path, response_path = Path(tmp) / "request.json", Path(tmp) / "response.json"
        request_path.write_text(json.dumps(request, ensure_ascii=False), encoding="utf-8")
        run(["lua", str(BATCH), str(request_path), str(response_path)])
        return json.loads(response_path.read_text(encoding="utf-8"))
