"""Production settings: pelicanconf.py with absolute URLs and a clean output."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITE_URL", "https://www.labourleft.org").rstrip("/")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False
PETITION_COUNTS_FILE = os.environ.get("PETITION_COUNTS_FILE") or None
