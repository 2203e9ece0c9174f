"""Guichet settings: one module, driven by environment variables (see README)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("GUICHET_DEBUG", default=False)
# A fixed key is only acceptable for a local demo: with GUICHET_DEBUG off, guichet/wsgi.py refuses to serve with it.
DEMO_SECRET_KEY = "insecure-local-demo-key-change-me"
SECRET_KEY = env.str("GUICHET_SECRET_KEY", default=DEMO_SECRET_KEY)
ALLOWED_HOSTS = env.list("GUICHET_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("GUICHET_CSRF_TRUSTED_ORIGINS", default=[])
# Behind HTTPS: cookies only over HTTPS, and named with the __Host- prefix (no Domain, Path=/, Secure), so that
# a sibling sub-domain cannot plant or read them.
SECURE_COOKIES = env.bool("GUICHET_SECURE_COOKIES", default=False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
if SECURE_COOKIES:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# Staff sessions end after this many idle minutes, and in any case this many hours after the login.
GUICHET_SESSION_IDLE_MINUTES = env.int("GUICHET_SESSION_IDLE_MINUTES", default=30)
GUICHET_SESSION_MAX_HOURS = env.int("GUICHET_SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = GUICHET_SESSION_IDLE_MINUTES * 60
SESSION_ENGINE = "guichet.accounts.session_store"
SECURE_CONTENT_TYPE_NOSNIFF = True
# HTTPS in production (see deploy/production.env.example): redirect plain HTTP, ask browsers to remember HTTPS,
# and trust the reverse proxy's header that says the client came over HTTPS.
SECURE_SSL_REDIRECT = env.bool("GUICHET_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("GUICHET_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("GUICHET_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("GUICHET_HSTS_PRELOAD", default=False)
if env.str("GUICHET_PROXY_SSL_HEADER", default=""):
    # e.g. HTTP_X_FORWARDED_PROTO: only when the proxy always sets (and overwrites) this header.
    SECURE_PROXY_SSL_HEADER = (env.str("GUICHET_PROXY_SSL_HEADER"), "https")
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
    "guichet.accounts",  # before allauth: its templates draw allauth's pages in Guichet's layout
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
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
    "guichet.desk",
    "guichet.identity",
    "guichet.insights",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served as our own static files (/api/docs/): no CDN
    "guichet.interop.rest",
    "guichet.interop.dci",
    "guichet.interop.imports",
    "guichet.demo",
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
    "guichet.common.middleware.RefuseNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "guichet.accounts.middleware.SessionLimitsMiddleware",
    "guichet.accounts.middleware.SecondFactorRequiredMiddleware",
    "guichet.accounts.middleware.PasswordChangeRequiredMiddleware",
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
            # Isolated references and phones, addresses, amounts, lists: on every page without a {% load %}.
            "builtins": ["guichet.common.templatetags.display"],
        },
    },
]

# Inputs and selects are written in Python (guichet/common/form_rendering.py), every other widget by its template.
FORM_RENDERER = "guichet.common.form_rendering.GuichetFormRenderer"

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
    # A kept connection is checked before a request reuses it: after a database restart the first request
    # connects afresh instead of failing on the dead connection.
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    # Parameters sent apart from the SQL, and a query a connection has run 5 times kept prepared: PostgreSQL plans
    # it once per connection instead of on every call (planning a page's joins cost more than running them).
    if env.bool("GUICHET_DB_PREPARED", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["guichet.accounts.backends.ScopedModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Length and a list of 20,000 common passwords shipped with Django (offline); no composition rules (ASVS V6.2).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
# A reset link works once (it is tied to the password it replaces) and for this many hours.
PASSWORD_RESET_TIMEOUT = env.int("GUICHET_PASSWORD_RESET_HOURS", default=24) * 3600

# Staff sign-in with django-allauth: username and password, then a second factor (TOTP, recovery codes).
# No public sign-up, no e-mail verification: administrators create accounts.
ACCOUNT_ADAPTER = "guichet.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_INPUT_RENDER_VALUE = False
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_REAUTHENTICATION_TIMEOUT = env.int("GUICHET_REAUTHENTICATION_SECONDS", default=300)
# One limiter in Guichet (guichet/common/ratelimit.py): allauth's own is off, the adapter and forms use ours.
ACCOUNT_RATE_LIMITS = False
ACCOUNT_FORMS = {"login": "guichet.accounts.forms_auth.LoginForm"}
MFA_ADAPTER = "guichet.accounts.adapters.MFAAdapter"
# Security keys and passkeys (WebAuthn) serve as a second factor too; they need HTTPS, or localhost in the demo.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = "Guichet"
# One step of clock drift either way between the server and the phone (RFC 6238's advice); a code still works once.
MFA_TOTP_TOLERANCE = 1
# Recovery codes are stored hashed (guichet/accounts/recovery_codes.py), so they can be shown only once.
MFA_RECOVERY_CODES_SHOW_ONCE = True
MFA_FORMS = {
    "authenticate": "guichet.accounts.forms_auth.SecondFactorForm",
    "reauthenticate": "guichet.accounts.forms_auth.SecondFactorReauthenticateForm",
}
USERSESSIONS_TRACK_ACTIVITY = False
# Login limits (guichet/common/ratelimit.py, fail closed): per account from one address, per account, and per
# address, each over a window of GUICHET_LOGIN_WINDOW_SECONDS. None is permanent: a stranger cannot lock a
# colleague out.
GUICHET_LOGIN_ATTEMPTS = env.int("GUICHET_LOGIN_ATTEMPTS", default=10)
GUICHET_LOGIN_WINDOW_SECONDS = env.int("GUICHET_LOGIN_WINDOW_SECONDS", default=15 * 60)
GUICHET_LOGIN_ACCOUNT_ATTEMPTS = env.int("GUICHET_LOGIN_ACCOUNT_ATTEMPTS", default=50)
GUICHET_LOGIN_ADDRESS_ATTEMPTS = env.int("GUICHET_LOGIN_ADDRESS_ATTEMPTS", default=100)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("ar", _("Arabic")), ("en", _("English"))]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [BASE_DIR / "guichet" / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = env.str("GUICHET_TIME_ZONE", default="Africa/Casablanca")
USE_I18N = True
USE_TZ = True
# Dates and numbers per language (day first, Moroccan month names in Arabic): guichet/formats/<language>.
FORMAT_MODULE_PATH = ["guichet.formats"]
# Numbers are grouped where a reader reads them (guichet/common/l10n.py),
# not everywhere: a primary key or version written into a URL or a hidden field must stay "1234", never "1 234".
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "guichet" / "static"]
STATIC_ROOT = Path(env.str("GUICHET_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# `collectstatic` gives each file a name with a hash of its content, which browsers may keep a year (WhiteNoise
# says so), and writes a gzip and, when the brotli module is there (WeasyPrint's fonttools brings it), a Brotli copy.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "guichet.common.static_storage.KeptAddressesStorage"},
}
# The demo (GUICHET_DEBUG on) serves the source files as they are; production only collectstatic's copies.
WHITENOISE_USE_FINDERS = DEBUG

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # {% cache %} fragments: the menus and links that are the same for every reader of a language (and of the same
    # menu flags). Kept in each process, never in Redis: a page must not wait on, or fail with, another server.
    "template_fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"},
}
if env.str("GUICHET_REDIS_URL", default=""):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("GUICHET_REDIS_URL"),
    }

EMAIL_BACKEND = env.str("GUICHET_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")

# Registry search: how many results a page shows.
GUICHET_SEARCH_PAGE_SIZE = env.int("GUICHET_SEARCH_PAGE_SIZE", default=20)
# Past this many matches a name search lists nobody and asks for another word or an identifier.
GUICHET_SEARCH_MAX_MATCHES = env.int("GUICHET_SEARCH_MAX_MATCHES", default=1000)
# Phone numbers written in national form are read as numbers of this country.
GUICHET_PHONE_REGION = env.str("GUICHET_PHONE_REGION", default="MA")

# The network: the national target of open windows.
GUICHET_WINDOWS_TARGET = env.int("GUICHET_WINDOWS_TARGET", default=500)
# Dashboards: an incremental refresh also looks this far back before the start of the last one (a row written by a
# transaction that began before that refresh but committed after its start carries an earlier updated_at).
GUICHET_INSIGHTS_MARGIN_SECONDS = env.int("GUICHET_INSIGHTS_MARGIN_SECONDS", default=600)
# Attachments: stored under the data folder, outside the web root, served only through a checking view.
GUICHET_ATTACHMENTS_DIR = Path(env.str("GUICHET_ATTACHMENTS_DIR", default=str(DATA_DIR / "attachments")))
GUICHET_ATTACHMENT_MAX_BYTES = env.int("GUICHET_ATTACHMENT_MAX_BYTES", default=5 * 1024 * 1024)
# Lesson media (audio, video, images, PDF) a training coordinator may upload: the largest file accepted.
GUICHET_TRAINING_MEDIA_MAX_BYTES = env.int("GUICHET_TRAINING_MEDIA_MAX_BYTES", default=200 * 1024 * 1024)
# Text messages: "console" writes them to the log, "file" appends them to GUICHET_SMS_FILE, "http" posts them
# to GUICHET_SMS_HTTP_URL with GUICHET_SMS_HTTP_TOKEN.
GUICHET_SMS_BACKEND = env.str("GUICHET_SMS_BACKEND", default="console")
GUICHET_SMS_FILE = Path(env.str("GUICHET_SMS_FILE", default=str(DATA_DIR / "sms.log")))
GUICHET_SMS_HTTP_URL = env.str("GUICHET_SMS_HTTP_URL", default="")
GUICHET_SMS_HTTP_TOKEN = env.str("GUICHET_SMS_HTTP_TOKEN", default="")
GUICHET_SMS_SENDER = env.str("GUICHET_SMS_SENDER", default="Guichet")
# Seconds the HTTP gateway may take to answer before the attempt counts as failed (and is retried).
GUICHET_SMS_HTTP_TIMEOUT = env.float("GUICHET_SMS_HTTP_TIMEOUT", default=10.0)
# The outbox (guichet/notify/services.py): attempts per message before it is given up; how long a worker's
# claim holds a message (far longer than a gateway call); the wait after the n-th failure (base doubled each
# time, up to a ceiling); and how overdue a waiting message must be before the sweep queues a new task for it.
GUICHET_NOTIFY_MAX_ATTEMPTS = env.int("GUICHET_NOTIFY_MAX_ATTEMPTS", default=6)
GUICHET_NOTIFY_LEASE_SECONDS = env.int("GUICHET_NOTIFY_LEASE_SECONDS", default=300)
GUICHET_NOTIFY_BACKOFF_SECONDS = env.int("GUICHET_NOTIFY_BACKOFF_SECONDS", default=60)
GUICHET_NOTIFY_BACKOFF_MAX_SECONDS = env.int("GUICHET_NOTIFY_BACKOFF_MAX_SECONDS", default=6 * 3600)
GUICHET_NOTIFY_SWEEP_GRACE_SECONDS = env.int("GUICHET_NOTIFY_SWEEP_GRACE_SECONDS", default=600)
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

# --- the API (guichet/interop/) --------------------------------------------------------------------------------
# Client systems authenticate with their token (accounts.ApiClient), are throttled per client and scoped as staff
# of their territory; errors are RFC 9457 problem details in the language of Accept-Language.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["guichet.interop.access.ClientTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["guichet.interop.access.ClientRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "guichet.interop.problems.problem_details",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Guichet API",
    "DESCRIPTION": "Persons, households, the service catalogue, centres and windows, and requests of Guichet.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several choice sets share a field name ("kind", "status"): each gets a name of its own in the schema.
    "ENUM_NAME_OVERRIDES": {
        "CentreKindEnum": "guichet.common.choices.CentreKind",
        "WindowKindEnum": "guichet.network.models.Window.Kind",
        "WindowStatusEnum": "guichet.network.models.Window.Status",
        "DisabilityKindEnum": "guichet.registry.models.DisabilityRecord.Kind",
        "RequestStatusEnum": "guichet.cases.models.Status",
        "ImportStatusEnum": "guichet.interop.imports.models.ImportJob.Status",
    },
}

# DCI
# The DCI Social Registry API (/dci/, guichet/interop/dci): the name Guichet goes by in DCI messages (the receiver_id
# of requests, the sender_id of its answers and callbacks), and its Ed25519 signing key (base64 of the 32-byte seed)
# with that key's id. The demo key is for development only: `check --deploy` warns while it is in use. To rotate:
# publish the new key's id and public key to the clients, set GUICHET_DCI_PREVIOUS_PUBLIC_KEYS to "<old id>=<old
# public key>" (still listed at /dci/keys while receivers switch), then set the new key and id (README, "DCI API").
DCI_DEMO_SIGNING_KEY = "rSj59QFR8pqdAueMjvOBcy7TDGOZ+3KcuEw7ZT+ze/c="  # development only, published in the source
GUICHET_DCI_REGISTRY_ID = env.str("GUICHET_DCI_REGISTRY_ID", default="guichet")
GUICHET_DCI_SIGNING_KEY = env.str("GUICHET_DCI_SIGNING_KEY", default=DCI_DEMO_SIGNING_KEY)
GUICHET_DCI_SIGNING_KEY_ID = env.str("GUICHET_DCI_SIGNING_KEY_ID", default="dev-only")
GUICHET_DCI_PREVIOUS_PUBLIC_KEYS = env.list("GUICHET_DCI_PREVIOUS_PUBLIC_KEYS", default=[])
# Signatures Guichet writes are valid this long; those it receives may not claim more (their `expires`).
GUICHET_DCI_SIGNATURE_LIFETIME_SECONDS = env.int("GUICHET_DCI_SIGNATURE_LIFETIME_SECONDS", default=300)
GUICHET_DCI_SIGNATURE_MAX_LIFETIME_SECONDS = env.int("GUICHET_DCI_SIGNATURE_MAX_LIFETIME_SECONDS", default=3600)
# Records per page of a search when the client asks for none, and the most it may ask for.
GUICHET_DCI_PAGE_SIZE = env.int("GUICHET_DCI_PAGE_SIZE", default=20)
GUICHET_DCI_MAX_PAGE_SIZE = env.int("GUICHET_DCI_MAX_PAGE_SIZE", default=100)
# Callbacks (guichet/interop/dci/delivery.py): attempts before giving up, the wait after the n-th failure (base
# doubled each time, up to a ceiling), how long a worker's claim holds one, and how long a client may take to answer.
GUICHET_DCI_CALLBACK_MAX_ATTEMPTS = env.int("GUICHET_DCI_CALLBACK_MAX_ATTEMPTS", default=6)
GUICHET_DCI_CALLBACK_BACKOFF_SECONDS = env.int("GUICHET_DCI_CALLBACK_BACKOFF_SECONDS", default=30)
GUICHET_DCI_CALLBACK_BACKOFF_MAX_SECONDS = env.int("GUICHET_DCI_CALLBACK_BACKOFF_MAX_SECONDS", default=3600)
GUICHET_DCI_CALLBACK_LEASE_SECONDS = env.int("GUICHET_DCI_CALLBACK_LEASE_SECONDS", default=120)
GUICHET_DCI_CALLBACK_TIMEOUT = env.float("GUICHET_DCI_CALLBACK_TIMEOUT", default=10.0)
# Subscribers are told of a registration once it is this old (one still being written is not skipped), at most
# this many persons per notification.
GUICHET_DCI_NOTIFY_DELAY_SECONDS = env.int("GUICHET_DCI_NOTIFY_DELAY_SECONDS", default=60)
GUICHET_DCI_NOTIFY_BATCH = env.int("GUICHET_DCI_NOTIFY_BATCH", default=100)

# Backups
# `manage.py backup` seals the database and every private file (each GUICHET_…_DIR setting and each folder of the
# data directory: guichet/common/backup/files.py) into one archive in GUICHET_BACKUP_DIR, encrypted with
# GUICHET_BACKUP_KEY (base64 of 32 random bytes; keep a copy away from the backups: without it none can be read),
# and keeps the newest GUICHET_BACKUP_KEEP archives there (0: all of them). After a key change, the keys that sealed
# older archives still kept go in GUICHET_BACKUP_PREVIOUS_KEYS: a restore opens an archive with the key it names.
# README, "Backups".
GUICHET_BACKUP_KEY = env.str("GUICHET_BACKUP_KEY", default="")
GUICHET_BACKUP_DIR = Path(env.str("GUICHET_BACKUP_DIR", default=str(DATA_DIR / "backups")))
GUICHET_BACKUP_KEEP = env.int("GUICHET_BACKUP_KEEP", default=14)
GUICHET_BACKUP_PREVIOUS_KEYS = env.list("GUICHET_BACKUP_PREVIOUS_KEYS", default=[])
