"""POST /api/petitions/{slug}/signatures: a plain HTML form or sign.js's JSON."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from core import pages, runtime, web
from core.errors import Closed, NotFound, RateLimited, Unavailable
from core.forms import render_signature_form
from core.mail import Mailer
from core.settings import Settings
from core.signatures import Signatures, TooQuick
from core.store import Store
from core.validation import as_values
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

THANKS = "Check your email: we've sent you a link to confirm your signature."
TOO_LARGE = "That form is too large to be a signature. Check what you entered and try again."
WRONG_TYPE = "Send the form as application/x-www-form-urlencoded or application/json."
CROSS_SITE = "This form can only be sent from our own site."
BUSY = "We're very busy right now. Your details are still here: please press Sign again."


def _form_page(
    request: Request,
    slug: str,
    title: str,
    values: Mapping[str, str],
    errors: Mapping[str, str],
) -> str:
    form = render_signature_form(
        slug=slug,
        title=title,
        action=request.url.path,
        values=values,
        errors=errors,
        all_constituencies=True,
    )
    body = f'<h1>{pages.escape(title)}</h1>\n<section id="sign">\n{form}\n</section>'
    return pages.page(f"There is a problem: {title}", body, script=True)


def create_app(
    store: Store, settings: Settings, mailer: Mailer, clock: Callable[[], float] = time.time
) -> Starlette:
    service = Signatures(store, mailer, settings, clock=clock)

    def refuse(
        as_json: bool, status: int, text: str, headers: Mapping[str, str] | None = None
    ) -> Response:
        if as_json:
            body: dict[str, object] = {"ok": False, "error": text}
            if status == 503:
                body["retry"] = True
            return web.json_answer(body, status, headers)
        title = "Please try again" if status in (429, 503) else "There is a problem"
        return web.html_answer(
            pages.message(title, text, ("/petitions/", "See all petitions")), status, headers
        )

    async def sign(request: Request) -> Response:
        slug = request.path_params["slug"]
        as_json = web.wants_json(request)
        if not web.same_origin(request, settings):
            return refuse(as_json, 403, CROSS_SITE)
        kind = web.media_type(request)
        if kind not in (web.FORM, web.JSON):
            return refuse(as_json, 415, WRONG_TYPE)
        try:
            values = as_values(
                web.parse_body(await web.read_body(request, settings.max_body_bytes), kind)
            )
        except web.BodyTooLarge:
            return refuse(as_json, 413, TOO_LARGE)
        except web.BadBody as error:
            return refuse(as_json, 400, str(error))
        ip = web.client_ip(request, settings)
        try:
            result = await run_in_threadpool(service.sign, slug, values, ip)
        except NotFound as error:
            return refuse(as_json, 404, str(error))
        except Closed as error:
            return refuse(as_json, 409, str(error))
        except (TooQuick, RateLimited, Unavailable) as error:
            status = 429 if isinstance(error, TooQuick | RateLimited) else 503
            retry = getattr(error, "retry_after", None)
            headers = {"Retry-After": str(max(1, retry))} if retry is not None else {}
            if as_json:
                return refuse(True, status, str(error) if status == 429 else BUSY, headers)
            message = str(error) if status == 429 else BUSY
            # Keep everything typed: the supporter only has to press Sign again. A cold
            # function may not have read the petition yet: the form needs only its slug.
            petition = service.petitions.cached(slug)
            title = petition.title if petition else "Sign the petition"
            page = _form_page(request, slug, title, values, {"form": message})
            return web.html_answer(page, status, headers)
        if result.errors:
            if as_json:
                return web.json_answer({"ok": False, "errors": result.errors}, 422)
            return web.html_answer(
                _form_page(request, slug, result.petition.title, values, result.errors), 422
            )
        if as_json:
            return web.json_answer(
                {"ok": True, "next": result.petition.thanks_path, "message": THANKS}, 202
            )
        return RedirectResponse(result.petition.thanks_path, status_code=303, headers=web.NO_STORE)

    return Starlette(routes=[Route("/api/petitions/{slug}/signatures", sign, methods=["POST"])])


handler = runtime.http(create_app, mail=True)
