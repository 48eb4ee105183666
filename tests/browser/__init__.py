"""Browser tests: real headless Chromium against the built site and the local server."""
