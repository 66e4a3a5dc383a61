"""Pelican's copy of the benchmark site: the same pages as sitegen builds.

The harness fills in the theme and plugin folders and writes this file into the
generated site; PATH is relative to it.
"""

SITENAME = "Bench Review"
SITEURL = "http://localhost:8000"
FEED_DOMAIN = SITEURL
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "@THEME@"
THEME_STATIC_DIR = "static"
PLUGIN_PATHS = ["@PLUGINS@"]
PLUGINS = ["related_tags"]
RELATED_COUNT = 4

ARTICLE_PATHS = ["articles"]
PAGE_PATHS = []
STATIC_PATHS = []
ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
CATEGORY_URL = "sections/{slug}/"
CATEGORY_SAVE_AS = "sections/{slug}/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
TAGS_SAVE_AS = "tags/index.html"
CATEGORIES_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags"]
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "author": None}
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

FEED_ATOM = "feed.xml"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = "authors/{slug}/feed.xml"
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = "tags/{slug}/feed.xml"
FEED_MAX_ITEMS = 20

# Pelican has neither a sitemap, a JSON Feed, a search page nor robots.txt:
# plain templates give the same files.
TEMPLATE_PAGES = {
    "_templates/sitemap.xml": "sitemap.xml",
    "_templates/feed.json": "feed.json",
    "_templates/search.html": "search/index.html",
    "_templates/search.json": "search/index.json",
    "_templates/404.html": "404.html",
    "_templates/robots.txt": "robots.txt",
}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}
