"""The manifest of permanent links, ``permalinks.txt``, and the check behind it.

``permalinks.txt`` lists, one a line and sorted, every address the site has
published: each page a reader may have linked to (posts, home, about, the
blog's listing pages) as ``path``, each feed as ``path``, and each anchor in a
post (headings, paragraphs, citations, reference-list entries) as
``path#anchor``. An entry may only disappear from the site if a redirect
covers it: a page at the old address that sends readers to a page that exists
(and has the anchor, for ``path#anchor``).

Run as a script (``make permalinks``) it builds the site in a temporary folder,
adds the entries that are new and reports (exit status 1) listed entries that
no longer resolve. It never removes an entry.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html

PROJECT = Path(__file__).resolve().parents[1]
MANIFEST = PROJECT / "permalinks.txt"
KEYS = PROJECT / "citation-keys.txt"  # the posts' permanent citation keys (citation.cite_this)
# Pages that are not content anyone cites: search, indexes, the 404 page and
# the (unpublished) drafts listing.
NOT_PERMANENT = {"search.html", "genindex.html", "404.html", "blog/drafts.html"}


def read_manifest(path: Path = MANIFEST) -> list[str]:
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_manifest(entries: Iterable[str], path: Path = MANIFEST) -> None:
    path.write_text("".join(f"{entry}\n" for entry in sorted(set(entries))), encoding="utf-8")


class Site:
    """A built site, read page by page as the check needs it."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self._parse = cache(self._parse_uncached)

    def _parse_uncached(self, path: str) -> lxml.html.HtmlElement | None:
        file = self.outdir / path
        if not file.is_file() or file.suffix != ".html":
            return None
        return lxml.html.parse(str(file)).getroot()

    def ids(self, path: str) -> set[str]:
        page = self._parse(path)
        return set() if page is None else set(page.xpath("//@id"))

    def redirect(self, path: str) -> str | None:
        """Where the page at *path* sends readers (a site path), if it is a redirect."""
        page = self._parse(path)
        if page is None:
            return None
        for meta in page.xpath("//meta[@http-equiv]"):
            if meta.get("http-equiv").lower() != "refresh":
                continue
            _, _, url = meta.get("content", "").partition("url=")
            if url and "://" not in url:
                return posixpath.normpath(posixpath.join(posixpath.dirname(path), url.strip()))
        return None

    def resolves(self, entry: str, hops: int = 0) -> bool:
        """Whether *entry* (``path`` or ``path#anchor``) still leads somewhere."""
        path, _, anchor = entry.partition("#")
        if not (self.outdir / path).is_file():
            return False
        target = self.redirect(path)
        if target is not None:
            return hops < 5 and self.resolves(f"{target}#{anchor}" if anchor else target, hops + 1)
        return not anchor or anchor in self.ids(path)

    def published(self) -> set[str]:
        """Every entry the built site publishes, as the manifest spells them."""
        entries: set[str] = set()
        for file in sorted(self.outdir.rglob("*")):
            path = file.relative_to(self.outdir).as_posix()
            if path.startswith("_") or path in NOT_PERMANENT:
                continue
            if file.name == "atom.xml":
                entries.add(path)
            elif file.suffix == ".html" and self.redirect(path) is None:
                entries.add(path)
                page = self._parse(path)
                if path.startswith("posts/") and page is not None:
                    entries |= {f"{path}#{i}" for i in page.xpath("//article//@id")}
        return entries


def missing_entries(outdir: Path, entries: Iterable[str]) -> list[str]:
    """The *entries* that no longer exist on the site at *outdir* and that no redirect covers."""
    site = Site(outdir)
    return [entry for entry in entries if not site.resolves(entry)]


def build_site(outdir: Path) -> subprocess.CompletedProcess[str]:
    """Build the site as ``make html`` does (every warning an error) into *outdir*."""
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "html"]
    cmd += ["-d", str(outdir.parent / "doctrees"), str(PROJECT), str(outdir)]
    # The published site: the default address, and no drafts.
    env = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS") and k != "DRAFTS"}
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)


def site_keys(outdir: Path) -> dict[str, str]:
    """The citation key of every post the site at *outdir* publishes, by docname (from its posts.bib)."""
    from pybtex.database import parse_file

    entries = parse_file(str(outdir / "posts.bib"), bib_format="bibtex").entries
    keys = {}
    for key, entry in entries.items():
        path = posixpath.splitext(urlsplit(entry.fields["url"]).path)[0]  # /en/latest/posts/2014/04/slug
        keys["posts/" + path.split("/posts/", 1)[1]] = key
    return keys


def record_keys(outdir: Path, keys_file: Path = KEYS) -> list[str]:
    """Add the keys of posts not yet in *keys_file* (``key docname`` lines; it keeps its comments); return them."""
    text = keys_file.read_text(encoding="utf-8") if keys_file.exists() else ""
    recorded = {line.split()[1] for line in text.splitlines() if line.strip() and not line.startswith("#")}
    new = sorted(f"{key} {docname}" for docname, key in site_keys(outdir).items() if docname not in recorded)
    if new:
        comments = [line for line in text.splitlines() if line.startswith("#")]
        entries = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
        keys_file.write_text("\n".join([*comments, *sorted([*entries, *new])]) + "\n", encoding="utf-8")
    return new


def update(outdir: Path, manifest: Path = MANIFEST) -> tuple[list[str], list[str]]:
    """Add the site's new entries to *manifest*; return (added, missing)."""
    listed = read_manifest(manifest)
    added = sorted(Site(outdir).published() - set(listed))
    write_manifest([*listed, *added], manifest)
    return added, missing_entries(outdir, listed)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        outdir = Path(tmp) / "html"
        build = build_site(outdir)
        if build.returncode != 0:
            sys.stderr.write(build.stderr)
            return build.returncode
        added, missing = update(outdir)
        keys = record_keys(outdir)
    name = MANIFEST.name
    print(f"{name}: {len(added)} new entries" + "".join(f"\n  + {entry}" for entry in added))
    print(f"{KEYS.name}: {len(keys)} new keys" + "".join(f"\n  + {entry}" for entry in keys))
    if missing:
        print(
            f"{name}: these published links no longer exist and no redirect covers them "
            "(restore them, or rename with a redirect; see README, 'Permanent links'):"
            + "".join(f"\n  - {entry}" for entry in missing),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
