"""Guichet settings: one module, driven by environment variables (see README)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("GUICHET_DEBUG", default=False)
# A fixed key is only acceptable for a local demo; production must set GUICHET_SECRET_KEY.
SECRET_KEY = env.str("GUICHET_SECRET_KEY", default="insecure-local-demo-key-change-me")
ALLOWED_HOSTS = env.list("GUICHET_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("GUICHET_CSRF_TRUSTED_ORIGINS", default=[])
SECURE_COOKIES = env.bool("GUICHET_SECURE_COOKIES", default=False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_AGE = env.int("GUICHET_SESSION_SECONDS", default=8 * 3600)
SECURE_CONTENT_TYPE_NOSNIFF = True
# How many reverse proxies of ours stand in front: the client address is read from X-Forwarded-For then.
GUICHET_PROXY_HOPS = env.int("GUICHET_PROXY_HOPS", default=0)
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "guichet.common",
    "guichet.accounts",
    "guichet.territory",
    "guichet.network",
    "guichet.registry",
    "guichet.matching",
    "guichet.audit",
    "guichet.cases",
    "guichet.notify",
    "guichet.portal",
    "guichet.training",
    "guichet.associations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "guichet.common.middleware.SecurityHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "guichet.common.middleware.NotAllowedMiddleware",
]

ROOT_URLCONF = "guichet.urls"
WSGI_APPLICATION = "guichet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "guichet" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "guichet.accounts.context_processors.permissions",
            ],
        },
    },
]

DATA_DIR = Path(env.str("GUICHET_DATA_DIR", default=str(BASE_DIR / "var")))
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'guichet.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer writes; IMMEDIATE avoids "database is locked" on upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    # The same backend, whose flush may empty the append-only audit log (see guichet/audit/sqlite3).
    DATABASES["default"]["ENGINE"] = "guichet.audit.sqlite3"
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("GUICHET_CONN_MAX_AGE", default=60))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["guichet.accounts.backends.ScopedModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("ar", _("Arabic")), ("en", _("English"))]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [BASE_DIR / "guichet" / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = env.str("GUICHET_TIME_ZONE", default="Africa/Casablanca")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "guichet" / "static"]
STATIC_ROOT = Path(env.str("GUICHET_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # the demo serves static files without collectstatic

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env.str("GUICHET_REDIS_URL", default=""):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("GUICHET_REDIS_URL"),
    }

EMAIL_BACKEND = env.str("GUICHET_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")

# Registry search: how many results a page shows.
GUICHET_SEARCH_PAGE_SIZE = 20
# Past this many matches a name search lists nobody and asks for another word or an identifier.
GUICHET_SEARCH_MAX_MATCHES = env.int("GUICHET_SEARCH_MAX_MATCHES", default=1000)
# Phone numbers written in national form are read as numbers of this country.
GUICHET_PHONE_REGION = env.str("GUICHET_PHONE_REGION", default="MA")

# The network: the national target of open windows.
GUICHET_WINDOWS_TARGET = env.int("GUICHET_WINDOWS_TARGET", default=500)
# Attachments: stored under the data folder, outside the web root, served only through a checking view.
GUICHET_ATTACHMENTS_DIR = DATA_DIR / "attachments"
GUICHET_ATTACHMENT_MAX_BYTES = env.int("GUICHET_ATTACHMENT_MAX_BYTES", default=5 * 1024 * 1024)
# Text messages: "console" writes them to the log, "file" appends them to GUICHET_SMS_FILE, "http" posts them
# to GUICHET_SMS_HTTP_URL with GUICHET_SMS_HTTP_TOKEN.
GUICHET_SMS_BACKEND = env.str("GUICHET_SMS_BACKEND", default="console")
GUICHET_SMS_FILE = Path(env.str("GUICHET_SMS_FILE", default=str(DATA_DIR / "sms.log")))
GUICHET_SMS_HTTP_URL = env.str("GUICHET_SMS_HTTP_URL", default="")
GUICHET_SMS_HTTP_TOKEN = env.str("GUICHET_SMS_HTTP_TOKEN", default="")
GUICHET_SMS_SENDER = env.str("GUICHET_SMS_SENDER", default="Guichet")
# The public address printed on receipts (the QR code points to <this>/track/<reference>/).
GUICHET_PUBLIC_URL = env.str("GUICHET_PUBLIC_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env.str("GUICHET_FROM_EMAIL", default="guichet@localhost")
# Public pages against guessing (guichet/common/ratelimit.py): failed attempts allowed per client address in
# its window of minutes, per reference (tracking) and for the whole site (the global budget) in a window of
# GUICHET_PUBLIC_WINDOW_SECONDS, at most 60 so that a stranger never keeps the right answer out over a minute.
GUICHET_PUBLIC_WINDOW_SECONDS = min(env.int("GUICHET_PUBLIC_WINDOW_SECONDS", default=60), 60)
GUICHET_TRACK_ATTEMPTS = env.int("GUICHET_TRACK_ATTEMPTS", default=10)
GUICHET_TRACK_WINDOW_MINUTES = env.int("GUICHET_TRACK_WINDOW_MINUTES", default=15)
GUICHET_TRACK_GLOBAL_ATTEMPTS = env.int("GUICHET_TRACK_GLOBAL_ATTEMPTS", default=300)
GUICHET_LEARN_ATTEMPTS = env.int("GUICHET_LEARN_ATTEMPTS", default=10)
GUICHET_LEARN_WINDOW_MINUTES = env.int("GUICHET_LEARN_WINDOW_MINUTES", default=15)
GUICHET_LEARN_GLOBAL_ATTEMPTS = env.int("GUICHET_LEARN_GLOBAL_ATTEMPTS", default=300)
GUICHET_VERIFY_ATTEMPTS = env.int("GUICHET_VERIFY_ATTEMPTS", default=30)
GUICHET_VERIFY_WINDOW_MINUTES = env.int("GUICHET_VERIFY_WINDOW_MINUTES", default=15)
GUICHET_VERIFY_GLOBAL_ATTEMPTS = env.int("GUICHET_VERIFY_GLOBAL_ATTEMPTS", default=600)
# Association registration: submissions per client address and hour.
GUICHET_ASSOCIATION_REGISTRATIONS_PER_HOUR = env.int("GUICHET_ASSOCIATION_REGISTRATIONS_PER_HOUR", default=5)
# Uploads: files allowed in one upload (a form's file fields together, or one multiple field).
GUICHET_UPLOAD_MAX_FILES = env.int("GUICHET_UPLOAD_MAX_FILES", default=10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("GUICHET_LOG_LEVEL", default="WARNING")},
}
