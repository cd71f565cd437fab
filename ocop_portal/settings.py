"""Settings of the OCOP Portal, read from the environment.

Every variable is listed, with its default and meaning, in docs/configuration.md.
"""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from ocop_portal.env import (
    ConfigurationError,
    env,
    read_bool,
    read_choice,
    read_database,
    read_int,
    read_list,
    read_path,
    read_redis_url,
    read_time_zone,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# Without SECRET_KEY this is a development checkout, and DEBUG defaults to on. A deployment sets
# SECRET_KEY, and DEBUG defaults to off. The development secret is allowed only with DEBUG on:
# ocop_portal.checks refuses it otherwise, `check --deploy` always fails on it, and so does the WSGI entry.
DEVELOPMENT_SECRET_KEY = "django-insecure-ocop-portal-development-only-never-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="").strip()
DEBUG = read_bool("DEBUG", default=not SECRET_KEY)
SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = read_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = read_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "simple_history",
    "ocop_portal",
    "org",
    "products",
    "rating",
    "plans",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ocop_portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ocop_portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # records who made each change
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "ocop_portal.urls"
WSGI_APPLICATION = "ocop_portal.runserver_wsgi.application"  # deployments: ocop_portal.wsgi
# The change history is an audit, not an undo: the admin shows it but never writes an old version back, which
# would bypass the services (workflow, checks, totals).
SIMPLE_HISTORY_REVERT_DISABLED = True

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
                "ocop_portal.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": read_database("DATABASE_URL", default_url=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Served with DEBUG off, a process keeps its connection for a minute instead of opening one per request (which cost
# more than some pages' own queries: bench/pages.py). runserver and the tests open one per request.
DATABASES["default"]["CONN_MAX_AGE"] = read_int("CONN_MAX_AGE", default=0 if DEBUG else 60, minimum=0)
# A kept connection (CONN_MAX_AGE > 0) is checked at the first query of each request and opened again if the
# database restarted meanwhile, instead of failing that request (ocop_portal/tests/test_fault_database.py).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Repeated wrong passwords lock that user name from that address for a while (django-axes).
AXES_FAILURE_LIMIT = read_int("LOGIN_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=read_int("LOGIN_LOCKOUT_MINUTES", default=30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "ocop_portal.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Language, time and number formats: Vietnamese first, English second.
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LANGUAGE_CODE = read_choice("LANGUAGE_CODE", default="vi", choices=[code for code, _name in LANGUAGES])
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["ocop_portal.formats"]
TIME_ZONE = read_time_zone("TIME_ZONE", default="Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = read_path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = read_path("MEDIA_ROOT", default=BASE_DIR / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The product registry: dossier uploads and the review workflow (checked by products.checks).
UPLOAD_MAX_MB = read_int("UPLOAD_MAX_MB", default=10, minimum=1)
IMPORT_MAX_MB = read_int("IMPORT_MAX_MB", default=20, minimum=1)
DOCUMENT_EXPIRY_WARNING_DAYS = read_int("DOCUMENT_EXPIRY_WARNING_DAYS", default=60, minimum=0)
# Document types an idea needs before it is submitted, and a product before it is ready for rating.
SUBMISSION_REQUIRED_DOCUMENTS = read_list("SUBMISSION_REQUIRED_DOCUMENTS", default=["registration_form"])
DOSSIER_REQUIRED_DOCUMENTS = read_list(
    "DOSSIER_REQUIRED_DOCUMENTS", default=["registration_form", "business_plan", "organisation_profile"]
)

# The OCOP plan: a task is "due soon" this many days before its due date or report deadline; a period's
# progress report is due this many days after the period's last day (0: on the last day).
PLAN_DUE_SOON_DAYS = read_int("PLAN_DUE_SOON_DAYS", default=14, minimum=0)
PLAN_REPORT_GRACE_DAYS = read_int("PLAN_REPORT_GRACE_DAYS", default=0, minimum=0)

# Periodic reports. A period ends on the last day of its last month unless a cut-off day is set for its kind:
# REPORT_HALF_CUTOFF_DAY=14 ends six-month reports on 14 June (from 15 December), as Decree 09/2019 counts.
REPORT_CUTOFF_DAY = {
    "quarter": read_int("REPORT_QUARTER_CUTOFF_DAY", default=0, minimum=0, maximum=28),
    "half": read_int("REPORT_HALF_CUTOFF_DAY", default=0, minimum=0, maximum=28),
    "year": read_int("REPORT_YEAR_CUTOFF_DAY", default=0, minimum=0, maximum=28),
}
# Certificates listed as expiring: valid at the period's end and ending within this many days after it.
REPORT_EXPIRING_DAYS = read_int("REPORT_EXPIRING_DAYS", default=90, minimum=1)
# The PDF's annex lists at most this many rated products, those with the most stars (0: all); the Excel file has
# them all. WeasyPrint holds each row's layout until the file is written: about 0.2 MB a row.
REPORT_PDF_ANNEX_ROWS = read_int("REPORT_PDF_ANNEX_ROWS", default=1500, minimum=0)
# Celery beat produces each district's and the province's reports this many days after a period closes.
REPORT_AUTO_DAYS = read_int("REPORT_AUTO_DAYS", default=5, minimum=1)
# The leadership dashboard's figures are kept this many seconds per unit, period and day (0: worked out at every
# request). They are the report's indicators over the unit's subtree: 32 queries on a province (bench/pages.py).
# A list page's count for its pager, kept until one of the models its filters read has a new history record.
LIST_COUNT_CACHE_SECONDS = read_int("LIST_COUNT_CACHE_SECONDS", default=300, minimum=0, maximum=3600)
# The public catalogue's cards and pager, kept per filter, page, day and language until a certificate, product or
# producer records a change.
CATALOGUE_CACHE_SECONDS = read_int("CATALOGUE_CACHE_SECONDS", default=300, minimum=0, maximum=3600)
# The choices of the list pages' filter forms (communes, product sets, groups), kept per query and language.
FILTER_CHOICES_CACHE_SECONDS = read_int("FILTER_CHOICES_CACHE_SECONDS", default=60, minimum=0, maximum=3600)
# Each process keeps the scoring sheets' criteria it has read (they never change: an import makes new sheets).
RATING_KEEP_CRITERIA = read_bool("RATING_KEEP_CRITERIA", default=True)
# A detail page's change history, kept until one of its sources has a new record.
HISTORY_CACHE_SECONDS = read_int("HISTORY_CACHE_SECONDS", default=300, minimum=0, maximum=3600)
# A plan dashboard's sections worked out from all its tasks, kept until a task or report changes (or the day does).
PLAN_DASHBOARD_CACHE_SECONDS = read_int("PLAN_DASHBOARD_CACHE_SECONDS", default=300, minimum=0, maximum=3600)
REPORT_DASHBOARD_CACHE_SECONDS = read_int("REPORT_DASHBOARD_CACHE_SECONDS", default=300, minimum=0, maximum=3600)
# Which kinds of period beat produces (quarter, half, year).
REPORT_AUTO_KINDS = read_list("REPORT_AUTO_KINDS", default=["quarter", "half", "year"])
if set(REPORT_AUTO_KINDS) - {"quarter", "half", "year"}:
    raise ConfigurationError(
        f"REPORT_AUTO_KINDS={','.join(REPORT_AUTO_KINDS)!r} names an unknown kind: use quarter, half and/or year."
    )
# A report "processing" for longer than this is taken as stuck (its worker died): the sweep re-queues it,
# and fails it after REPORT_MAX_ATTEMPTS tries.
REPORT_STUCK_MINUTES = read_int("REPORT_STUCK_MINUTES", default=15, minimum=1)
REPORT_MAX_ATTEMPTS = read_int("REPORT_MAX_ATTEMPTS", default=3, minimum=1)
# The Celery queue reports are sent to (empty: the default queue). A queue of their own lets PDF rendering run on
# workers of its own (`celery -A ocop_portal worker -Q reports`) beside one serving the default queue.
REPORT_QUEUE = env.str("REPORT_QUEUE", default="").strip()
# The office that reports for a province (level 1) and a district (level 2), under its People's Committee.
REPORT_ISSUER = {
    1: env.str("REPORT_PROVINCE_ISSUER", default="Sở Nông nghiệp và Phát triển nông thôn"),
    2: env.str("REPORT_DISTRICT_ISSUER", default="Phòng Nông nghiệp và Phát triển nông thôn"),
}

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Cookies and transport security. Behind HTTPS in production, keep the defaults.
SECURE_COOKIES = read_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # forms carry the token (htmx posts the form); no script reads the cookie
SECURE_SSL_REDIRECT = read_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = read_int("SECURE_HSTS_SECONDS", default=0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = read_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Browsers' HSTS preload list takes whole registrable domains (example.gov.vn), which a portal on a host name of
# its province's domain does not decide for: Django's hint to preload is silenced, not followed.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if read_bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The client's address for the sign-in lockout (django-axes through django-ipware) is the last entry of
    # X-Forwarded-For: the one the proxy in front wrote. ipware's proxy_count counts the proxies listed in the
    # header after the client; the one proxy connects itself (REMOTE_ADDR) and is not listed, hence 0. Not strict:
    # whatever a client put before that entry (nginx's $proxy_add_x_forwarded_for keeps it) is skipped, not trusted.
    # Without BEHIND_PROXY axes' default, REMOTE_ADDR only, applies and a client's X-Forwarded-For is ignored.
    AXES_IPWARE_PROXY_COUNT = 0
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    IPWARE_STRICT = False

# Background work: Celery with Redis. Without REDIS_URL, tasks run eagerly in the web process
# (for a newcomer's machine); `check --deploy` refuses that in production.
REDIS_URL = read_redis_url("REDIS_URL")
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_SOFT_TIME_LIMIT = read_int("CELERY_TASK_SOFT_TIME_LIMIT", default=300, minimum=1)
CELERY_TASK_TIME_LIMIT = read_int(
    "CELERY_TASK_TIME_LIMIT", default=CELERY_TASK_SOFT_TIME_LIMIT + 60, minimum=CELERY_TASK_SOFT_TIME_LIMIT + 1
)
if REPORT_STUCK_MINUTES * 60 <= CELERY_TASK_TIME_LIMIT:  # else the sweep re-queues reports still being produced
    raise ConfigurationError(
        f"REPORT_STUCK_MINUTES={REPORT_STUCK_MINUTES} must be longer than CELERY_TASK_TIME_LIMIT "
        f"({CELERY_TASK_TIME_LIMIT} s), after which a report's task is stopped."
    )
# A message taken by a worker that dies without acknowledging it (acks_late: killed, the machine lost) goes back
# to the queue this many seconds after it was delivered (Redis's default is an hour). Longer than a task may run
# (CELERY_TASK_TIME_LIMIT) plus the longest retry countdown a worker holds (60 s), else a message still at work
# would be given to a second worker too. Redis is scanned for such messages every 10 s.
BROKER_VISIBILITY_TIMEOUT = read_int(
    "BROKER_VISIBILITY_TIMEOUT", default=max(600, CELERY_TASK_TIME_LIMIT + 120), minimum=CELERY_TASK_TIME_LIMIT + 61
)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": BROKER_VISIBILITY_TIMEOUT, "unacked_restore_throttle": 1}
CELERY_WORKER_MAX_TASKS_PER_CHILD = 50
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic tasks, run by `celery beat` (`make beat`, beside the worker).
CELERY_BEAT_SCHEDULE = {
    # Once a day: remind the district and the commune 30 days before a star certificate expires.
    "rating-certificate-expiry-reminders": {
        "task": "rating.send_expiry_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    # Once a day: queue the reports of the periods that closed REPORT_AUTO_DAYS ago.
    "reporting-period-reports": {
        "task": "reporting.schedule_period_reports",
        "schedule": crontab(hour=5, minute=30),
    },
    # Every five minutes: re-queue (or fail) reports stuck in "processing" past REPORT_STUCK_MINUTES.
    "reporting-sweep-stuck": {
        "task": "reporting.sweep_stuck_reports",
        "schedule": timedelta(minutes=5),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
    "root": {
        "handlers": ["console"],
        "level": read_choice(
            "LOG_LEVEL", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], upper=True
        ),
    },
}

# Demo data (`manage.py seed_demo`): the password every demo account gets.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="ocop-demo-2026")
