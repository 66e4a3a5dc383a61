"""sitegen: a static site generator for news-analysis blogs."""

__version__ = "0.1.0"
