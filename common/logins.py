"""Failed admin logins, counted so that a client cannot dodge the count (on top of django-axes).

Two limits. Five failures for one username from one address lock that pair out for 15 minutes, as
django-axes does. And an account that fails twenty times within an hour, from any addresses, is
refused from every address it has not logged in from in the last 90 days, until its failures of
the past hour fall below twenty: rotating addresses then buys an attacker twenty guesses an hour,
not unlimited ones, while its owner still logs in from the office, whatever a stranger does.

The address of an attempt is the connection's, unless the connection comes from one of the proxies
named in `DJANGO_TRUSTED_PROXIES`: only then is the X-Forwarded-For entry that proxy appended
read, and so on for at most `DJANGO_TRUSTED_PROXY_COUNT` proxies. A client that reaches
gunicorn directly cannot choose its address with the header. The username is counted as the login
form reads it (" editor" and full-width letters are "editor").
"""

import functools
import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.base_user import AbstractBaseUser
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LOCAL = ipaddress.ip_address("127.0.0.1")


@functools.cache
def trusted_networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def parse_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def is_trusted_proxy(address) -> bool:
    return any(address in network for network in trusted_networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request) -> str | None:
    """The address a request comes from, read through the trusted proxies in front of the registry."""
    remote = request.META.get("REMOTE_ADDR") or ""
    # A connection through a Unix socket has no address: it comes from this machine.
    address = parse_address(remote) if remote else LOCAL
    if address is None:
        return None
    forwarded = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    for _proxy in range(settings.TRUSTED_PROXY_COUNT):
        if not forwarded or not is_trusted_proxy(address):
            break
        # The entry the proxy appended; a malformed one (no proxy writes that) leaves the proxy's
        # own address, so such attempts are all counted together rather than each apart.
        previous = parse_address(forwarded.pop())
        if previous is None:
            break
        address = previous
    return str(address)


def login_username(request, credentials: dict | None = None) -> str | None:
    """The username an attempt is counted under, normalised as the login form normalises it."""
    if credentials is not None:
        username = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        username = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None:
        return None
    return AbstractBaseUser.normalize_username(str(username).strip())


class LoginThrottle(AxesDatabaseHandler):
    """django-axes' database handler, with the per-account limit above."""

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self.is_account_throttled(request, credentials)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is not None and not request.axes_locked_out and self.is_account_throttled(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def remove_out_of_limit_failure_logs(self, *, username: str, limit: int | None = None) -> int:
        """Keep the newest failures of each username. django-axes' own version deletes the newest
        beyond its limit (its log is ordered newest first), so an account with a thousand old
        failures would forget every new one, and the account limit with it."""
        limit = settings.AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT if limit is None else limit
        failures = AccessFailureLog.objects.filter(username=username)
        newest = failures.order_by("-attempt_time", "-pk").values("pk")[:limit]
        deleted, _by_model = failures.exclude(pk__in=newest).delete()
        return deleted

    def is_account_throttled(self, request, credentials=None) -> bool:
        username = get_client_username(request, credentials)
        if not username:
            return False
        now = timezone.now()
        failures = AccessFailureLog.objects.filter(
            username=username, attempt_time__gte=now - settings.ACCOUNT_FAILURE_WINDOW
        ).count()
        if failures < settings.ACCOUNT_FAILURE_LIMIT:
            return False
        known_address = AccessLog.objects.filter(
            username=username,
            ip_address=request.axes_ip_address,
            attempt_time__gte=now - settings.ACCOUNT_KNOWN_ADDRESS_AGE,
        ).exists()
        request.account_throttled = not known_address
        return request.account_throttled


def login_locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows instead of the login form once an attempt is refused."""
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed logins"),
        "cool_off_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "account_throttled": getattr(request, "account_throttled", False),
        "account_window_minutes": int(settings.ACCOUNT_FAILURE_WINDOW.total_seconds() // 60),
    }
    return TemplateResponse(request, "common/login_locked_out.html", context, status=429).render()
