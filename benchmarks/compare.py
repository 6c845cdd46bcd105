"""Time the site's build at several commits, on the same machine in the same run.

Usage::

    .venv/bin/python benchmarks/compare.py [--posts 300] [--rounds 2] [--jobs N] COMMIT [COMMIT ...]

Each commit is checked out in its own git worktree, generates its own corpus
of --posts posts (with its own benchmarks/corpus.py, so the corpus carries that
commit's conf.py, extensions and templates), and is timed in the four
scenarios of bench.py: cold build, no change, one post edited, one post added.
The commits take turns, round after round, so a machine that slows down or
speeds up during the run affects them alike; the table printed at the end
holds the median of the rounds. This is how benchmarks/changes.md measures
what each change bought.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import SCENARIOS, SphinxSite, time_scenarios

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

# Run inside a worktree's benchmarks/ folder: write the corpus and say where the
# post to edit is and where the post to add goes.
PREPARE = """
import datetime as dt, json, sys
from pathlib import Path
import corpus
posts = corpus.generate(int(sys.argv[1]))
src = corpus.write_sphinx_site(posts, Path(sys.argv[2]))
if hasattr(corpus, "added_post"):
    extra = corpus.added_post(posts)
else:  # the corpus of commits before it
    extra = corpus.GeneratedPost("benchmark-added-post", "An added post", posts[-1].date + dt.timedelta(days=1),
                                 posts[0].category, posts[0].tags, posts[0].body, None)
added = corpus.write_sphinx_post(src, extra)
text = added.read_text(encoding="utf-8")
added.unlink()
print(json.dumps({"src": str(src), "victim": str(corpus.sphinx_post_path(src, posts[len(posts) // 2])),
                  "added": str(added), "added_text": text}))
"""


class Site:
    def __init__(self, commit: str, workdir: Path, posts: int, jobs: str | None) -> None:
        self.commit, self.jobs = commit, jobs
        self.tree = workdir / f"tree-{commit}"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--force", "--detach", str(self.tree), commit],
                       check=True, capture_output=True)
        out = subprocess.run([sys.executable, "-c", PREPARE, str(posts), str(workdir / f"site-{commit}")],
                             cwd=self.tree / "benchmarks", check=True, capture_output=True, text=True).stdout
        info = json.loads(out)
        self.src, self.victim, self.added = Path(info["src"]), Path(info["victim"]), Path(info["added"])
        self.added_text = info["added_text"]

    def round(self) -> dict[str, float]:
        def add_post() -> Path:
            self.added.parent.mkdir(parents=True, exist_ok=True)
            self.added.write_text(self.added_text, encoding="utf-8")
            return self.added

        # A commit with the blog machinery as a package builds with its own (not the one installed).
        package = self.tree / "src"
        env = {"PYTHONPATH": str(package)} if package.is_dir() else None
        times = time_scenarios(SphinxSite(self.src, self.jobs, env), self.victim, add_post)
        return {scenario: sample.wall for scenario, sample in times.items()}

    def remove(self) -> None:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(self.tree)], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("commits", nargs="+")
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jobs", default=None, help="sphinx-build -j JOBS (default: serial, which every commit can do)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="compare-") as tmp:
        sites = [Site(commit, Path(tmp), args.posts, args.jobs) for commit in args.commits]
        try:
            times: dict[str, list[dict[str, float]]] = {site.commit: [] for site in sites}
            for n in range(args.rounds):
                for site in sites:
                    times[site.commit].append(site.round())
                    print(f"round {n + 1}: {site.commit} "
                          + ", ".join(f"{k} {v:.2f} s" for k, v in times[site.commit][-1].items()), flush=True)
        finally:
            for site in sites:
                site.remove()
    print(f"\n{args.posts} posts, median of {args.rounds} rounds (s)\n")
    print("| commit | " + " | ".join(SCENARIOS) + " |")
    print("|---|" + "---:|" * len(SCENARIOS))
    for commit, rounds in times.items():
        cells = [f"{statistics.median(r[k] for r in rounds):.2f}" for k in SCENARIOS]
        print(f"| {commit} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
