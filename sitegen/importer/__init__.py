"""``sitegen import``: move a site from another generator, losing nothing.

Each importer reads its source (a Hugo site, a WordPress export) into an
:class:`~sitegen.importer.model.ImportedSite`: articles as front matter and
markdown, files to copy, site.yaml, and every old URL of each article. The
writer (``importer/write.py``) then turns that into a sitegen site in one step:
it asks sitegen's own URL rules where each article now lives, keeps every old
URL that differs as an ``alias``, and writes ``import-report.txt``. The source
formats are the importers' business; what a sitegen site is, is the writer's.
"""
