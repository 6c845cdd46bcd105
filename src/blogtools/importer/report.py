"""What an import did, and what the author must do next, as the command prints it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Report:
    """Everything an import wrote, left out or could not do; lists hold site-relative paths."""

    export: str
    platform: str
    written: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already present
    drafts: list[str] = field(default_factory=list)
    future_drafts: list[str] = field(default_factory=list)  # published, but dated after today
    untitled: list[str] = field(default_factory=list)  # kept outside posts/: a post needs a title
    not_posts: dict[str, int] = field(default_factory=dict)
    pages: list[tuple[str, str]] = field(default_factory=list)
    comments_kept: int = 0
    comment_files: list[str] = field(default_factory=list)
    comments_not_kept: dict[str, int] = field(default_factory=dict)
    images_copied: list[tuple[str, str, str]] = field(default_factory=list)  # post, old address, new file
    images_missing: list[tuple[str, str]] = field(default_factory=list)  # post, old address
    attachments_unused: list[str] = field(default_factory=list)
    links_rewritten: int = 0
    links_to_drafts: list[tuple[str, str]] = field(default_factory=list)
    citations: int = 0
    bib_added: list[str] = field(default_factory=list)
    bib_reused: list[str] = field(default_factory=list)
    unmatched_markers: list[tuple[str, str]] = field(default_factory=list)
    uncited_entries: list[tuple[str, int]] = field(default_factory=list)
    redirects: list[tuple[str, str]] = field(default_factory=list)  # post, value
    redirects_not_written: list[tuple[str, str, str]] = field(default_factory=list)  # post, old address, why
    slugs_changed: list[tuple[str, str]] = field(default_factory=list)  # post, why
    tags_added: list[str] = field(default_factory=list)
    categories_added: list[str] = field(default_factory=list)
    terms_matched: list[tuple[str, str]] = field(default_factory=list)  # export's name, listed name
    defaults_used: list[str] = field(default_factory=list)
    authors_added: list[str] = field(default_factory=list)
    authors_to_add: list[str] = field(default_factory=list)
    times_in_utc: bool = False

    def lines(self) -> list[str]:
        """The report, line by line."""
        count = sum(self.not_posts.values())
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.not_posts.items()))
        out = [
            f"Imported {self.export} ({self.platform}):",
            f"  posts written: {len(self.written)}" + (f" (rewritten: {len(self.updated)})" if self.updated else ""),
            *[f"    {path}" for path in self.written],
            f"  posts skipped, already present: {len(self.skipped)}" + (" (--update rewrites them)"
                                                                     if self.skipped else ""),
            *[f"    {path}" for path in self.skipped],
            f"  drafts (draft: true): {len(self.drafts)}",
            *[f"    {path}" for path in self.drafts],
        ]
        out += [f"    {path}: published but dated after today, so kept as a draft" for path in self.future_drafts]
        out += [f"  untitled posts kept outside posts/ (a post needs a title): {len(self.untitled)}",
                *[f"    {path}" for path in self.untitled]] if self.untitled else []
        out += [f"  not posts, left out: {count}" + (f" ({kinds})" if kinds else "")]
        out += [f"    page {title!r}: {url or 'no address'}" for title, url in self.pages]
        not_kept = ", ".join(f"{n} {why}" for why, n in sorted(self.comments_not_kept.items()))
        out += [f"  comments kept: {self.comments_kept}, in {len(self.comment_files)} files under imported/comments/"
                " (never published)" + (f"; not kept: {not_kept}" if not_kept else "")]
        out += [f"  images copied: {len(self.images_copied)}",
                *[f"    {old} -> {new}" for _, old, new in self.images_copied]]
        out += [(f"  images missing (not in the export's attachments; shown as links to their old address): "
                f"{len(self.images_missing)}"), *[f"    {post}: {old}" for post, old in self.images_missing]]
        if self.attachments_unused:
            out += [f"  attachments shown in no imported post: {len(self.attachments_unused)}",
                    *[f"    {url}" for url in self.attachments_unused]]
        out += [f"  links to other posts rewritten: {self.links_rewritten}"]
        out += [f"    {post}: link to a draft left as it was: {href}" for post, href in self.links_to_drafts]
        out += [f"  citations made: {self.citations}; references.bib entries added: {len(self.bib_added)}"
                + (f", reused: {len(self.bib_reused)}" if self.bib_reused else ""),
                *[f"    @{key}" for key in self.bib_added]]
        out += [f"  unmatched markers, left as text: {len(self.unmatched_markers)}",
                *[f"    {post}: {marker}" for post, marker in self.unmatched_markers]]
        out += [f"    {post}: entry [{n}] of its reference list is cited nowhere, so it stays in the post"
                for post, n in self.uncited_entries]
        out += [f"  redirects written: {len(self.redirects)}",
                *[f"    {value}.html -> {post}" for post, value in self.redirects]]
        out += [f"  old addresses not redirected: {len(self.redirects_not_written)}",
                *[f"    {old} ({post}): {why}" for post, old, why in self.redirects_not_written]]
        out += [f"    {post}: {why}" for post, why in self.slugs_changed]
        out += [f"  tags added to tags.yaml: {len(self.tags_added)}" + self._names(self.tags_added),
                f"  categories added to tags.yaml: {len(self.categories_added)}" + self._names(self.categories_added)]
        out += [f"    {name!r} is the listed {listed!r}" for name, listed in self.terms_matched]
        out += [f"    {line}" for line in self.defaults_used]
        out += [f"  authors added to blog_authors in conf.py: {len(self.authors_added)}"
                + self._names(self.authors_added)]
        if self.times_in_utc:
            out += [("  times are in UTC, as the export gives them: give --time-zone (e.g. Europe/London) to have "
                    "them in the blog's own time")]
        return out + self.next_steps()

    @staticmethod
    def _names(names: list[str]) -> str:
        return f" ({', '.join(names)})" if names else ""

    def next_steps(self) -> list[str]:
        """What the author must do now, in order."""
        steps = []
        if self.tags_added or self.categories_added:
            steps.append("describe each new tag and category in tags.yaml in one line of your own: the import wrote "
                         "'Not described yet' so that the site builds, and that text shows on their pages")
        if self.authors_added:
            steps.append("check the block the import added at the end of conf.py (blog_authors)")
        if self.authors_to_add:
            names = ", ".join(f'"{name}": ("{name}", None)' for name in self.authors_to_add)
            steps.append(f"add to blog_authors in conf.py: {names}")
        if self.comment_files:
            steps.append("read the comments in imported/comments/ and decide what to keep; they are not published")
        if self.untitled:
            steps.append("give the untitled posts in imported/untitled/ a title, then move them into posts/")
        if self.images_missing:
            steps.append("find the missing images (addresses above), put each next to its post and replace the "
                         "link with ![description](file); or run again with --media pointing at the old uploads")
        if self.unmatched_markers or self.uncited_entries:
            steps.append("cite by hand the works behind the unmatched markers and the uncited entries")
        if self.written:
            steps.append("read the imported posts, then run `make permalinks` to list their addresses and "
                         "`make html` to build the site")
        if not steps:
            steps.append("nothing: no post was written")
        return ["Next:", *[f"  {i}. {step}" for i, step in enumerate(steps, 1)]]
