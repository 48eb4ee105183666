"""The few whole pages the functions answer with, in the site's own look (its CSS)."""

from __future__ import annotations

from html import escape

__all__ = ["escape", "message", "page"]

CSS = "/theme/css/site.css"
SCRIPT = "/theme/js/sign.js"


def page(title: str, body: str, *, script: bool = False, home: str = "/") -> str:
    scripts = f'<script src="{SCRIPT}" defer></script>\n' if script else ""
    return f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{escape(title)} | Labour Left Alliance</title>
<link rel="stylesheet" href="{CSS}">
{scripts}</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<a class="site-name" href="{escape(home)}">Labour Left Alliance</a>
</header>
<main id="main" class="main">
{body}
</main>
</body>
</html>
"""


def message(title: str, text: str, link: tuple[str, str] | None = None) -> str:
    """A page that says one thing: a heading, a paragraph and perhaps a link onwards."""
    parts = [f"<h1>{escape(title)}</h1>", f"<p>{escape(text)}</p>"]
    if link:
        parts.append(f'<p><a href="{escape(link[0])}">{escape(link[1])}</a></p>')
    return page(title, "\n".join(parts))
