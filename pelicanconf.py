"""Pelican settings for local builds; publishconf.py overrides a few for production."""

import sys
from pathlib import Path

HERE = Path(__file__).parent
# The form markup and consent wording live with the functions that receive
# them (functions/core), so the site and the API cannot drift apart.
sys.path.insert(0, str(HERE / "functions"))
# The plugins share their front-matter rules, so they import each other.
sys.path.insert(0, str(HERE / "plugins"))

AUTHOR = "Labour Left Alliance"
SITENAME = "Labour Left Alliance"
SITESUBTITLE = "For a democratic, transparent and socialist Labour left"
SITEURL = ""
CONTACT_EMAIL = "info@labourleft.org"
# Where the forms post. Same origin in every environment: the local server and
# CloudFront both route /api/* to the functions.
API_BASE = "/api"

PATH = "content"
THEME = "theme"
OUTPUT_PATH = "output"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
LOCALE = ("en_GB.UTF-8", "C.UTF-8", "C")
DEFAULT_DATE_FORMAT = "%-d %B %Y"

ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
PETITION_PATHS = ["petitions"]
AFFILIATES_FILE = "data/affiliates.yaml"
STATIC_PATHS = ["images"]
IGNORE_FILES = [".#*", "README.md"]
DEFAULT_CATEGORY = "News"
USE_FOLDER_AS_CATEGORY = False

ARTICLE_URL = "news/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "news/{date:%Y}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
INDEX_SAVE_AS = "news/index.html"
CATEGORY_URL = "news/category/{slug}/"
CATEGORY_SAVE_AS = "news/category/{slug}/index.html"
CATEGORIES_SAVE_AS = "news/categories/index.html"
TAG_URL = "news/tag/{slug}/"
TAG_SAVE_AS = "news/tag/{slug}/index.html"
TAGS_SAVE_AS = "news/tags/index.html"
AUTHOR_URL = "news/author/{slug}/"
AUTHOR_SAVE_AS = "news/author/{slug}/index.html"
AUTHORS_SAVE_AS = "news/authors/index.html"
ARCHIVES_SAVE_AS = "news/archive/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds are built locally too, so the link checker and the tests see them.
FEED_DOMAIN = "http://localhost:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
AUTHOR_FEED_ATOM = "feeds/author/{slug}.atom.xml"
AUTHOR_FEED_RSS = None
FEED_ALL_RSS = None
TRANSLATION_FEED_ATOM = None

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {
            "footnotes": {"BACKLINK_TEXT": "↩︎", "BACKLINK_TITLE": "Back to reference %d"},
        },
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.smarty": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["frontmatter", "petitions", "affiliates", "sitemap", "search"]

SITEMAP = {
    "format": "xml",
    "priorities": {"articles": 0.6, "indexes": 0.5, "pages": 0.7},
    "changefreqs": {"articles": "monthly", "indexes": "daily", "pages": "monthly"},
    # Pages only the people signing reach, and the page-not-found page.
    "exclude": [r"/thanks/$", r"/confirmed/$", r"/cancelled/$", r"^404\.html$", r"^drafts/"],
}

# Pagefind indexes the built site after every build (plugins/search).
SEARCH_ENABLED = True

# Counts shown with JavaScript off come from the last build: publish passes a
# JSON snapshot of the live counts here; without one, the imported counts.
PETITION_COUNTS_FILE = None

CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "mtime"
CACHE_PATH = "cache"
DELETE_OUTPUT_DIRECTORY = False

DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404"]
