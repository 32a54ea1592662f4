"""The language of the admin: each member of staff's own choice, kept between sessions.

Public pages take their language from the address (/fa/, /ar/). The admin has one address in every
language, so it speaks the language its user chose (`StaffPreferences`), else the one of the
language cookie (set by the same switch, for the login page), else `ADMIN_LANGUAGE` (the office's
language: `DJANGO_ADMIN_LANGUAGE`, Persian by default). Persian and Arabic pages are laid out right
to left by the admin itself.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import StaffPreferences

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
# The user's choice is read once, when they log in, and kept in their session ("" for none).
SESSION_KEY = "admin_language"


def chosen_language(user) -> str:
    return StaffPreferences.objects.filter(user=user).values_list("admin_language", flat=True).first() or ""


def remember_on_login(sender, request, user, **kwargs):
    """Connected to user_logged_in: so that no admin page needs a query of its own to know it."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = chosen_language(user)


def admin_language(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        if SESSION_KEY not in request.session:  # a session from before the choice was remembered
            request.session[SESSION_KEY] = chosen_language(user)
        if request.session[SESSION_KEY] in LANGUAGE_CODES:
            return request.session[SESSION_KEY]
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return cookie if cookie in LANGUAGE_CODES else settings.ADMIN_LANGUAGE


class AdminLanguageMiddleware:
    """For the admin's addresses, the language of `admin_language()` instead of LocaleMiddleware's guess."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(reverse("admin:index")):
            language = admin_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


@require_POST
def choose_admin_language(request):
    """The switch on every admin page: remember the language for this user (or, before logging in,
    this browser), then go back to the page."""
    language = request.POST.get("language")
    if language not in LANGUAGE_CODES:
        return HttpResponseBadRequest("Unknown language.")
    if request.user.is_authenticated and request.user.is_staff:
        StaffPreferences.objects.update_or_create(user=request.user, defaults={"admin_language": language})
        request.session[SESSION_KEY] = language
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("admin:index")
    response = HttpResponseRedirect(back)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
