"""``python -m blogtools import blogger|wordpress EXPORT.xml``: read, plan, then write, and report."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from blogtools.importer import Export, ImportProblem, blogger, wordpress
from blogtools.importer.report import Report
from blogtools.importer.site import read_site
from blogtools.importer.writer import Options, apply, plan


def read_export(platform: str, path: Path, time_zone: str = "") -> Export:
    """The export at *path*, read as *platform* ("blogger" or "wordpress")."""
    if platform == "wordpress":
        return wordpress.read(path)
    zone = None
    if time_zone:
        try:
            zone = ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ImportProblem([(f"--time-zone {time_zone!r} is not a time zone: use a name such as "
                                 "Europe/London")]) from None
    return blogger.read(path, zone)


def run_import(platform: str, path: Path, root: Path, options: Options, time_zone: str = "") -> Report:
    """Import the export at *path* into the site at *root*; raise ImportProblem, writing nothing, if it cannot."""
    if options.media is not None and not options.media.is_dir():
        raise ImportProblem([f"--media {options.media}: no such folder"])
    export = read_export(platform, path, time_zone)
    result = plan(export, read_site(root), options)
    apply(result, root)
    return result.report
