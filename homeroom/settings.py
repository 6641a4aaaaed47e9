"""Django settings, read from the environment through small typed helpers.

Defaults are for a developer's machine: an SQLite file, debug off unless asked.
``HOMEROOM_ENV=production`` turns on every deployment safeguard and refuses to
start without a real secret key.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from homeroom.lib.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = envstr("HOMEROOM_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"

SECRET_KEY = envstr("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when HOMEROOM_ENV=production")
    SECRET_KEY = "development-only-key-not-for-production-use-" + "x" * 20

DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "ninja",  # its Swagger page from /static/ (no CDN, no inline script: fits the CSP)
    "huey.contrib.djhuey",
    "axes",
    "homeroom.access",
    "homeroom.audit",
    "homeroom.districts",
    "homeroom.people",
    "homeroom.enrollment",
    "homeroom.scheduling",
    "homeroom.counseling",
    "homeroom.notices",
    "homeroom.api",
    "homeroom.web",
    "homeroom.demo",
]

MIDDLEWARE = [
    "homeroom.access.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "homeroom.people.middleware.GuardianLanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "homeroom.web.middleware.RefuseControlCharacters",
    "homeroom.access.middleware.RequireMFAMiddleware",
    "homeroom.audit.middleware.AuditContextMiddleware",
    "homeroom.api.idempotency.IdempotencyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "homeroom.urls"
WSGI_APPLICATION = "homeroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "homeroom.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'homeroom.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "access.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "homeroom.access.throttle.LoginBackoffBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Multi-factor login: staff must pass TOTP in production; the demo may skip it.
HOMEROOM_REQUIRE_MFA = envbool("HOMEROOM_REQUIRE_MFA", PRODUCTION)
if PRODUCTION and not HOMEROOM_REQUIRE_MFA:
    raise RuntimeError("Production never runs without multi-factor login for staff")
OTP_TOTP_ISSUER = "Homeroom"
# `homeroom seed` creates demo-* logins with a published password: never in production.
HOMEROOM_DEMO = envbool("HOMEROOM_DEMO", not PRODUCTION)
# Where staff reach the site: the start of the links `homeroom mfa link` prints.
HOMEROOM_BASE_URL = envstr("HOMEROOM_BASE_URL", "http://127.0.0.1:8000")

# Login throttling (docs/authentication.md): django-axes locks an address after 20
# failures within 15 minutes across any usernames (password spraying), never a username
# alone; homeroom.access.throttle backs off a username at an address it keeps failing from.
AXES_FAILURE_LIMIT = envint("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = "homeroom.access.throttle.lockout_parameters"
# A success must not wipe an address's failures (a sprayer holding one real account could).
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ENABLED = envbool("AXES_ENABLED", True)
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client; audit rows,
# disclosures and login throttling all take the address from audit.context.client_ip.
HOMEROOM_TRUSTED_PROXIES = envlist("HOMEROOM_TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "homeroom.audit.context.client_ip"
# The restricted database role the application runs as (`homeroom db_roles`); when set,
# `migrate` (run as the owner) re-applies its grants afterwards.
HOMEROOM_DB_APP_ROLE = envstr("HOMEROOM_DB_APP_ROLE", "")

# Email (pre-registration codes): the console outside production; production must name a
# real SMTP server. SMS codes go to the callable named by HOMEROOM_SMS_SENDER.
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = envstr("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Homeroom <no-reply@localhost>")
if PRODUCTION and EMAIL_BACKEND.endswith("smtp.EmailBackend") and not EMAIL_HOST:
    raise RuntimeError("EMAIL_HOST must be set when HOMEROOM_ENV=production")
HOMEROOM_SMS_SENDER = envstr("HOMEROOM_SMS_SENDER", "homeroom.enrollment.sms.log_sms")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "homeroom" / "locale"]
USE_I18N = True
TIME_ZONE = envstr("TIME_ZONE", "America/Los_Angeles")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# WhiteNoise serves static files; outside production it reads them from the apps
# directly, so the demo needs no collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# Background work: Huey. The demo and tests run tasks in-process (immediate mode,
# no extra services); production points REDIS_URL at Redis and runs workers
# on as many machines as needed.
_redis_url = envstr("REDIS_URL", "")
HUEY = {
    "name": "homeroom",
    "immediate": not _redis_url,
    "huey_class": "huey.RedisHuey",
    "connection": {"url": _redis_url} if _redis_url else {},
}

# Idempotency-Key records (docs/api.md): an unanswered claim lapses after the lease (keep it
# longer than the server's worker timeout, gunicorn's --timeout, 30 s by default), and a
# stored answer (it holds student data) is deleted after the retention.
HOMEROOM_IDEMPOTENCY_LEASE_SECONDS = envint("HOMEROOM_IDEMPOTENCY_LEASE_SECONDS", 60)
HOMEROOM_IDEMPOTENCY_RETENTION_HOURS = envint("HOMEROOM_IDEMPOTENCY_RETENTION_HOURS", 24)

# A refused request (403, 404) is one line on django.request, not a traceback (lib/logs.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_refusals": {"()": "homeroom.lib.logs.OneLineRefusals"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["one_line_refusals"]}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

# Year-end promotion: credits needed to enter each high-school grade (LAUSD figures
# from the domain reference; configuration, not code: confirm each year).
HOMEROOM_PROMOTION_CREDITS = {"10": 50, "11": 105, "12": 160}
# "Nobody lost": days after entry before a student never seen is a probable no-show,
# and how many sections make a full schedule at each school level.
HOMEROOM_NO_SHOW_AFTER_DAYS = envint("HOMEROOM_NO_SHOW_AFTER_DAYS", 3)
HOMEROOM_FULL_SCHEDULE_SECTIONS = {
    "elementary": 1,
    "k8": 1,
    "middle": 6,
    "high": 6,
    "continuation": 4,
}

# Read limit and volume alert (docs/audit.md): distinct students one user may read in the
# window (profiles, searches, dashboards, reports all count), bigger for some roles; the
# district's administrators get one notice per user per window past the alert share of
# the limit or past the number of list reads in a minute.
HOMEROOM_READ_WINDOW_SECONDS = envint("HOMEROOM_READ_WINDOW_SECONDS", 600)
HOMEROOM_READ_LIMIT = envint("HOMEROOM_READ_LIMIT", 1000)
HOMEROOM_READ_LIMIT_BY_ROLE = {"district_admin": envint("HOMEROOM_READ_LIMIT_DISTRICT", 2000)}
HOMEROOM_READ_ALERT_SHARE = 0.5
HOMEROOM_READ_ALERT_READS_PER_MINUTE = envint("HOMEROOM_READ_ALERT_READS_PER_MINUTE", 60)
