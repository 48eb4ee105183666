"""GET /api/confirm?t=...: a page with a button; POST /api/confirm: confirms, once.

GET never confirms: mail scanners follow links in emails, and a signature they
"confirmed" would not be the person's (the UK Parliament site's known weakness).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from core import pages, runtime, web
from core.errors import InvalidToken, NotFound, Unavailable
from core.settings import Settings
from core.signatures import Signatures
from core.store import Store
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

# The token is in the URL: no Referer may carry it to another page, no cache keep it.
# same-origin, not no-referrer: the token stays off other sites, but Chromium sends
# "Origin: null" with a form posted from a no-referrer page, which the CSRF check refuses.
PRIVATE = {"Referrer-Policy": "same-origin", "X-Robots-Tag": "noindex"}
BAD_LINK = (
    "This confirmation link is not complete. Open it again from your email, or copy the "
    "whole link into your browser."
)


class _NoMail:
    def send(self, message: object) -> None:  # confirming never sends mail
        raise AssertionError("confirm sends no email")


def _button_page(title: str, token: str) -> str:
    body = f"""<h1>Confirm your signature</h1>
<p>You signed <strong>{pages.escape(title)}</strong>. Press the button to confirm it: your
signature counts once you do.</p>
<form class="confirm-form" method="post" action="/api/confirm">
<input type="hidden" name="t" value="{pages.escape(token)}">
<button class="button" type="submit">Confirm my signature</button>
</form>"""
    return pages.page("Confirm your signature", body)


def create_app(
    store: Store, settings: Settings, clock: Callable[[], float] = time.time
) -> Starlette:
    service = Signatures(store, _NoMail(), settings, clock=clock)

    def problem(
        status: int, title: str, text: str, headers: dict[str, str] | None = None
    ) -> Response:
        page = pages.message(title, text, ("/petitions/", "See all petitions"))
        return web.html_answer(page, status, {**PRIVATE, **(headers or {})})

    def busy(error: Unavailable) -> Response:
        # The link stays valid: nothing was confirmed, so pressing again later works.
        return problem(
            503,
            "Please try again",
            "We're very busy right now. Go back and press the button again in a moment.",
            {"Retry-After": str(max(1, error.retry_after))},
        )

    async def show(request: Request) -> Response:
        token = request.query_params.get("t", "")
        try:
            petition = await run_in_threadpool(service.check_link, token)
        except InvalidToken:
            return problem(400, "This link is not complete", BAD_LINK)
        except NotFound as error:
            return problem(404, "We can't find that petition", str(error))
        except Unavailable as error:
            return busy(error)
        return web.html_answer(_button_page(petition.title, token), 200, PRIVATE)

    async def confirm(request: Request) -> Response:
        if not web.same_origin(request, settings):
            return problem(403, "There is a problem", "Confirm from the page your email links to.")
        if web.media_type(request) != web.FORM:
            return problem(415, "There is a problem", "Confirm with the button on the page.")
        try:
            fields = web.parse_body(await web.read_body(request, 1024), web.FORM)
        except (web.BodyTooLarge, web.BadBody):
            return problem(400, "This link is not complete", BAD_LINK)
        token = fields.get("t")
        try:
            result = await run_in_threadpool(
                service.confirm, token if isinstance(token, str) else ""
            )
        except InvalidToken:
            return problem(400, "This link is not complete", BAD_LINK)
        except NotFound as error:
            return problem(404, "We can't find that petition", str(error))
        except Unavailable as error:
            return busy(error)
        petition = result.petition
        if result.outcome == "confirmed":
            return RedirectResponse(
                petition.confirmed_path, status_code=303, headers={**web.NO_STORE, **PRIVATE}
            )
        if result.outcome == "already":
            page = pages.message(
                "You have already confirmed your signature",
                f"Your signature on {petition.title} was already confirmed. It counts once.",
                (petition.path, "Back to the petition"),
            )
            return web.html_answer(page, 200, PRIVATE)
        return problem(
            404,
            "This link has expired",
            "We could not find a signature to confirm: unconfirmed signatures are deleted after "
            f"{settings.pending_days} days. Please sign again.",
        )

    return Starlette(
        routes=[
            Route("/api/confirm", show, methods=["GET"]),
            Route("/api/confirm", confirm, methods=["POST"]),
        ]
    )


handler = runtime.http(create_app)
