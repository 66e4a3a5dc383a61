"""Files made from the whole Site besides HTML pages: feeds, sitemaps, robots.txt."""
