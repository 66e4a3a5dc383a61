"""Render the site model through Jinja templates into output files."""
