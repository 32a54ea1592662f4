"""Settings for the artisan and exhibition registry, read from the environment.

Development (`make run`) sets DJANGO_DEBUG=1; everything else defaults to production behaviour.
See README.md, "Deployment", for the full list of variables.
"""

import os
from datetime import timedelta
from ipaddress import ip_network
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdecimal():
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.")
    return int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    """Comma-separated addresses or networks (10.0.0.5, 10.0.0.0/24), each checked."""
    networks = env_list(name)
    for network in networks:
        try:
            ip_network(network, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list addresses or networks (10.0.0.5, 10.0.0.0/24), not {network!r}."
            ) from None
    return networks


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    # Only ever used with DEBUG on, on a developer's own machine.
    SECRET_KEY = "django-insecure-development-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "common.apps.RegistryAdminConfig",  # django.contrib.admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "common.apps.LoginAttemptsConfig",  # django-axes
    "csp",
    "simple_history",
    "common",
    "crafts",
    "registry",
    "exhibitions",
]

MIDDLEWARE = [
    # First: refuses too many fields or files, or too big a form, before anything reads them.
    "common.middleware.RefuseOversizedRequests",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After LocaleMiddleware and authentication: the admin speaks its user's chosen language.
    "common.admin_language.AdminLanguageMiddleware",
    # After authentication: history rows record the user who made the change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Pages read many remembered totals: one read of the data version serves them all.
    "common.summaries.DataVersionPerRequest",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite by default, in var/ inside the project; PostgreSQL (or anything else) through DATABASE_URL.
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'registry.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Totals over the whole registry are cached per version of the data (common/summaries.py). The file
# cache is shared by the workers of one host; other hosts keep their own, and the version each
# reads from the database keeps every copy correct. With REDIS_URL (redis://HOST:6379/0) every
# host shares one cache in Redis instead, and a total computed by one is served by all.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    # Django's RedisCache reads a comma-separated LOCATION as a primary followed by replicas.
    for location in REDIS_URL.split(","):
        if not location.strip().startswith(("redis://", "rediss://", "unix://")):
            raise ImproperlyConfigured(
                f"REDIS_URL must be a redis://, rediss:// or unix:// URL, not {location.strip()!r}."
            )
    # Redis evicts by its own maxmemory-policy: MAX_ENTRIES is the file cache's and means nothing here.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(Path(os.environ.get("DJANGO_CACHE_DIR", VAR_DIR / "cache")).resolve()),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's default random_page_cost (4) prices an index lookup for disks that seek; on
    # SSDs it made the planner scan all 100,000 artisans to list one fair's 1,776 participants
    # (89 ms instead of 17 ms). Set per connection, so no server setting or privilege is needed;
    # DJANGO_PG_RANDOM_PAGE_COST="" leaves the server's own value.
    random_page_cost = os.environ.get("DJANGO_PG_RANDOM_PAGE_COST", "1.1")
    if random_page_cost:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={float(random_page_cost)}"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # Writers take the lock when their transaction starts and wait for each other
        # (up to `timeout` seconds) instead of failing with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes refuses logins that are locked out before any other backend is asked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fa", _("Persian")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The admin's language until a member of staff chooses one (common/admin_language.py): the office's.
ADMIN_LANGUAGE = os.environ.get("DJANGO_ADMIN_LANGUAGE", "fa").strip()
if ADMIN_LANGUAGE not in {code for code, _name in LANGUAGES}:
    raise ImproperlyConfigured(f"DJANGO_ADMIN_LANGUAGE must be one of en, fa, ar, not {ADMIN_LANGUAGE!r}.")
# The choice made before logging in, on the login page, lasts a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Tehran")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Prefix of the human-readable registry numbers given to artisans, e.g. ILM-2025-00042.
REGISTRY_NUMBER_PREFIX = os.environ.get("REGISTRY_NUMBER_PREFIX", "ILM")
# How long a verified registration stays valid (Iran's provincial artisan cards: two years).
REGISTRY_VALIDITY_YEARS = int(os.environ.get("REGISTRY_VALIDITY_YEARS", "2"))
# Verification evidence: outside MEDIA_ROOT, so that no web server serves it; the admin reads it
# back to those allowed to see private data.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))

# Backups are signed with this key (common/backups/). Without DJANGO_BACKUP_KEY, `backup` keeps a
# random one in the key file, made on first use. Keep a copy apart from the backups: never in them.
BACKUP_SIGNING_KEY = os.environ.get("DJANGO_BACKUP_KEY", "").strip()
BACKUP_SIGNING_KEY_FILE = Path(os.environ.get("DJANGO_BACKUP_KEY_FILE", VAR_DIR / "backup.key"))

# Production hardening; `manage.py check --deploy` passes with DEBUG off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Every page, the admin's included, works with this policy: no inline script or style anywhere
# (styles live in static/css/, the admin's own scripts are files), nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF],
        "script-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Powerful browser features the registry never uses, switched off for its pages and anything they embed.
UNUSED_BROWSER_FEATURES = "accelerometer camera geolocation gyroscope magnetometer microphone payment usb"
PERMISSIONS_POLICY = {feature: [] for feature in UNUSED_BROWSER_FEATURES.split()}

# Failed logins (common/logins.py, on django-axes): five failures for one username from one
# address lock that pair out for 15 minutes after the last failure. Per pair, so that neither a
# colleague behind the same office address nor a stranger guessing at a username can lock anyone
# else out. Twenty failures of one account within an hour, from any addresses, refuse it from
# addresses it has not logged in from in the last 90 days, so rotating addresses buys no more guesses.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "common.logins.LoginThrottle"
AXES_LOCKOUT_CALLABLE = "common.logins.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "common.logins.client_address"
AXES_USERNAME_CALLABLE = "common.logins.login_username"
# The per-account count reads the failure log (the last 1,000 failures of each username).
AXES_ENABLE_ACCESS_FAILURE_LOG = True
ACCOUNT_FAILURE_LIMIT = 20
ACCOUNT_FAILURE_WINDOW = timedelta(hours=1)
ACCOUNT_KNOWN_ADDRESS_AGE = timedelta(days=90)
# Not the start-up banner on every management command; failures and lockouts are still logged.
AXES_VERBOSE = False
# The client's address is REMOTE_ADDR, unless the connection comes from one of the reverse proxies
# listed in DJANGO_TRUSTED_PROXIES (addresses or networks): only then is X-Forwarded-For read. Each
# proxy appends the address it was reached from; the entries are read from the right, one per
# trusted proxy and at most DJANGO_TRUSTED_PROXY_COUNT (1 by default), and whatever lies to their
# left was written by the client and is never read.
TRUSTED_PROXIES = env_networks("DJANGO_TRUSTED_PROXIES")
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 1 if TRUSTED_PROXIES else 0)
if TRUSTED_PROXY_COUNT and not TRUSTED_PROXIES:
    # Trusting the header from any connection would let a client that reaches gunicorn directly
    # choose a new address for every login attempt.
    raise ImproperlyConfigured(
        "DJANGO_TRUSTED_PROXY_COUNT needs DJANGO_TRUSTED_PROXIES: the addresses or networks of the "
        "proxies whose X-Forwarded-For may be read, e.g. 127.0.0.1 for a proxy on this machine."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # django-axes logs every successful login and clean-up at INFO; failures and lockouts are warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}
