"""Settings shared by every environment. Values come from the environment (JIGSAW_*,
DATABASE_URL, SECRET_KEY); dev.py, test.py and production.py only change defaults."""

import datetime as dt
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-jigsaw")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",  # widget templates for the GOV.UK form renderer
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "pgtrigger",
    "rest_framework",
    "drf_spectacular",
    "django_tasks_db",
    "crontask",  # `manage.py crontask` enqueues the scheduled jobs; `db_worker` runs them
    # Jigsaw core apps (ARCHITECTURE.md): every service area stands on these.
    "jigsaw.core",
    "jigsaw.access",
    "jigsaw.audit",
    "jigsaw.records",
    "jigsaw.timescales",
    "jigsaw.people",
    "jigsaw.chronology",
    "jigsaw.meetings",
    "jigsaw.notifications",
    # Service areas: each stands on the core apps above, never on each other.
    "jigsaw.frontdoor",
    "jigsaw.protection",
    "jigsaw.care",
    "jigsaw.missing",
    "jigsaw.exploitation",
    "jigsaw.allegations",
    "jigsaw.channel",
    "jigsaw.fgc",
    "jigsaw.youthjustice",
    "jigsaw.insights",
    # Information governance (issue 12): retention and disposal, subject access requests.
    "jigsaw.retention",
    "jigsaw.subjectaccess",
    "jigsaw.reviews",
    "jigsaw.returns",
    "jigsaw.governance",
    "jigsaw.partnership",
    "jigsaw.demo",
    "jigsaw.api",
]

# A form sent without its token gets a GOV.UK page, not Django's bare "403 Forbidden".
CSRF_FAILURE_VIEW = "jigsaw.core.views.csrf_failure"

MIDDLEWARE = [
    # First: every line logged while a request runs carries its id; then its time is measured.
    "jigsaw.core.logs.RequestIdMiddleware",
    "jigsaw.core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files get the Permissions-Policy too (and keep their caching).
    "jigsaw.core.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Marks dashboards, returns and search as reads a replica may answer (only with DATABASE_REPLICA_URL).
    "jigsaw.core.dbrouter.ReplicaViewMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "jigsaw.audit.middleware.AuditlogMiddleware",  # trusts X-Forwarded-For only from our proxies
    "jigsaw.audit.middleware.AuditContextMiddleware",
    "jigsaw.access.middleware.TwoFactorRequiredMiddleware",
    # Axes last, as its docs ask, so it sees the final authentication result.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        # App pages: Jinja2 with the GOV.UK Frontend macros (govuk-frontend-jinja).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jigsaw" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "jigsaw.core.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # Django's own templates, kept for the admin and DRF's browsable pages.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
FORM_RENDERER = "jigsaw.core.forms.GovukFormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE avoids "database is locked" when the worker and the web server write at once.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "access.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "access:sign-in"
LOGIN_REDIRECT_URL = "core:home"

# Sessions end after inactivity (JIGSAW_SESSION_MINUTES, default 30) and when the browser closes.
SESSION_COOKIE_AGE = env.int("JIGSAW_SESSION_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Slowing down password guessing (django-axes; docs/decisions.md). After JIGSAW_LOCKOUT_FAILURES
# wrong passwords for one user name from one address, that pair waits JIGSAW_LOCKOUT_MINUTES.
# Keyed on the pair, so nobody elsewhere can lock a user out by typing their name; the address
# is the one the audit log believes (X-Forwarded-For only from JIGSAW_TRUSTED_PROXIES).
AXES_FAILURE_LIMIT = env.int("JIGSAW_LOCKOUT_FAILURES", default=5)
# (JIGSAW_LOCKOUT_HOURS, the older setting, is still read when the new one is not set.)
AXES_COOLOFF_TIME = dt.timedelta(
    minutes=env.int("JIGSAW_LOCKOUT_MINUTES", default=round(env.float("JIGSAW_LOCKOUT_HOURS", default=0.25) * 60))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "jigsaw.audit.middleware.client_address"
AXES_RESET_ON_SUCCESS = True
# A wrong try while waiting does not start the wait again: a script hammering the form would
# otherwise keep the real user (at the same address) out for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "jigsaw.access.views.locked_out"

# Two-factor: every user must use TOTP, except users flagged demo_2fa_exempt
# (only the demo generator sets that flag, and only when JIGSAW_DEMO_MODE is on).
JIGSAW_DEMO_MODE = env.bool("JIGSAW_DEMO_MODE", default=False)
OTP_TOTP_ISSUER = "Jigsaw"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "jigsaw" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Content security policy: Django 6's own middleware. Scripts only from us, with a nonce.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Browser features no page of Jigsaw uses, refused to every page (and to anything injected
# into one): jigsaw.core.middleware.PrivacyHeadersMiddleware sends it with every response.
JIGSAW_PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
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
}

# Email: SMTP by default so that a local sink (tests) or a relay (production) receives it.
# Django 6.1 "mailers"; EMAIL_URL like smtp+tls://user:password@relay.council.example:587
_email = env.email_url("EMAIL_URL", default="smtp://127.0.0.1:1025")
MAILERS = {
    "default": {
        "BACKEND": _email.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            k: v
            for k, v in {
                "host": _email.get("EMAIL_HOST"),
                "port": _email.get("EMAIL_PORT"),
                "username": _email.get("EMAIL_HOST_USER") or None,
                "password": _email.get("EMAIL_HOST_PASSWORD") or None,
                "use_tls": _email.get("EMAIL_USE_TLS", False),
                "use_ssl": _email.get("EMAIL_USE_SSL", False),
            }.items()
            if v is not None
        },
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="jigsaw@council.example")

# Background work: Django's task framework on a database queue (works on SQLite and PG).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Audit: one swappable entry model, hash-chained (jigsaw.audit).
AUDITLOG_LOGENTRY_MODEL = "audit.AuditEntry"
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False
JIGSAW_AUDIT_HMAC_KEY = env("JIGSAW_AUDIT_HMAC_KEY", default=SECRET_KEY)
# The audit chain's head is appended here every 15 minutes and verify_audit checks against it
# (jigsaw/audit/anchor.py). In production: storage the app cannot rewrite (docs/deploy.md).
# By default var/ in the checkout; for a SQLite file, beside it (db.sqlite3.audit-anchors.jsonl),
# so that a demo database removed to start again (rm db.sqlite3*) takes its anchors with it.
_default_db = DATABASES["default"]
if _default_db["ENGINE"].endswith("sqlite3") and _default_db["NAME"] not in ("", ":memory:"):
    _anchor_default = f"{_default_db['NAME']}.audit-anchors.jsonl"
else:
    _anchor_default = str(BASE_DIR / "var" / "audit-anchors.jsonl")
JIGSAW_AUDIT_ANCHOR_PATH = Path(env("JIGSAW_AUDIT_ANCHOR_PATH", default=_anchor_default))
# `manage.py flush` leaves the audit log alone (its tables refuse TRUNCATE); tests turn this on.
JIGSAW_AUDIT_FLUSH_ALLOWED = False
# PostgreSQL roles (`manage.py db_roles`, docs/deploy.md): the owner runs migrations and owns the
# tables; the application connects as the app role, which may only add to the audit log.
JIGSAW_DATABASE_OWNER_ROLE = env("JIGSAW_DATABASE_OWNER_ROLE", default="jigsaw_owner")
JIGSAW_DATABASE_APP_ROLE = env("JIGSAW_DATABASE_APP_ROLE", default="jigsaw_app")
# Load balancers whose X-Forwarded-For the audit log may believe.
JIGSAW_TRUSTED_PROXIES = env.list("JIGSAW_TRUSTED_PROXIES", default=[])

REST_FRAMEWORK = {
    # Partner tokens: hashed, named, expiring (jigsaw.api.models.ApiToken).
    "DEFAULT_AUTHENTICATION_CLASSES": ["jigsaw.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_RATES": {"user": "600/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jigsaw partner agency API",
    "DESCRIPTION": "People search and person records for partner agencies, through the access policy and audit.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {"DeadlineStatusEnum": "jigsaw.timescales.choices.DeadlineStatus"},
}

# Operations (docs/deploy.md): who may read /metrics/ (a bearer token; without one, only a
# request straight to the app on 127.0.0.1), and how old the oldest waiting task may be
# before /health/ answers 503.
JIGSAW_METRICS_TOKEN = env("JIGSAW_METRICS_TOKEN", default="")
JIGSAW_METRICS_LOOPBACK = env.bool("JIGSAW_METRICS_LOOPBACK", default=True)
JIGSAW_HEALTH_QUEUE_MAX_AGE_SECONDS = env.int("JIGSAW_HEALTH_QUEUE_MAX_AGE_SECONDS", default=900)
# Views whose GET reads may come from a read replica a few seconds behind (jigsaw/core/dbrouter.py).
JIGSAW_REPLICA_VIEWS = env.list(
    "JIGSAW_REPLICA_VIEWS",
    default=["people:search", "api:person-search", "*:dashboard*", "returns:*", "insights:*", "youthjustice:measures"],
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Local settings of the partnership (rows marked L in shared/domain): one place, all overridable.
JIGSAW_COUNCIL_NAME = env("JIGSAW_COUNCIL_NAME", default="Northbridge Council")
JIGSAW_SERVICE_NAME = "Jigsaw"
# Absolute links in emails (the daily digest, invitations).
JIGSAW_BASE_URL = env("JIGSAW_BASE_URL", default="http://127.0.0.1:8000")
JIGSAW_BREAK_GLASS_HOURS = env.int("JIGSAW_BREAK_GLASS_HOURS", default=4)
# First-time (and replacement) two-factor set-up needs a one-time code from an administrator
# or the user's team manager (jigsaw.access.models.EnrolmentCode); it lasts this long.
JIGSAW_ENROLMENT_CODE_HOURS = env.int("JIGSAW_ENROLMENT_CODE_HOURS", default=72)

# Timescales (jigsaw.timescales). Rows marked L in shared/domain are local: override here.
JIGSAW_DAY_ZERO_INCLUSIVE = env.bool("JIGSAW_DAY_ZERO_INCLUSIVE", default=False)
JIGSAW_DUE_SOON_WORKING_DAYS = env.int("JIGSAW_DUE_SOON_WORKING_DAYS", default=2)
# Local intervals (rows marked L): the partnership's own, from the environment.
JIGSAW_CORE_GROUP_INTERVAL_WORKING_DAYS = env.int("JIGSAW_CORE_GROUP_INTERVAL_WORKING_DAYS", default=20)
JIGSAW_CP_VISIT_INTERVAL_WORKING_DAYS = env.int("JIGSAW_CP_VISIT_INTERVAL_WORKING_DAYS", default=10)
JIGSAW_TIMESCALE_OVERRIDES: dict[str, int] = {"cp_visit": JIGSAW_CP_VISIT_INTERVAL_WORKING_DAYS}
JIGSAW_CALENDAR_CACHE_SECONDS = env.int("JIGSAW_CALENDAR_CACHE_SECONDS", default=300)

# Service areas' local settings (each area reads them with a default; set here to change them).
# The council's own SSDA903 LA code, for "in or out of area" and the return.
JIGSAW_COUNCIL_CODE = env("JIGSAW_COUNCIL_CODE", default="")
# The statutory returns (jigsaw.returns): the council's DfE LA number (3 digits, the CIN census
# LEA; JIGSAW_COUNCIL_CODE above) and its ONS GSS code (E06000001 style, the SSDA903 validator's
# "localAuthority"). Both must be set before a return is produced.
JIGSAW_COUNCIL_GSS_CODE = env("JIGSAW_COUNCIL_GSS_CODE", default="")
# Where the validators' own Python 3.11 environment is (made by ./dev setup).
JIGSAW_VALIDATORS_PYTHON = env(
    "JIGSAW_VALIDATORS_PYTHON", default=str(BASE_DIR / ".venv-validators" / "bin" / "python")
)
# Postcode district -> (latitude, longitude), e.g. loaded from the ONS postcode directory, for
# placement distances; without it the worker's own figure is kept.
JIGSAW_POSTCODE_DISTRICT_CENTROIDS: dict[str, tuple[float, float]] = {}
# Youth justice: the area's population aged 10 to 17 (the ONS mid-year estimate), the
# denominator of the first-time entrant rate per 100,000; and where the figure comes from.
JIGSAW_YOUTH_POPULATION_10_TO_17 = env.int("JIGSAW_YOUTH_POPULATION_10_TO_17", default=0)
JIGSAW_YOUTH_POPULATION_SOURCE = env("JIGSAW_YOUTH_POPULATION_SOURCE", default="")
# When repeated missing episodes prompt a strategy discussion (statutory-reference §5: local).
JIGSAW_MISSING_REPEAT_THRESHOLD = {
    "episodes": env.int("JIGSAW_MISSING_REPEAT_EPISODES", default=3),
    "days": env.int("JIGSAW_MISSING_REPEAT_DAYS", default=90),
    "hours": env.int("JIGSAW_MISSING_LONG_HOURS", default=24),
    "high_risk": True,
    "indicators": True,
}

# Meetings: who must attend for a quorum, by kind (jigsaw.meetings.selectors.DEFAULT_QUORUM).
# e.g. {"icpc": {"required": ["csc"], "other_agencies": 2}}
JIGSAW_MEETING_QUORUM: dict = {}

# The council's own retention periods in years, by record class (jigsaw/records): they replace
# the defaults in jigsaw/retention/schedule.py; a statutory period cannot be shortened here.
JIGSAW_RETENTION_YEARS: dict[str, int] = {}
# Figures (jigsaw/insights). Rates per 10,000 need the council's child population (ONS mid-year
# estimate, aged 0 to 17); without it the dashboards show counts and say the rate is not set.
JIGSAW_CHILD_POPULATION = env.int("JIGSAW_CHILD_POPULATION", default=0)
# England's rates per 10,000 children, shown beside the council's: DfE "Children in need" and
# "Children looked after in England" 2024 (at 31 March 2024). Update with each year's release.
JIGSAW_NATIONAL_RATES = {
    "cin_at_end": env.float("JIGSAW_NATIONAL_CIN_RATE", default=332.9),
    "cp_at_end": env.float("JIGSAW_NATIONAL_CP_RATE", default=41.6),
    "lac_at_end": env.float("JIGSAW_NATIONAL_LAC_RATE", default=70.0),
}
JIGSAW_NATIONAL_RATES_SOURCE = env("JIGSAW_NATIONAL_RATES_SOURCE", default="England, 31 March 2024 (DfE)")
# Anything leaving the council (downloads) shows counts below this as "fewer than N".
JIGSAW_SUPPRESS_BELOW = env.int("JIGSAW_SUPPRESS_BELOW", default=5)
# Partnership reviews (jigsaw.reviews): the three lead safeguarding partners told of every serious
# incident notification, as "Name|Organisation|email" entries separated by ";" (the council, the
# integrated care board, the police). The demo and tests use the .example addresses below.
JIGSAW_SAFEGUARDING_PARTNERS: list[tuple[str, str, str]] = [
    tuple(entry.split("|", 2))  # type: ignore[misc]
    for entry in env(
        "JIGSAW_SAFEGUARDING_PARTNERS",
        default="Director of children's services|Northbridge Council|dcs@council.example;"
        "Chief nurse|Northbridge Integrated Care Board|safeguarding@icb.example;"
        "Chief constable|Northbridge Police|public.protection@police.example",
    ).split(";")
    if entry.count("|") == 2
]
# The safeguarding children partnership (jigsaw/partnership), from its training privacy notice:
# name, job role, organisation, sector and email kept this many years after the course date,
# then the attendance becomes anonymous counts (everything else goes once the course has run).
JIGSAW_TRAINING_ATTENDANCE_YEARS = env.int("JIGSAW_TRAINING_ATTENDANCE_YEARS", default=4)
# Newsletters go out in batches of this many on the worker.
JIGSAW_NEWSLETTER_BATCH_SIZE = env.int("JIGSAW_NEWSLETTER_BATCH_SIZE", default=50)
# A newsletter sign-up never confirmed is deleted after this many days.
JIGSAW_SUBSCRIBER_UNCONFIRMED_DAYS = env.int("JIGSAW_SUBSCRIBER_UNCONFIRMED_DAYS", default=30)
