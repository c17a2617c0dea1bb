"""Django settings for Pavilion.

Configuration comes from environment variables (12-factor). With none set,
Pavilion runs on an embedded SQLite database under ``PAVILION_DATA_DIR``
(default ``./.pavilion/``), which is what ``pavilion demo`` uses.

- ``DATABASE_URL``: e.g. ``postgres://user@host:5432/db``; default SQLite.
- ``PAVILION_DATA_DIR``: folder for the SQLite file, uploads and the
  generated secret key.
- ``SECRET_KEY``: required in production; generated into the data folder
  otherwise.
- ``PAVILION_PRODUCTION=1``: HTTPS-only cookies, HSTS, SSL redirect.
- ``PAVILION_DEBUG=1``: Django debug pages (never in production).
- ``ALLOWED_HOSTS``: comma-separated, default ``127.0.0.1,localhost``.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("PAVILION_DATA_DIR", Path.cwd() / ".pavilion")).resolve()
PRODUCTION = _flag("PAVILION_PRODUCTION")
DEBUG = _flag("PAVILION_DEBUG") and not PRODUCTION


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when PAVILION_PRODUCTION=1")
    # Outside production, keep one generated key per data folder so sessions
    # survive restarts of the demo.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_countries",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves the API docs' assets from our own static files, not a CDN
    "pavilion.core",
    "pavilion.accounts",
    "pavilion.shows",
    "pavilion.companies",
    "pavilion.partners",
    "pavilion.consultations",
    "pavilion.scanning",
    "pavilion.meetings",
    "pavilion.funds",
    "pavilion.reports",
    "pavilion.planning",
    "pavilion.stage",
    "pavilion.notifications",
    "pavilion.api",
    "pavilion.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: an operator whose organisation requires TOTP and
    # who has none is sent to set it up before anything else.
    "pavilion.accounts.middleware.RequireTotpMiddleware",
]

# Defence in depth behind template escaping: scripts only from our own static
# files (no inline <script>, no on*= handlers), nothing embeds our pages.
# Inline styles stay allowed (htmx adds its indicator style).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "pavilion.urls"
WSGI_APPLICATION = "pavilion.wsgi.application"

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
                "pavilion.accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'pavilion.sqlite3'}",
        # Persistent connections: opening one costs more than a scan upload
        # does. (No health check: it would add a query to every request.)
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run while one request writes; IMMEDIATE takes the
    # write lock at BEGIN so concurrent writers queue instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATA_DIR.mkdir(parents=True, exist_ok=True)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's own cursors bind parameters on the client and are never
    # prepared; the few statements run through core.db.server_bound_cursor
    # (the scan upload's INSERT) are prepared after this many runs on a
    # connection. "none" for a pooler that cannot keep prepared statements
    # (PgBouncer in transaction mode without max_prepared_statements).
    _threshold = os.environ.get("DB_PREPARE_THRESHOLD", "5")
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        None if _threshold.lower() == "none" else int(_threshold)
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# Accounts: django-allauth (sign-in, e-mail verification, password reset and
# change, sign-in throttling) and allauth.mfa (TOTP). ModelBackend first so
# Django's own authenticate(username=…) keeps working (admin, scripts, tests).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "pavilion.accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "pavilion.accounts.adapter.display_name"
# Sign in with the e-mail address or the username (the demo's logins are usernames).
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# "optional": a new address gets a verification mail, but people created before
# allauth (and the demo's logins) can still sign in. An invitation link proves
# its address, so accepting one marks the address verified.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Pavilion] "
ACCOUNT_LOGOUT_ON_GET = False
# ASVS 5.0 V6.3.1: failed sign-ins throttled per account (key = the e-mail or
# username typed) and per address. A correct password during the lock-out is
# refused with the same message, so guessing gains nothing.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/10m/ip,5/15m/key",
    "login": "60/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Pavilion"
# The sign-in throttle keeps its counters in the cache, so the cache must be
# shared by every web process (a per-process memory cache would let an
# attacker multiply the limit by the number of workers). Default: a table in
# the same database (created by migration accounts.0004), which every process
# on every machine already reaches — nothing extra to run, like the task
# queue. With REDIS_URL set (pip install redis), Redis instead, which scales
# to more sign-ins.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pavilion_cache",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ko", _("Korean"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve static files from the package folder without a collectstatic step, so
# `pavilion demo` and `pavilion serve` work straight from an install.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even before collectstatic

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Spreadsheets bigger than this are refused before parsing.
PAVILION_IMPORT_MAX_BYTES = 10 * 1024 * 1024
PAVILION_IMPORT_MAX_ROWS = 20_000

# Background work (the meeting scheduler) queues in the same database; a worker
# runs it: `pavilion worker` (started by `pavilion demo`).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("PAVILION_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- E-mail -------------------------------------------------------------------
# The mail server comes from the environment (docs/email.md): EMAIL_URL, e.g.
# smtp+tls://user:pass@mail.example.org:587 (or smtp+ssl://…:465, smtp://…:25),
# or the usual EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS / EMAIL_USE_SSL. With neither, mail is printed on the console (demo).
# Pages never talk to the mail server: notifications.services.send_email queues
# the message and the worker sends it, retrying with these delays (seconds).


def _email_settings() -> dict:
    import dj_email_url

    conf = {}
    if url := os.environ.get("EMAIL_URL", "").strip():
        # dj-email-url knows smtp:// and submission://; say TLS/SSL the common way too.
        for scheme, query in (("smtp+tls://", "tls=1"), ("smtp+ssl://", "ssl=1")):
            if url.startswith(scheme):
                url = "smtp://" + url[len(scheme) :]
                url += ("&" if "?" in url else "?") + query
        conf = {k: v for k, v in dj_email_url.parse(url).items() if v not in (None, "")}
    elif host := os.environ.get("EMAIL_HOST", "").strip():
        conf = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": host,
            "EMAIL_PORT": int(os.environ.get("EMAIL_PORT", "25")),
            "EMAIL_HOST_USER": os.environ.get("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "EMAIL_USE_TLS": _flag("EMAIL_USE_TLS"),
            "EMAIL_USE_SSL": _flag("EMAIL_USE_SSL"),
        }
    if backend := os.environ.get("EMAIL_BACKEND"):
        conf["EMAIL_BACKEND"] = backend
    conf.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    if conf.get("EMAIL_USE_TLS") and conf.get("EMAIL_USE_SSL"):
        raise RuntimeError("EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other")
    return conf


globals().update(_email_settings())
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", globals().get("DEFAULT_FROM_EMAIL"))
DEFAULT_FROM_EMAIL = DEFAULT_FROM_EMAIL or "pavilion@localhost"
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# A mail server that hangs must not hold a worker forever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", globals().get("EMAIL_TIMEOUT") or 20))
# Links in e-mails are absolute: the address people reach the site at.
PAVILION_SITE_URL = os.environ.get("PAVILION_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
PAVILION_EMAIL_RETRY_DELAYS = tuple(
    int(s) for s in os.environ.get("PAVILION_EMAIL_RETRY_DELAYS", "60,300,1800,7200").split(",")
)
# Reminders of tomorrow's meetings go out from this hour (the show's time zone) the day before.
PAVILION_REMINDER_HOUR = int(os.environ.get("PAVILION_REMINDER_HOUR", "9"))
# How often `pavilion worker` queues the periodic jobs (reminders, due retries); 0: never.
PAVILION_PERIODIC_SECONDS = int(os.environ.get("PAVILION_PERIODIC_SECONDS", "300"))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_in_one_line": {"()": "pavilion.core.log_filters.ForbiddenInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # On the logger, not the handler, so every handler gets the one-line record.
    "loggers": {"django.request": {"filters": ["forbidden_in_one_line"]}},
}
