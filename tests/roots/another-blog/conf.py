"""Another blog: only sphinx_citable_blog added to a plain ABlog site, with Sphinx's default theme."""

project = "A Garden Notebook"
author = "Example Allotment Society"
extensions = ["myst_parser", "ablog", "sphinxcontrib.bibtex", "sphinx_citable_blog"]
html_baseurl = "https://garden.example.org/"
blog_title = "A Garden Notebook"
blog_baseurl = html_baseurl
blog_path = "notes"
blog_post_pattern = "posts/*/*/*.md"
bibtex_bibfiles = ["works.bib"]
exclude_patterns = ["_build"]
