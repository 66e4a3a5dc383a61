"""Link checking for ``sitegen check``: anchors in produced pages, external URLs.

Sits on top of the pipeline, like ``check.py`` beside it: it reads what a build would
write (``build.prepare()``) and never writes anything itself.
"""
