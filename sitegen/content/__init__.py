"""The content stage: site directory → checked articles and files to copy.

``discover_sources`` reads ``content/`` (the stage's only I/O) and
``parse_article`` turns one source into an ``Article`` whose front matter
follows SPEC §3, reporting every problem at its file line.
"""

from sitegen.content.discover import discover_sources
from sitegen.content.frontmatter import parse_article

__all__ = ["discover_sources", "parse_article"]
