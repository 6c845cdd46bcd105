"""Plan every file an import writes, then write them all.

``plan`` reads nothing but the export and the site and writes nothing: it
works out each post's address, front matter and body, its comments, the
images to copy, and the additions to ``references.bib``, ``tags.yaml``,
``permalinks.txt`` and ``conf.py``, checks them, and returns them with the
report. Any problem stops it before a single file is written. ``apply`` then
writes the plan.

Decisions, and why:

* **tags.yaml.** The build stops on a tag with no description, and a
  description is the author's to write. A new tag or category gets the
  description the old blog gave it if the export has one, otherwise "Not
  described yet: ...", which is true, keeps ``make html`` passing, and shows
  on the tag's page until the author replaces it; a comment above the added
  lines and the report's "Next" steps point there. A name that would share a
  page with a listed one ("Ofsted" and "ofsted") is the listed one.
* **Authors and conf.py.** The build accepts only authors in ``blog_authors``.
  ``conf.py`` is read with ``ast``, never run or rewritten: the import appends
  one clearly marked ``blog_authors.update({...})`` block naming the new
  authors (with no web address, which is not in the export). If
  ``blog_authors`` is not a literal it can read, it writes nothing and the
  report says exactly what to add.
* **Comments** go to ``imported/comments/<slug>.md``, outside ``posts/``;
  ``conf.py`` excludes ``imported`` from the build, so they are never
  published.
* **Category and tags.** A post must have both. When the export gives a post
  none (Blogger has no categories), the import uses ``--category`` and
  ``--tags``, and stops, naming the posts, if they were not given: it never
  picks one.
* **Re-running.** A post whose file is already there is skipped (``--update``
  rewrites it); a work already in references.bib (same address) is cited by
  its key, not added again; tags, authors and permalinks already listed are
  not added again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup
from sphinx_citable_blog.authoring.topics import parse_topics, slugify

from blogtools.importer import Attachment, Comment, Export, ImportProblem, Post, Term
from blogtools.importer.addresses import fits, redirect_value, unique_slug
from blogtools.importer.citations import Citations, Source, bib_entry, cite, make_key
from blogtools.importer.convert import inline, parse_html, to_myst
from blogtools.importer.report import Report
from blogtools.importer.site import BIB_FILE, CONF_FILE, PERMALINKS_FILE, TOPICS_FILE, Site, authors_in

COMMENTS_DIR = "imported/comments"
UNTITLED_DIR = "imported/untitled"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff")
WP_SIZE = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")  # "photo-300x200.jpg", WordPress's resized copy of photo.jpg
UNDESCRIBED = {"tag": "Not described yet: a tag brought in from the old blog.",
               "category": "Not described yet: a category brought in from the old blog."}
REFERENCES = "## References\n\n```{bibliography}\n:filter: docname in docnames\n```\n"


@dataclass(frozen=True)
class FileWrite:
    """One file the import writes: *text*, or a copy of *copy_from*. *path* is relative to the site."""

    path: str
    text: str | None = None
    copy_from: Path | None = None


@dataclass
class Options:
    """What the author chose on the command line."""

    update: bool = False
    media: Path | None = None
    category: str = ""
    tags: str = ""
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class Plan:
    writes: list[FileWrite]
    report: Report


@dataclass
class Target:
    """Where one post of the export goes."""

    post: Post
    slug: str
    path: str  # posts/YYYY/MM/<slug>.md
    present: bool
    draft: bool


def split_names(text: str) -> list[str]:
    return list(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))


class Planner:
    """The state of one plan: the site as it was, and what the import adds to it so far."""

    def __init__(self, export: Export, site: Site, options: Options) -> None:
        self.export = export
        self.site = site
        self.options = options
        self.report = Report(export.path.name, export.platform, not_posts=dict(export.not_posts),
                             pages=list(export.pages), comments_not_kept=dict(export.comments_not_kept),
                             times_in_utc=export.times_in_utc)
        self.problems: list[str] = []
        self.writes: list[FileWrite] = []
        self.new_terms: dict[str, dict[str, str]] = {"tag": {}, "category": {}}
        self.new_authors: list[str] = []
        self.bib_entries: list[str] = []
        self.bib_keys = set(site.bib_keys)
        self.bib_urls = dict(site.bib_urls)
        self.redirects_taken = set(site.docnames) | set(site.redirects)
        self.new_permalinks: set[str] = set()
        self.used_attachments: set[str] = set()
        self.media_files = sorted(p for p in options.media.rglob("*") if p.is_file()) if options.media else []

    # -- names ------------------------------------------------------------------------------

    def terms(self, post: Post, kind: str, given: list[Term], default: str) -> list[str]:
        """The tags or categories of *post*, as listed in tags.yaml (new ones are added to it)."""
        names = []
        for term in given:
            name = " ".join(term.name.split())
            if not name or "," in name or not slugify(name):
                self.problems.append(f"{post.where}: {kind} {term.name!r} cannot be one of this site's: a name "
                                     "needs letters or digits and no comma")
                continue
            names.append(self.term(kind, name, term.description))
        if not names and default:
            names = [self.term(kind, name, "") for name in split_names(default)]
            self.report.defaults_used.append(f"{post.where}: no {kind} in the export, given {', '.join(names)}")
        if not names:
            option = "--category" if kind == "category" else "--tags"
            self.problems.append(f"{post.where}: the post {post.title!r} has no {kind} in the export, and a post "
                                 f"needs one: give it with {option} (make import: "
                                 f"{'CATEGORY' if kind == 'category' else 'TAGS'}=...)")
        return list(dict.fromkeys(names))

    def term(self, kind: str, name: str, description: str) -> str:
        listed = self.site.tag_for(kind, name)
        if listed is not None:
            if listed != name and (name, listed) not in self.report.terms_matched:
                self.report.terms_matched.append((name, listed))
            return listed
        new = self.new_terms[kind]
        same_page = next((known for known in new if slugify(known) == slugify(name)), None)
        if same_page is not None:
            return same_page
        new[name] = description or UNDESCRIBED[kind]
        return name

    def authors(self, post: Post) -> list[str]:
        names = [" ".join(name.split()) for name in post.authors if name.strip()]
        if not names:
            self.problems.append(f"{post.where}: the post {post.title!r} names no author, and a post needs one")
        for name in names:
            if "," in name:
                self.problems.append(f"{post.where}: author {name!r} has a comma, which would make it two authors")
            elif (self.site.authors is None or name not in self.site.authors) and name not in self.new_authors:
                self.new_authors.append(name)
        return names

    # -- addresses --------------------------------------------------------------------------

    def targets(self) -> list[Target]:
        """Where each titled post goes, in date order; untitled ones are kept aside."""
        taken = set(self.site.posts)
        targets = []
        for post in sorted(self.export.posts, key=lambda p: (p.date, p.source_id)):
            if not post.title:
                self.keep_untitled(post)
                continue
            slug, why = self.slug(post)
            folder = f"posts/{post.date:%Y}/{post.date:%m}"
            present = (self.site.root / folder / f"{slug}.md").exists()
            if not present:
                wanted, slug = slug, unique_slug(slug, taken)
                present = (self.site.root / folder / f"{slug}.md").exists()
                if slug != wanted:
                    why = f"another post has the slug {wanted!r}, so this one is {slug!r}"
            if why and not present:
                self.report.slugs_changed.append((f"{folder}/{slug}.md", why))
            taken.add(slug)
            future = not post.draft and post.date.date() > self.options.today
            targets.append(Target(post, slug, f"{folder}/{slug}.md", present, post.draft or future))
            if future:
                self.report.future_drafts.append(f"{folder}/{slug}.md")
        return targets

    def slug(self, post: Post) -> tuple[str, str]:
        """The old blog's slug if it fits this site's form, else the title's, else one from the post's number;
        and why the old one was not kept, if it was not."""
        old = post.old_slug
        if fits(old):
            return old, ""
        slug = slugify(post.title)
        if not fits(slug):
            digits = "".join(c for c in post.source_id.rsplit("post-", 1)[-1] if c.isdigit())
            slug = f"post-{digits or 'untitled'}"
        why = f"the old slug {unquote(old)!r} is not lower-case letters, digits and hyphens" if old else ""
        return slug, why

    def redirect(self, target: Target) -> str:
        """The post's redirect value, or "" (reported) when its old address cannot have one."""
        post = target.post
        if target.draft or not post.old_url:
            return ""
        own = {value for value, path in self.site.redirects.items() if path == self.site.root / target.path}
        value, why = redirect_value(post.old_url, self.redirects_taken - own)
        if not value:
            self.report.redirects_not_written.append((target.path, post.old_url, why))
            return ""
        self.redirects_taken.add(value)
        self.new_permalinks.add(f"{value}.html")
        self.report.redirects.append((target.path, value))
        return value

    # -- links, images and citations --------------------------------------------------------

    def link_finder(self, targets: list[Target]) -> Callable[[str], Target | None]:
        """A function giving the post of the export an address points to, if it is one."""
        by_path: dict[str, Target] = {}
        by_id: dict[str, Target] = {}
        hosts = {urlsplit(url).hostname for url in self.export.blog_urls} - {None}
        for target in targets:
            by_id[target.post.source_id] = target
            address = target.post.old_url
            if address:
                by_path[urlsplit(address).path.rstrip("/")] = target
                if urlsplit(address).hostname:
                    hosts.add(urlsplit(address).hostname)
        hosts = {host.removeprefix("www.") for host in hosts}

        def ours(host: str | None) -> bool:
            if not host:
                return True
            host = host.removeprefix("www.")
            return host in hosts or (self.export.platform == "blogger" and ".blogspot." in f".{host}")

        def find(href: str) -> Target | None:
            parts = urlsplit(href)
            if parts.scheme not in ("", "http", "https") or not ours(parts.hostname):
                return None
            post_id = parse_qs(parts.query).get("p", [""])[0]
            if post_id and post_id in by_id:
                return by_id[post_id]
            return by_path.get(parts.path.rstrip("/")) if parts.path.strip("/") else None

        return find

    def rewrite_links(self, soup: BeautifulSoup, target: Target, find: Callable[[str], Target | None]) -> None:
        base = self.export.blog_urls[0] if self.export.blog_urls else ""
        for link in soup.find_all("a", href=True):
            href = link["href"].strip()
            if href.startswith("//"):
                href = "https:" + href
            if base and not href.startswith("#") and not urlsplit(href).scheme:
                href = urljoin(base, href)
            link["href"] = href
            other = find(href)
            if other is None:
                continue
            if other.draft:
                self.report.links_to_drafts.append((target.path, href))
                continue
            link["data-post-label"] = f"post-{other.slug}"
            self.report.links_rewritten += 1

    def place_images(self, soup: BeautifulSoup, target: Target) -> None:
        """Copy each image the export's attachments provide next to the post; mark the others missing."""
        for link in soup.find_all("a", href=True):
            images = link.find_all("img")
            if len(images) == 1 and not link.get_text().strip() and \
                    urlsplit(link["href"]).path.lower().endswith(IMAGE_SUFFIXES):
                link.unwrap()  # a thumbnail linking to the full-size image: the image alone
        names: set[str] = set()
        for image in soup.find_all("img"):
            src = image.get("src", "").strip()
            if src.startswith("//"):
                src = "https:" + src
            local = self.local_file(src)
            if local is None:
                image["data-missing"] = src
                self.report.images_missing.append((target.path, src))
                continue
            name = unique_slug(safe_file_name(local.name), names)
            new = f"{target.path.removesuffix('.md')}/{name}"
            self.writes.append(FileWrite(new, copy_from=local))
            image["src"] = f"{target.slug}/{name}"
            self.report.images_copied.append((target.path, src, new))

    def local_file(self, src: str) -> Path | None:
        """The file in the media folder that is the image at *src*, if the export's attachments have it."""
        if not src.startswith(("http://", "https://")):
            return None
        path = unquote(urlsplit(src).path)
        attachment = self.attachment(src)
        candidates = []
        if attachment is not None:
            self.used_attachments.add(attachment.url)
            if attachment.upload_path:
                candidates.append(attachment.upload_path)
            path = unquote(urlsplit(attachment.url).path)
        elif self.export.platform == "wordpress":
            return None  # not one of the blog's uploads
        for marker in ("/wp-content/uploads/", "/files/"):
            if marker in path:
                candidates.append(path.split(marker, 1)[1])
        candidates.append(path.lstrip("/"))
        media = self.options.media
        if media is None:
            return None
        for candidate in candidates:
            file = (media / candidate).resolve()
            if file.is_file() and file.is_relative_to(media.resolve()):
                return file
        same_name = [p for p in self.media_files if p.name == path.rsplit("/", 1)[-1]]
        return same_name[0] if len(same_name) == 1 else None

    def attachment(self, src: str) -> Attachment | None:
        def key(url: str) -> str:
            parts = urlsplit(url.strip())
            return f"{(parts.hostname or '').removeprefix('www.')}{parts.path}"

        wanted = {key(src), WP_SIZE.sub("", key(src))}
        return next((a for a in self.export.attachments if key(a.url) in wanted), None)

    def key_for(self, post: Post) -> Callable[[Source], str]:
        """The references.bib key of each work *post* cites: the existing entry's, or a new one's."""

        def key(source: Source) -> str:
            url = source.url.strip()
            if url in self.bib_urls:
                if url in self.site.bib_urls and self.site.bib_urls[url] not in self.report.bib_reused:
                    self.report.bib_reused.append(self.site.bib_urls[url])
                return self.bib_urls[url]
            new = make_key(source, post.date.year, self.bib_keys)
            self.bib_urls[url] = new
            self.bib_entries.append(bib_entry(new, source, f"{post.date:%Y-%m-%d}"))
            self.report.bib_added.append(new)
            return new

        return key

    # -- files ------------------------------------------------------------------------------

    def post_text(self, target: Target, find: Callable[[str], Target | None]) -> str:
        post = target.post
        front = {
            "date": f"{post.date:%Y-%m-%d %H:%M}",
            "author": ", ".join(self.authors(post)),
            "category": ", ".join(self.terms(post, "category", post.categories, self.options.category)),
            "tags": ", ".join(self.terms(post, "tag", post.tags, self.options.tags)),
        }
        if target.draft:
            front["draft"] = "true"
        redirect = self.redirect(target)
        if redirect:
            front["redirect"] = redirect
        soup = parse_html(post.html, autop=post.autop, line_breaks=post.line_breaks)
        self.rewrite_links(soup, target, find)
        self.place_images(soup, target)
        found: Citations = cite(soup, self.key_for(post))
        self.report.citations += sum(1 for _ in soup.find_all("cite-ref"))
        self.report.unmatched_markers += [(target.path, marker) for marker in found.unmatched]
        self.report.uncited_entries += [(target.path, number) for number in found.uncited]
        body = to_myst(soup).strip()
        text = "---\n" + "".join(f"{key}: {yaml_value(value)}\n" for key, value in front.items()) + "---\n\n"
        text += f"# {inline(post.title)}\n\n" + (body + "\n\n" if body else "")
        return text + (REFERENCES if found.cited else "")

    def comments_text(self, target: Target, comments: list[Comment]) -> str:
        lines = [f"# Comments on “{target.post.title}”", "",
                 (f"Kept from the old blog's export ({self.export.path.name}) for you to decide what to do with "
                 f"them: nothing under imported/ is published. The post is {target.path}."), ""]
        for n, comment in enumerate(sorted(comments, key=lambda c: (c.date or dt.datetime.min)), 1):
            when = f", {comment.date:%Y-%m-%d %H:%M}" if comment.date else ""
            lines += [f"## {n}. {inline(comment.author or 'Anonymous')}{when}", "",
                      f"Status: {comment.status}." + (f" Website: <{comment.url}>" if comment.url.startswith(
                          ("http://", "https://")) else ""), ""]
            lines += [to_myst(parse_html(comment.html, autop=self.export.platform == "wordpress")).strip(), ""]
        return "\n".join(lines)

    def keep_untitled(self, post: Post) -> None:
        number = "".join(c for c in post.source_id.rsplit("post-", 1)[-1] if c.isdigit()) or "0"
        path = f"{UNTITLED_DIR}/{post.date:%Y-%m-%d}-{number}.md"
        if (self.site.root / path).exists() and not self.options.update:
            return
        facts = [f"date: {post.date:%Y-%m-%d %H:%M}", f"author: {', '.join(post.authors)}",
                 f"categories: {', '.join(t.name for t in post.categories)}",
                 f"tags: {', '.join(t.name for t in post.tags)}", f"old address: {post.old_url or 'none'}",
                 f"draft: {'yes' if post.draft else 'no'}"]
        text = (f"% An untitled post from {self.export.path.name} (line {post.where.line}): give it a title and\n"
                "% front matter, then move it into posts/YYYY/MM/.\n" + "".join(f"% {fact}\n" for fact in facts)
                + "\n" + to_myst(parse_html(post.html, autop=post.autop, line_breaks=post.line_breaks)))
        self.writes.append(FileWrite(path, text))
        self.report.untitled.append(path)

    def topics_text(self) -> str | None:
        """tags.yaml with the new tags and categories added at the end of their sections."""
        if not any(self.new_terms.values()):
            return None
        text = (self.site.root / TOPICS_FILE).read_text(encoding="utf-8")
        lines = text.splitlines()
        root = yaml.compose(text)
        inserts: list[tuple[int, list[str]]] = []
        for key_node, value_node in root.value:
            kind = {"tags": "tag", "categories": "category"}.get(key_node.value)
            if kind is None or not self.new_terms[kind]:
                continue
            if not isinstance(value_node, yaml.MappingNode) or value_node.flow_style or not value_node.value:
                self.problems.append(f"{TOPICS_FILE}:{key_node.start_mark.line + 1}: the import adds to "
                                     f"'{key_node.value}:' only when it lists one name a line")
                continue
            indent = " " * value_node.value[0][0].start_mark.column
            end = value_node.value[-1][1].end_mark
            at = end.line if end.column == 0 else end.line + 1
            added = [(f"{indent}# Added by `python -m blogtools import` from {self.export.path.name}: write a "
                     "one-line description of your own")]
            for name, description in self.new_terms[kind].items():
                added.append(indent + yaml.safe_dump({name: description}, allow_unicode=True, width=2**31).strip())
            inserts.append((at, added))
        for at, added in sorted(inserts, reverse=True):
            lines[at:at] = added
        new_text = "\n".join(lines) + "\n"
        topics, problems = parse_topics(new_text)
        missing = [n for k, names in self.new_terms.items() for n in names if n not in topics.of_kind(k)]
        if problems or missing:
            self.problems.append(f"{TOPICS_FILE}: adding {', '.join(missing) or 'the new names'} would break it "
                                 f"({problems[0].message if problems else 'not found after adding'}); add them "
                                 "by hand")
        self.report.tags_added = list(self.new_terms["tag"])
        self.report.categories_added = list(self.new_terms["category"])
        return new_text

    def conf_text(self) -> str | None:
        """conf.py with a block naming the new authors appended, or None (and the report says what to add)."""
        if not self.new_authors:
            return None
        if self.site.authors is None:
            self.report.authors_to_add = list(self.new_authors)
            return None
        text = (self.site.root / CONF_FILE).read_text(encoding="utf-8")
        block = (f"\n\n# Authors of the posts brought in by `python -m blogtools import` from {self.export.path.name}:\n"
                 "# the build accepts only authors listed in blog_authors. Replace None with the\n"
                 "# address of a page about the author, if there is one.\n"
                 "blog_authors.update({\n"
                 + "".join(f"    {python_str(name)}: ({python_str(name)}, None),\n" for name in self.new_authors) + "})\n")
        new_text = text.rstrip("\n") + block
        if not set(self.new_authors) <= (authors_in(new_text) or set()):
            self.report.authors_to_add = list(self.new_authors)
            return None
        self.report.authors_added = list(self.new_authors)
        return new_text

    def bib_text(self) -> str | None:
        if not self.bib_entries:
            return None
        text = (self.site.root / BIB_FILE).read_text(encoding="utf-8")
        return text.rstrip("\n") + "\n\n" + "\n".join(self.bib_entries)

    def permalinks_text(self) -> str | None:
        if not self.new_permalinks - set(self.site.permalinks):
            return None
        return "".join(f"{entry}\n" for entry in sorted(set(self.site.permalinks) | self.new_permalinks))


def python_str(text: str) -> str:
    """*text* as a Python string literal in double quotes, as conf.py writes them."""
    return json.dumps(text, ensure_ascii=False)


def yaml_value(value: str) -> str:
    """*value* as it reads in front matter: plain when YAML reads it back unchanged, else quoted."""
    try:
        if yaml.safe_load(f"k: {value}") == {"k": value}:
            return value
    except yaml.YAMLError:
        pass
    return yaml.safe_dump(value, allow_unicode=True, width=2**31).strip().removesuffix("...").strip()


def safe_file_name(name: str) -> str:
    """*name* as a file name any web server serves: lower-case letters, digits and hyphens, and its suffix."""
    stem, dot, suffix = unquote(name).rpartition(".")
    if not dot:
        stem, suffix = suffix, ""
    slug = slugify(stem).encode("ascii", "ignore").decode() or "image"
    return f"{slug}.{suffix.lower()}" if suffix else slug


def plan(export: Export, site: Site, options: Options) -> Plan:
    """Every file the import of *export* into *site* writes, and its report; ImportProblem if it cannot."""
    planner = Planner(export, site, options)
    report = planner.report
    targets = planner.targets()
    find = planner.link_finder(targets)
    comments: dict[str, list[Comment]] = {}
    for comment in export.comments:
        comments.setdefault(comment.post_id, []).append(comment)
    for target in targets:
        if target.present and not options.update:
            report.skipped.append(target.path)
            continue
        planner.writes.append(FileWrite(target.path, planner.post_text(target, find)))
        report.written.append(target.path)
        if target.present:
            report.updated.append(target.path)
        if target.draft:
            report.drafts.append(target.path)
        kept = comments.get(target.post.source_id, [])
        if kept:
            path = f"{COMMENTS_DIR}/{target.slug}.md"
            planner.writes.append(FileWrite(path, planner.comments_text(target, kept)))
            report.comment_files.append(path)
            report.comments_kept += len(kept)
    for path, text in [(TOPICS_FILE, planner.topics_text()), (CONF_FILE, planner.conf_text()),
                       (BIB_FILE, planner.bib_text()), (PERMALINKS_FILE, planner.permalinks_text())]:
        if text is not None:
            planner.writes.append(FileWrite(path, text))
    report.attachments_unused = [a.url for a in export.attachments if a.url not in planner.used_attachments]
    if planner.problems:
        raise ImportProblem([*dict.fromkeys(planner.problems), "nothing was written"])
    return Plan(planner.writes, report)


def apply(plan: Plan, root: Path) -> None:
    """Write every file of *plan* under *root*, each through a temporary file so none is left half-written."""
    for write in plan.writes:
        path = root / write.path
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.importing")
        if write.copy_from is not None:
            shutil.copyfile(write.copy_from, temporary)
        else:
            temporary.write_text(write.text or "", encoding="utf-8")
        os.replace(temporary, path)
