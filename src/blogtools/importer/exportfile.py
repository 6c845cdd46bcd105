"""Reading an export file with lxml, so that every problem can name its line.

lxml keeps each element's line (``sourceline``), which ElementTree does not,
and reports a malformed file with the line and column of the fault. The
parser never fetches anything (``no_network``) and never expands entities
declared in the file itself, so an export cannot make the import read other
files or reach the network.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from blogtools.importer import ImportProblem, Where


def parse(path: Path) -> etree._Element:
    """The root element of the XML file at *path*; raise ImportProblem, with the line, if it is not XML."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, strip_cdata=True)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportProblem([f"{path}: cannot be read: {exc.strerror}"]) from None
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        column = f", column {exc.position[1]}" if exc.position and exc.position[1] else ""
        message = exc.msg.split(", line ")[0]
        raise ImportProblem(
            [f"{path.name}:{line}: the export is not well-formed XML{column}: {message}; nothing was written"]
        ) from None


def where(path: Path, element: etree._Element) -> Where:
    """The place of *element* in *path*, for messages."""
    return Where(path, element.sourceline or 1)


def text(element: etree._Element | None) -> str:
    """The text of *element* (CDATA included), stripped; empty if there is no such element."""
    if element is None:
        return ""
    return "".join(element.itertext()).strip()
