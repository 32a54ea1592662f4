import logging

from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, QueryDict, UnreadablePostError
from django.urls import get_resolver, get_urlconf
from django.utils.deprecation import MiddlewareMixin
from django.utils.log import log_response

# Only these bodies are parsed into request.POST; any other body is left unread for the view.
FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


class RefuseOversizedRequests(MiddlewareMixin):
    """Middleware: a query or form past Django's DATA_UPLOAD_* limits gets the site's 400 page.

    Django raises TooManyFieldsSent, RequestDataTooBig or TooManyFilesSent wherever the data is
    first read: a 400 with DEBUG off. With DEBUG on, the debug page shown instead reads request.GET,
    raises again, and a query of too many fields ends in a 500. Read here, before any other
    process_view (CsrfViewMiddleware's reads request.POST), the data is refused alike in both modes.
    Refused in process_view rather than __call__, the 400 still passes back through the other
    middleware and carries the site's security headers.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            request.GET  # noqa: B018 (read for its parsing)
        except TooManyFieldsSent as exc:
            # Anything that reads the query again, an error page included, finds it empty.
            request.GET = QueryDict()
            return refused(request, exc)
        if request.method != "POST" or request.content_type not in FORM_CONTENT_TYPES:
            return None
        try:
            request.POST  # noqa: B018 (read for its parsing)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as exc:
            # What Django's own handler does, so that the form is not parsed again.
            request._mark_post_parse_error()
            return refused(request, exc)
        except BadRequest as exc:
            # A form in another charset than UTF-8: the debug page would parse it again, and fail.
            request._mark_post_parse_error()
            return refused(request, exc, logger=logging.getLogger("django.request"), level="warning")
        except UnreadablePostError:
            # The client went away mid-body; left to CsrfViewMiddleware, which answers 403, as before.
            pass
        return None


def refused(request: HttpRequest, exc: Exception, *, logger=None, level: str = "error") -> HttpResponse:
    response = get_resolver(get_urlconf()).resolve_error_handler(400)(request, exception=exc)
    # Logged as django.core.handlers.exception logs a SuspiciousOperation (or a BadRequest).
    log_response(
        str(exc),
        exception=exc,
        request=request,
        response=response,
        level=level,
        logger=logger or logging.getLogger(f"django.security.{exc.__class__.__name__}"),
    )
    return response
