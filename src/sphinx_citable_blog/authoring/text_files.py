"""Read a writer's file as UTF-8, or say at which line it is not (a helper module, not an extension).

Posts, ``tags.yaml`` and ``references.bib`` must be UTF-8. A file saved in
another encoding (Latin-1, Windows-1252) made Python's decoder fail with
"'utf-8' codec can't decode byte 0xe9 in position 812", naming no file, inside
whichever extension read it first. :func:`read_utf8` raises :class:`NotUtf8`
instead, with the line of the first byte that is not UTF-8 and what to do.
Nothing here imports Sphinx.
"""

from __future__ import annotations

from pathlib import Path


class NotUtf8(ValueError):
    """A file is not UTF-8 text; ``line`` is where its first undecodable byte is."""

    def __init__(self, path: Path, line: int, byte: int) -> None:
        self.path, self.line = path, line
        super().__init__(
            f"this file is not UTF-8 text (byte 0x{byte:02x} on line {line} is not UTF-8): save it with the "
            "UTF-8 encoding (your editor's \"Save with encoding\" or \"Reopen with encoding\")"
        )


def read_utf8(path: Path, bom: bool = False) -> str:
    """The text of *path*; with *bom*, a byte-order mark at its start is dropped."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError as exc:
        raise NotUtf8(path, data.count(b"\n", 0, exc.start) + 1, data[exc.start]) from None
