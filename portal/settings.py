"""Settings of the portal: one file, configured only from the environment.

The defaults serve the embedded mode that `make run` starts on a fresh machine
(SQLite, a file-system broker with a real worker, the sandbox stand-ins).
`PORTAL_ENV=production` switches to the production shape, where every secret
and every external service must be given explicitly. `.env.example` documents
each variable read here.
"""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import warnings
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_secret, env_str, parse_rate

# pysaml2 imports a cipher mode that the cryptography package has moved; harmless.
warnings.filterwarnings("ignore", message="CFB has been moved")

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("PORTAL_DATA_DIR", str(BASE_DIR / "var")))

PORTAL_ENV = env_str("PORTAL_ENV", "embedded")
if PORTAL_ENV not in {"embedded", "production"}:
    raise ImproperlyConfigured("PORTAL_ENV must be 'embedded' or 'production'")
PRODUCTION = PORTAL_ENV == "production"

# Off in every mode unless asked for: the demo that `make run` starts behaves as
# production does (404 pages that do not list the URL patterns, the branded error
# pages, static files hashed, compressed and cached for a year).
DEBUG = env_bool("DJANGO_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off in production")

# The sandbox wing (payment emulator, virtual card, mail viewer) stands in for
# systems the state runs elsewhere. It can never be on in production.
PORTAL_SANDBOX = env_bool("PORTAL_SANDBOX", not PRODUCTION)
if PRODUCTION and PORTAL_SANDBOX:
    raise ImproperlyConfigured("PORTAL_SANDBOX must be off in production")

SECRET_KEY = env_secret(
    "DJANGO_SECRET_KEY",
    "embedded-only-secret-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz",
    required=PRODUCTION,
)
# The public address of the portal. Every absolute URL is made from it: e-mail
# links, the SAML endpoints and entity ids of both parties, the SimplePay return
# and IPN addresses, the origin the chip card signs; `make run` listens on it.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000")
_base_host = urlsplit(PORTAL_BASE_URL).hostname or "127.0.0.1"
_base_host = f"[{_base_host}]" if ":" in _base_host else _base_host  # IPv6 as in Host
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver", _base_host]
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "portal",
    "identity",
    "cases",
    "payments",
    "population",
    "documents",
    "notifications",
    "appointments",
    "ugyfelkapu",
    "vehicles",
    "eszemelyi",
    "access_log",
    "criminal_records",
    "document_checks",
    "passports",
    "civil_registry",
    "parking",
    "residence",
    "django_countries",
    "oauth2_provider",
    "api",
    "register",
    "idcards",
]
if PORTAL_SANDBOX:
    INSTALLED_APPS.append("sandbox")

MIDDLEWARE = [
    # First: every response is counted and timed (portal/metrics.py) and every log line
    # of the request carries its id (portal/logs.py).
    "portal.metrics.MetricsMiddleware",
    "portal.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so that static files carry the header too.
    "portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages leave compressed (WhiteNoise has answered for static files above, from its
    # own precompressed copies). Django's GZip pads each response with random bytes
    # against BREACH, and CSRF tokens are masked anew in every response: ADR 0016.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "identity.session.SessionTimeoutMiddleware",
    "identity.middleware.FirstLoginMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: says "we will finish this" when the broker was down.
    "portal.middleware.DeferredWorkMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "portal.middleware.NoStoreForPersonalPagesMiddleware",
    # Turns a rate-limit refusal into the 429 page of RATELIMIT_VIEW.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: it turns lockout signals into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = env_secret("DATABASE_URL", required=PRODUCTION)
if DATABASE_URL:
    # A connection is kept for a minute, and checked before a request reuses it:
    # after a PostgreSQL restart the next request connects afresh instead of
    # failing on the dead socket, so errors stop as soon as the server is back.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        DATABASES["default"]["TEST"] = {"NAME": env_str("DATABASE_TEST_NAME", "") or None}
        # An unreachable server (a fail-over, a partition) fails the request in
        # seconds, answered with the 503 page (portal/errors.py), not after minutes.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "portal.sqlite3",
            # The web server and the worker write to the same file; wait for the
            # other's lock instead of failing at once.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                # WAL lets readers go on while the worker writes.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # In memory unless named: the browser suite names a file, since its live
            # server's threads would otherwise share one in-memory database whose
            # table locks fail at once instead of waiting ("database table is locked").
            "TEST": {"NAME": env_str("DATABASE_TEST_NAME", "") or None},
        }
    }
# A request is one transaction: a failure half-way leaves nothing half-written,
# and tasks scheduled with on_commit run only for requests that succeeded.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "identity.User"

# --- Cache, broker, rate limits ------------------------------------------
REDIS_URL = env_secret("REDIS_URL", required=PRODUCTION)
if REDIS_URL:
    # Served as an empty cache while Redis is down (portal/cache.py): sessions fall
    # back to their database rows and pages keep working. Short socket timeouts,
    # so that a Redis that hangs costs a request a second, not a minute.
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    # Django's own RedisCache increments atomically (INCRBY); django-ratelimit
    # only lists the third-party django-redis backend as supported.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Embedded mode serves every request from one web process, so a
    # process-local cache counts every request of the rate limits.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
RATELIMIT_VIEW = "portal.rate_limits.rate_limited"
# Requests one client address may send to one group of anonymous views (document
# checks, public verification) per period: "30/m", "100/5m", "1000/h". The next one
# gets the 429 page with the time to wait (portal.rate_limits.anonymous_limit).
PORTAL_ANONYMOUS_RATE_LIMIT = env_str("PORTAL_ANONYMOUS_RATE_LIMIT", "30/m")
parse_rate(PORTAL_ANONYMOUS_RATE_LIMIT)  # refuses to start with a malformed one
# Reverse proxies of our own in front of the web server (TLS terminator, load
# balancer). The client is then the N-th address from the right of X-Forwarded-For
# (see portal/client_ip.py); 0 reads REMOTE_ADDR only. Leaving it at 0 behind a
# proxy puts every citizen in one rate-limit bucket; setting it higher than the
# real number lets clients choose their own address. The web server must be
# reachable only through these proxies.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
# Every `ratelimit(key="ip")` asks this function for the client's address.
RATELIMIT_IP_META_KEY = "portal.client_ip.client_ip"

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = int(timedelta(hours=12).total_seconds())
# A login ends after this many minutes without a request (the page warns two
# minutes before and offers to extend it, WCAG 2.2.1), and this many hours
# after it started, whatever the user does.
PORTAL_SESSION_IDLE_MINUTES = env_int("PORTAL_SESSION_IDLE_MINUTES", 15)
PORTAL_SESSION_MAX_HOURS = env_int("PORTAL_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Security headers -----------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page of the portal uses, switched off in the Permissions-Policy
# header of every response, so that an injected script or a future embed cannot ask
# the citizen for them. Not in the list on purpose: Chrome's local network access
# (`loopback-network`, formerly `local-network-access`), the permission it asks for
# before the chip card pages may call the card bridge on 127.0.0.1; its default, this
# origin only, is what the card pages need.
PERMISSIONS_POLICY_DENY = (
    "accelerometer",
    "ambient-light-sensor",
    "autoplay",
    "bluetooth",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # The health endpoints and the metrics are asked over plain HTTP inside the
    # container network.
    SECURE_REDIRECT_EXEMPT = [r"^health/(live|ready)?$", r"^metrics$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes locks out by username and address together after repeated
# failures; the clerk must then wait for the cool-off or ask a supervisor
# (`manage.py axes_reset_username`).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "portal/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
# The same client address as the rate limits (TRUSTED_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "portal.client_ip.client_ip"

OTP_TOTP_ISSUER = "Ügysegéd"
LOGIN_URL = "identity:login"
LOGIN_REDIRECT_URL = "portal:my_requests"

# --- The mobile app's API: OAuth 2 (authorization code + PKCE) ----------------
# The app is a public client (no secret) that logs the citizen in through the same
# SAML login in the system browser (ADR 0017). Access tokens are short-lived; each
# refresh gives a new refresh token and a reused one revokes the family.
API_SCOPES = {
    "cases:read": "Read your requests and their history",
    "documents:read": "Read your issued documents, document inbox and register documents",
    "profile:read": "Read your identity data",
    "appointments:write": "See, book and cancel your appointments",
}
OAUTH2_PROVIDER = {
    "SCOPES": API_SCOPES,
    "DEFAULT_SCOPES": ["cases:read"],
    "PKCE_REQUIRED": True,
    "ACCESS_TOKEN_EXPIRE_SECONDS": env_int("API_ACCESS_TOKEN_SECONDS", 600),
    "REFRESH_TOKEN_EXPIRE_SECONDS": env_int("API_REFRESH_TOKEN_SECONDS", 30 * 24 * 3600),
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "ROTATE_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "REFRESH_TOKEN_GRACE_PERIOD_SECONDS": 0,
    # The app's own scheme (RFC 8252 private-use URI) and loopback addresses (any port).
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http", "hu.ugyseged.okmanyapp"],
    "REQUEST_APPROVAL_PROMPT": "auto",
    # RFC 9700 (OAuth 2.0 Security BCP): no implicit or password grant, S256 only, tokens
    # only in the Authorization header, `iss` in the authorization response (RFC 9207),
    # tokens kept at rest only as their SHA-256 (the API looks them up by it).
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
}
# The native app's loopback redirect (http://127.0.0.1:<port>, RFC 8252 §7.3) needs the
# http scheme; every other http redirect is refused by the application's own list.
SILENCED_SYSTEM_CHECKS.append("oauth2_provider.W008")
# Requests per minute a token may make, and an anonymous client to the API's checks.
API_TOKEN_RATE_LIMIT = env_str("API_TOKEN_RATE_LIMIT", "120/m")

# --- Language, time -------------------------------------------------------
LANGUAGE_CODE = "hu"
LANGUAGES = [("hu", "Magyar"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Budapest"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files -------------------------------------------
STATIC_URL = "static/"
# Every mode serves static files as production does: `collectstatic` (which `make run`
# and the image build run) copies them to STATIC_ROOT under content-hashed names with
# gzip and Brotli copies beside them, and WhiteNoise serves the hashed names with a
# one-year immutable Cache-Control, so the next page loads none of them again. With
# DJANGO_DEBUG on, templates link the unhashed names, served from the apps and
# static/ (WhiteNoise's finders) and re-read on every change.
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Files browsers ask for at fixed addresses (/favicon.ico), served with the short
# default max-age since their names cannot change with their content.
WHITENOISE_ROOT = BASE_DIR / "public"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "media/"  # never served directly: downloads go through access-checked views
PORTAL_UPLOAD_MAX_BYTES = env_int("PORTAL_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Every upload is scanned by ClamAV's clamd (cases/scanning.py). "required": no
# file is accepted while the scanner does not answer (production accepts
# nothing else: an unscanned file must never reach a clerk); "optional": a file
# is accepted unscanned, with a warning, while no scanner runs (development);
# "off": no scanning at all (development only).
PORTAL_UPLOAD_SCAN = env_str("PORTAL_UPLOAD_SCAN", "required" if PRODUCTION else "optional")
if PORTAL_UPLOAD_SCAN not in {"required", "optional", "off"}:
    raise ImproperlyConfigured("PORTAL_UPLOAD_SCAN must be 'required', 'optional' or 'off'")
if PRODUCTION and PORTAL_UPLOAD_SCAN != "required":
    raise ImproperlyConfigured("PORTAL_UPLOAD_SCAN must be 'required' in production")
# Where clamd listens: unix:/path or tcp://host:port. Embedded: the demo clamd
# that `make run` starts (sandbox/clamav); production: Debian's clamav-daemon.
CLAMD_ADDRESS = env_str(
    "CLAMD_ADDRESS",
    "unix:/run/clamav/clamd.ctl" if PRODUCTION else f"unix:{DATA_DIR / 'clamav' / 'clamd.sock'}",
)
CLAMD_TIMEOUT_SECONDS = env_int("CLAMD_TIMEOUT_SECONDS", 30)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Issued documents -------------------------------------------------------
# The authority named on every issued PDF (a case type may name its own). The
# default is the keeper of the registers the services read, as the sources name
# it: the ministry's deputy state secretariat for keeping the registers.
PORTAL_ISSUING_AUTHORITY = env_str(
    "PORTAL_ISSUING_AUTHORITY",
    "Belügyminisztérium Nyilvántartások Vezetéséért Felelős Helyettes Államtitkárság",
)
PORTAL_ISSUING_AUTHORITY_ADDRESS = env_str(
    "PORTAL_ISSUING_AUTHORITY_ADDRESS", "1133 Budapest, Visegrádi u. 112."
)
# The authority's document-signing key and certificate (PEM), and the chain of the CA
# that issued it, for the PDFs that are signed (PAdES, cases/signing.py: the criminal
# record certificate). Unset (embedded only): a sandbox CA and a certificate it issued
# are generated under var/keys. Production refuses to sign without them.
PORTAL_SIGNING_KEY_FILE = env_str("PORTAL_SIGNING_KEY_FILE")
PORTAL_SIGNING_CERT_FILE = env_str("PORTAL_SIGNING_CERT_FILE")
PORTAL_SIGNING_CHAIN_FILE = env_str("PORTAL_SIGNING_CHAIN_FILE")

# --- Appointments ---------------------------------------------------------
# Open (future, booked or waiting for confirmation) appointments one person may hold
# for one matter: against hoarding the scarce slots.
APPOINTMENT_LIMIT_PER_SERVICE = env_int("APPOINTMENT_LIMIT_PER_SERVICE", 2)
# How long a booking made without login holds its desk while the e-mailed link waits
# to be opened; the link expires with it.
APPOINTMENT_CONFIRMATION_MINUTES = env_int("APPOINTMENT_CONFIRMATION_MINUTES", 30)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ---------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Ügysegéd <noreply@ugysegeg.example>")
if PORTAL_SANDBOX and not env_str("EMAIL_HOST"):
    # Mail lands in the sandbox mail viewer at /sandbox/mail/.
    EMAIL_BACKEND = "sandbox.mail.MailViewerBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 20

# --- Celery ---------------------------------------------------------------
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 3600}
else:
    # Embedded broker: kombu's file-system transport lets a separate worker
    # process consume what the web process publishes, with no server at all.
    _queue_dir = DATA_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    # kombu's transport, with each message written whole before a worker can see it.
    CELERY_BROKER_TRANSPORT = "portal.broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(DATA_DIR / "broker-processed"),
        "store_processed": False,
        # The exchange tables (kombu's default is ./control, relative to wherever
        # the process was started): kept with the queues so that the web process,
        # the worker and beat agree whatever their working directory.
        "control_folder": str(DATA_DIR / "broker-control"),
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# The worker logs through LOGGING above (JSON lines, request ids, redaction), not a
# handler of Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A dead broker fails a publish in about a second (then portal.celery.PortalTask
# leaves the work to its redelivery job) instead of holding the request.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Workers wait for a broker that went away, however long it is gone, and pick up
# again when it returns; they never exit for it.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# The consumer survives kombu tripping over the connection it is closing when Redis
# went away with tasks in flight (portal.worker.Consumer), and reconnects too after a
# garbled answer from a Redis going down or coming back (redis-py's InvalidResponse,
# ResponseError: kombu's "channel errors"), instead of exiting as "unrecoverable".
# The worker keeps its pid; a service manager need not restart it.
CELERY_BROKER_CHANNEL_ERROR_RETRY = True
CELERY_WORKER_CONSUMER = "portal.worker:Consumer"
# Work whose task never ran (lost with a broker, published while it was down) is
# handed to the workers again this long after it was due (the redelivery jobs below).
PORTAL_REDELIVER_AFTER = timedelta(seconds=env_int("PORTAL_REDELIVER_AFTER", 60))
CELERY_TASK_IGNORE_RESULT = True
# Only acknowledge a task after it ran: a worker killed mid-task leaves the
# message for another worker. Every task body is therefore idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One message at a time per process, so a slow task cannot hold others hostage.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A stuck PDF render or SMTP call must not block a worker forever.
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
# Beat sends only while it holds the beat lock, so that a second beat started by mistake
# stands by instead of sending every job twice (portal/beat.py, ADR: single-beat). With
# Redis the lock expires this many seconds after its holder stopped renewing it; the
# standby takes over then.
CELERY_BEAT_SCHEDULER = "portal.beat:SingleBeatScheduler"
PORTAL_BEAT_LOCK_SECONDS = env_int("PORTAL_BEAT_LOCK_SECONDS", 30)
if PORTAL_BEAT_LOCK_SECONDS < 2:
    raise ImproperlyConfigured("PORTAL_BEAT_LOCK_SECONDS must be 2 or more")
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "portal.tasks.record_heartbeat", "schedule": 30.0},
    # Redelivery: what a broker outage or a lost task left behind, every 30 s, so
    # that it runs within about PORTAL_REDELIVER_AFTER + 30 s of the broker's return.
    "retry-stalled-notifications": {
        "task": "notifications.tasks.requeue_stalled_notifications",
        "schedule": 30.0,
    },
    "issue-missing-documents": {
        "task": "cases.tasks.issue_missing_documents",
        "schedule": 30.0,
    },
    "issue-missing-receipts": {
        "task": "payments.tasks.issue_missing_receipts",
        "schedule": 30.0,
    },
    "remove-orphan-files": {
        "task": "cases.tasks.remove_orphan_files",
        "schedule": crontab(hour=3, minute=30),
    },
    "forget-expired-assertions": {
        "task": "identity.tasks.forget_expired_assertions",
        "schedule": crontab(hour=4, minute=0),
    },
    "expire-documents": {
        "task": "documents.tasks.expire_documents",
        "schedule": crontab(hour=0, minute=15),
    },
    # Appointments: the reminder on the working day before (hourly, so that a booking
    # made during the day is reminded of too; the outbox sends each reminder once).
    "appointment-reminders": {
        "task": "appointments.tasks.send_reminders",
        "schedule": crontab(minute=5, hour="7-19"),
    },
    "appointment-expire-unconfirmed": {
        "task": "appointments.tasks.expire_unconfirmed",
        "schedule": 600.0,
    },
    # Card payments stuck in flight: each payment's `next_check_at` sets its
    # own cadence (5 min to 3 h old: every 10 min, then daily); this only wakes up.
    # Every minute also sweeps paid cases whose effect never ran (a lost task).
    "reconcile-payments": {
        "task": "payments.tasks.reconcile_payments",
        "schedule": 60.0,
    },
}

# A heartbeat older than this marks the worker (or beat) as down on /health/.
PORTAL_HEARTBEAT_MAX_AGE = timedelta(seconds=env_int("PORTAL_HEARTBEAT_MAX_AGE", 120))

# --- Metrics (portal/metrics.py, ADR 0028) -----------------------------------
# prometheus_client's multiprocess mode: each process (gunicorn worker, Celery pool
# process, runserver) writes its counters to files in this folder and a scrape adds
# them up. Read by prometheus_client from the environment, so it is put there before
# anything imports it. gunicorn (portal/gunicorn_conf.py) and `make run` empty it at
# start; the processes of one machine (or container) share it, never two machines.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(DATA_DIR / "metrics"))
# GET /metrics answers clients in these networks (the client address as
# portal/client_ip.py reads it behind TRUSTED_PROXY_COUNT proxies) ...
PORTAL_METRICS_ALLOWED_NETS = [
    ipaddress.ip_network(net, strict=False)
    for net in env_list("PORTAL_METRICS_ALLOWED_NETS", ["127.0.0.0/8", "::1/128"])
]
# ... and, from anywhere, a request with `Authorization: Bearer <this token>` (off when empty).
PORTAL_METRICS_TOKEN = env_secret("PORTAL_METRICS_TOKEN", "")
# host:port where a Celery worker offers its own counters (task failures and retries)
# when it does not share the web's folder above (its own container); off when empty.
PORTAL_WORKER_METRICS_ADDRESS = env_str("PORTAL_WORKER_METRICS_ADDRESS", "")

# --- Logging --------------------------------------------------------------
# Log case references, never personal identifiers (names, ID numbers). Every line
# carries the request id, also a worker's line about a task a request enqueued; both
# formats blank e-mail addresses, long numbers and document numbers (portal/logs.py).
# json: one object per line (time, level, logger, message, request_id, safe fields),
# for the log collector in production; text: for a terminal (`make run`).
PORTAL_LOG_FORMAT = env_str("PORTAL_LOG_FORMAT", "json" if PRODUCTION else "text")
if PORTAL_LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("PORTAL_LOG_FORMAT must be 'json' or 'text'")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.logs.RequestIdFilter"}},
    "formatters": {
        "text": {
            "()": "portal.logs.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        # Hungarian messages as they are, not as \u escapes.
        "json": {"()": "portal.logs.JsonFormatter", "json_ensure_ascii": False},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": PORTAL_LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "saml2": {"level": "WARNING"},
        "xmlschema": {"level": "WARNING"},
    },
}

# --- SMS --------------------------------------------------------------------
# A callable (recipient_e164, text) that hands one SMS to the gateway.
PORTAL_SMS_BACKEND = env_str(
    "PORTAL_SMS_BACKEND",
    "sandbox.mail.capture_sms" if PORTAL_SANDBOX else "notifications.sms.unconfigured",
)

# --- Letters, faxes and official gateway messages (notifications.channels) ----------
# Callables (recipient, subject, text) that hand one letter to the printing house and
# one fax to the fax service; the sandbox keeps both in the mail viewer.
PORTAL_LETTER_BACKEND = env_str(
    "PORTAL_LETTER_BACKEND",
    "sandbox.mail.capture_letter" if PORTAL_SANDBOX else "notifications.channels.unconfigured",
)
PORTAL_FAX_BACKEND = env_str(
    "PORTAL_FAX_BACKEND",
    "sandbox.mail.capture_fax" if PORTAL_SANDBOX else "notifications.channels.unconfigured",
)
# Where messages to a body's official electronic gateway (hivatali kapu) are posted as
# JSON: in the sandbox its stand-in at /sandbox/gateway/, which shows what arrived;
# in production the state gateway service's endpoint, with its bearer token.
PORTAL_GATEWAY_URL = env_str(
    "PORTAL_GATEWAY_URL",
    PORTAL_BASE_URL.rstrip("/") + "/sandbox/gateway/inbox/" if PORTAL_SANDBOX else "",
)
PORTAL_GATEWAY_TOKEN = env_str("PORTAL_GATEWAY_TOKEN", "")
PORTAL_GATEWAY_TIMEOUT = env_int("PORTAL_GATEWAY_TIMEOUT", 20)

# --- Login (SAML) -----------------------------------------------------------
# The portal is a SAML 2.0 service provider. Pointing it at another identity
# provider (the real KAÜ) is configuration only: its metadata file, and our
# own entity id, key and certificate.
XMLSEC_BINARY = env_str("XMLSEC_BINARY", "") or shutil.which("xmlsec1") or "/usr/bin/xmlsec1"
SAML_SP_ENTITY_ID = env_str("SAML_SP_ENTITY_ID", PORTAL_BASE_URL.rstrip("/") + "/saml/metadata/")
SAML_SP_KEY_FILE = env_str("SAML_SP_KEY_FILE")
SAML_SP_CERT_FILE = env_str("SAML_SP_CERT_FILE")
# Metadata of the identity provider; without it, the built-in Ügyfélkapu+ IdP.
SAML_IDP_METADATA_FILE = env_str("SAML_IDP_METADATA_FILE")
if PRODUCTION and not SAML_IDP_METADATA_FILE:
    raise ImproperlyConfigured("SAML_IDP_METADATA_FILE must be set in production")
# Allowed clock difference with the identity provider, in seconds.
SAML_CLOCK_SKEW = env_int("SAML_CLOCK_SKEW", 60)
# Assertion attribute names of the natural identity data, as JSON
# {"user field": "attribute name"}; the default matches the built-in IdP.
SAML_ATTRIBUTE_MAP = json.loads(env_str("SAML_ATTRIBUTE_MAP", "{}") or "{}")
# Authentication context class per login method, as JSON {"method": "URN"}.
SAML_AUTHN_CONTEXTS = json.loads(env_str("SAML_AUTHN_CONTEXTS", "{}") or "{}")

# The built-in Ügyfélkapu+ identity provider. Off in production unless asked for.
UGYFELKAPU_ENABLED = env_bool("UGYFELKAPU_ENABLED", not PRODUCTION)
UGYFELKAPU_ENTITY_ID = env_str(
    "UGYFELKAPU_ENTITY_ID", PORTAL_BASE_URL.rstrip("/") + "/ugyfelkapu/metadata/"
)
UGYFELKAPU_KEY_FILE = env_str("UGYFELKAPU_KEY_FILE")
UGYFELKAPU_CERT_FILE = env_str("UGYFELKAPU_CERT_FILE")
# The origin the card signs at a chip card login (the identity provider's pages).
UGYFELKAPU_CARD_ORIGIN = env_str(
    "UGYFELKAPU_CARD_ORIGIN", "/".join(UGYFELKAPU_ENTITY_ID.split("/")[:3])
).rstrip("/")
# A password must be changed after this many days (Ügyfélkapu+ password expiry).
UGYFELKAPU_PASSWORD_MAX_AGE_DAYS = env_int("UGYFELKAPU_PASSWORD_MAX_AGE_DAYS", 365)
# The service providers the IdP serves besides this portal (which it always
# serves): their metadata files, and metadata URLs read once at the first SAML
# request after start (HTTPS, so the document cannot be changed on the way).
UGYFELKAPU_SP_METADATA_FILES = env_list("UGYFELKAPU_SP_METADATA_FILES", [])
UGYFELKAPU_SP_METADATA_URLS = env_list("UGYFELKAPU_SP_METADATA_URLS", [])
# The two built-in parties know each other by metadata files only, as they would know
# any other party: the portal's SP writes its metadata to SAML_SP_METADATA_FILE, which the
# built-in IdP reads beside the files above; the IdP writes its own to
# UGYFELKAPU_METADATA_FILE, which the SP reads unless SAML_IDP_METADATA_FILE names another.
SAML_SP_METADATA_FILE = env_str(
    "SAML_SP_METADATA_FILE", str(DATA_DIR / "saml" / "portal-sp.xml") if UGYFELKAPU_ENABLED else ""
)
UGYFELKAPU_METADATA_FILE = env_str(
    "UGYFELKAPU_METADATA_FILE",
    str(DATA_DIR / "saml" / "ugyfelkapu-idp.xml") if UGYFELKAPU_ENABLED else "",
)
SAML_IDP_METADATA_FILE = SAML_IDP_METADATA_FILE or UGYFELKAPU_METADATA_FILE
if not UGYFELKAPU_ENABLED:
    INSTALLED_APPS.remove("ugyfelkapu")
else:
    # The IdP's pages get a session of their own, never the portal's (ADR 0009):
    # right after SessionMiddleware, before anything reads `request.session`.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
        "ugyfelkapu.sessions.IdPSessionMiddleware",
    )
    CELERY_BEAT_SCHEDULE["forget-expired-idp-sessions"] = {
        "task": "ugyfelkapu.tasks.forget_expired_sessions",
        "schedule": crontab(hour=4, minute=10),
    }

# --- Card payments: OTP SimplePay v2 ----------------------------------------
# The portal talks to SimplePay over HTTPS with JSON signed by HMAC-SHA384 of
# the merchant secret. In the embedded mode it talks, over the same wire
# protocol, to the emulator in the sandbox app (/sandbox/simplepay/), so the
# payment code cannot tell the two apart.
SIMPLEPAY_MERCHANT = env_str("SIMPLEPAY_MERCHANT", "" if PRODUCTION else "UGYSEGEDDEMO")
# The HMAC key of that merchant account; the built-in one only signs for the emulator.
SIMPLEPAY_SECRET_KEY = env_secret(
    "SIMPLEPAY_SECRET_KEY", "SANDBOXDEMOKEYugysegeg0123456789", required=PRODUCTION
)
# Calls go to {SIMPLEPAY_API_BASE}/payment/v2/{start,query,finish,refund}: the
# emulator mirrors the bank's paths after the host. The bank's own sandbox is
# https://sandbox.simplepay.hu.
SIMPLEPAY_API_BASE = env_str(
    "SIMPLEPAY_API_BASE",
    PORTAL_BASE_URL.rstrip("/") + "/sandbox/simplepay"
    if PORTAL_SANDBOX
    else "https://secure.simplepay.hu",
).rstrip("/")
# Network timeout of one API call, in seconds: a slow bank must not hold a web worker.
SIMPLEPAY_TIMEOUT_SECONDS = env_int("SIMPLEPAY_TIMEOUT_SECONDS", 10)
# Where the payment service posts its IPNs. At the bank this is set per account
# in the merchant admin and never sent in a request; the emulator reads it here.
SIMPLEPAY_IPN_URL = env_str(
    "SIMPLEPAY_IPN_URL", PORTAL_BASE_URL.rstrip("/") + "/payments/simplepay/ipn/"
)
if PORTAL_SANDBOX:
    # The emulator's merchant account: SIMPLEPAY_MERCHANT with SIMPLEPAY_SECRET_KEY,
    # in this currency (one currency per account, as at the bank).
    SANDBOX_SIMPLEPAY_CURRENCY = env_str("SANDBOX_SIMPLEPAY_CURRENCY", "HUF")
    # Two-step payments must be switched on for an account by the bank; once on,
    # a start without "twoStep" reserves instead of charging.
    SANDBOX_SIMPLEPAY_TWO_STEP = env_bool("SANDBOX_SIMPLEPAY_TWO_STEP", False)
    # IPNs for CANCELLED and TIMEOUT are an opt-in of the account at the bank.
    SANDBOX_SIMPLEPAY_FAILURE_IPNS = env_bool("SANDBOX_SIMPLEPAY_FAILURE_IPNS", True)
    # Multiplies the IPN retry schedule (5 minutes … 3 days): 0 retries at once.
    SANDBOX_SIMPLEPAY_TIME_FACTOR = float(env_str("SANDBOX_SIMPLEPAY_TIME_FACTOR", "1") or "1")
    # A fault of the emulated bank, for rehearsing outages: "slow" answers every
    # API call SANDBOX_SIMPLEPAY_SLOW_SECONDS late (after doing the work), "down"
    # answers 503 without doing anything. Empty: the bank works.
    SANDBOX_SIMPLEPAY_FAULT = env_str("SANDBOX_SIMPLEPAY_FAULT", "")
    SANDBOX_SIMPLEPAY_SLOW_SECONDS = float(env_str("SANDBOX_SIMPLEPAY_SLOW_SECONDS", "30") or "30")
    # The worker learns the emulator's tasks from here: they live below the
    # sandbox app, where Celery's autodiscovery does not look.
    CELERY_IMPORTS = ["sandbox.simplepay.tasks"]
    # Times out unpaid transactions, releases 21-day-old reservations and
    # sends IPN retries whose queued message was lost. Also finishes the fraud
    # screenings whose 2-second task was lost with our broker, which the real bank
    # never loses: every 15 s, so that a payment made while Redis was down is
    # confirmed within seconds of its return, not a minute later.
    CELERY_BEAT_SCHEDULE["sandbox-simplepay-sweep"] = {
        "task": "sandbox.simplepay.tasks.sweep",
        "schedule": 15.0,
    }

# --- Chip ID card (eSzemélyi) -------------------------------------------------
# The card bridge the citizen runs listens on this loopback port (its default is
# 24729, see docs/card-bridge.md); the card pages' script talks to it, so it is the
# one address outside the portal that the CSP lets scripts connect to.
ESZEMELYI_BRIDGE_PORT = env_int("ESZEMELYI_BRIDGE_PORT", 24729)
ESZEMELYI_BRIDGE_URL = f"http://127.0.0.1:{ESZEMELYI_BRIDGE_PORT}"
CONTENT_SECURITY_POLICY["DIRECTIVES"]["connect-src"].append(ESZEMELYI_BRIDGE_URL)
# The origin the card signs (the bridge reads it from the browser's Origin header).
# Only exactly this value is accepted: a token made for any other site is refused.
ESZEMELYI_PORTAL_ORIGIN = env_str(
    "ESZEMELYI_PORTAL_ORIGIN", "/".join(PORTAL_BASE_URL.split("/")[:3])
).rstrip("/")
# The card issuer CA whose certificates name the chip ID card in each card's
# authentication certificate (PEM). The embedded default is where the sandbox's
# demo cards put it.
ESZEMELYI_CARD_ISSUER_CA_FILE = env_str(
    "ESZEMELYI_CARD_ISSUER_CA_FILE", str(DATA_DIR / "cards" / "card-issuer-ca.pem")
)
# The e-signature CA (PEM key and certificate); generated under var/keys when unset
# (embedded only).
ESZEMELYI_CA_KEY_FILE = env_str("ESZEMELYI_CA_KEY_FILE")
ESZEMELYI_CA_CERT_FILE = env_str("ESZEMELYI_CA_CERT_FILE")
# The GlobalPlatform (SCP03) keys of the cards' issuer security domain, as hex
# "ENC:MAC:DEK", and their key version. Unset, the embedded mode uses the published
# test key set 40..4F of the virtual cards; production refuses card installs without it.
ESZEMELYI_GP_KEYS = env_secret("ESZEMELYI_GP_KEYS")
ESZEMELYI_GP_KEY_VERSION = env_int("ESZEMELYI_GP_KEY_VERSION", 0x30)
# The NEK applet version the portal installs.
ESZEMELYI_NEK_VERSION = env_str("ESZEMELYI_NEK_VERSION", "2.2")
# Open card operations whose five minutes ran out lose their sealed parameters.
CELERY_BEAT_SCHEDULE["expire-card-operations"] = {
    "task": "eszemelyi.tasks.expire_operations",
    "schedule": 300.0,
}

# --- Bank transfers ----------------------------------------------------------
# A citizen may pay a fee by transfer to this account, with the reference code
# the portal shows in the transfer's comment; clerks import the account's
# statements (camt.053 or CSV, see docs/bank-statements.md) to book the money.


# A made-up account with valid GIRO check digits, the embedded default. It is
# nobody's account: citizens told to pay to it would send real money to nobody,
# so production refuses to start with it (or with none).
DEMO_BENEFICIARY_ACCOUNT = "10032000-01234567-00000008"


def _beneficiary_account(value: str, *, production: bool = False) -> str:
    # Imported here: settings load before the apps, and only this helper needs it.
    from django.core.exceptions import ValidationError

    from population.identifiers import normalise_bank_account, validate_bank_account

    if not value:
        if production:
            raise ImproperlyConfigured(
                "PAYMENTS_BENEFICIARY_ACCOUNT must be set in production: the GIRO account "
                "citizens transfer fees to (without it they would be shown the demo account "
                f"{DEMO_BENEFICIARY_ACCOUNT})"
            )
        value = DEMO_BENEFICIARY_ACCOUNT
    try:
        validate_bank_account(value)
    except ValidationError:
        raise ImproperlyConfigured(
            "PAYMENTS_BENEFICIARY_ACCOUNT is not a valid GIRO account number "
            "(16 or 24 digits with both check digits)"
        ) from None
    account = normalise_bank_account(value)
    if production and account == DEMO_BENEFICIARY_ACCOUNT:
        raise ImproperlyConfigured(
            f"PAYMENTS_BENEFICIARY_ACCOUNT is the demo account {DEMO_BENEFICIARY_ACCOUNT}; "
            "production needs the real account citizens transfer fees to"
        )
    return account


PAYMENTS_BENEFICIARY_NAME = env_str("PAYMENTS_BENEFICIARY_NAME", "Belügyminisztérium")
PAYMENTS_BENEFICIARY_ACCOUNT = _beneficiary_account(
    env_str("PAYMENTS_BENEFICIARY_ACCOUNT", ""), production=PRODUCTION
)
# Days after the citizen declared the transfer before we remind them that the
# money has not reached the account: a domestic transfer arrives the next
# working day, so five days leave room for holidays and bank cut-offs.
PAYMENTS_TRANSFER_REMINDER_DAYS = env_int("PAYMENTS_TRANSFER_REMINDER_DAYS", 5)
# Days after the declaration before clerks are told to look into the case.
PAYMENTS_TRANSFER_ALERT_DAYS = env_int("PAYMENTS_TRANSFER_ALERT_DAYS", 10)
# Celery's autodiscovery reads only `tasks` modules: name this one.
CELERY_IMPORTS = [*globals().get("CELERY_IMPORTS", []), "payments.tasks_transfer"]
# Once a day is enough: the deadlines above are counted in days.
CELERY_BEAT_SCHEDULE["remind-missing-transfers"] = {
    "task": "payments.tasks_transfer.remind_missing_transfers",
    "schedule": crontab(hour=9, minute=0),
}
# Vehicles withdrawn from traffic: the owners who asked are e-mailed before the
# period ends (once each; see vehicles/tasks.py). Daily is enough: the window is days.
CELERY_BEAT_SCHEDULE["remind-withdrawals-ending"] = {
    "task": "vehicles.tasks.remind_withdrawals_ending",
    "schedule": crontab(hour=8, minute=30),
}
# Notification addresses lapsing after two years and alert packages after one:
# reminders a month before, deletion on the day (register/tasks.py).
CELERY_BEAT_SCHEDULE["register-daily-upkeep"] = {
    "task": "register.tasks.daily_register_upkeep",
    "schedule": crontab(hour=6, minute=15),
}
# ID cards and passports: their holders are e-mailed before the document expires (ID
# card: 2 months, 1 month, on the day; passport: 6 months, 1 month, on the day), unless
# they refused it on their profile page; once each (idcards/tasks.py).
CELERY_BEAT_SCHEDULE["send-document-expiry-reminders"] = {
    "task": "idcards.tasks.send_expiry_reminders",
    "schedule": crontab(hour=7, minute=45),
}
# Certificate procedures whose deficiency deadline passed end (criminal_records).
CELERY_BEAT_SCHEDULE["terminate-missed-deficiencies"] = {
    "task": "criminal_records.tasks.terminate_missed_deficiencies",
    "schedule": crontab(hour=0, minute=20),
}
# Where clerk alerts about missing transfers go when the case has no office address.
PAYMENTS_CLERK_ALERT_EMAIL = env_str("PAYMENTS_CLERK_ALERT_EMAIL", "")
