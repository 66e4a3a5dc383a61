"""The site model: which articles are published, their URLs, taxonomies and related lists."""
