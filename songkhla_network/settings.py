"""Settings for songkhla-network, read from the environment in one place.

Every knob is listed in README's "Settings" table.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment "
            "(or DEBUG=1 on a development machine)."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "template_partials",
    "simple_history",
    # Django's tasks framework (built in from Django 6) and its database backend: work that
    # does not belong in a request runs in `manage.py db_worker` (README, Production).
    "django_tasks",
    "django_tasks_db",
    "songkhla_network.apps.AxesConfig",
    "songkhla_network",
    "members",
    "centers",
    "notifications",
    "members.rosters",
    "members.registry",
    "members.baseline",
    "transactions.catalogue",
    "transactions.purchases",
    "meetings",
    "reports",
    # The organization pages and their admin, the network and center pages (no models):
    # above the areas they gather.
    "members.organizations",
    "centers.overview",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for phones on slow connections (a district's order grid at ten times
    # Songkhla's size: 735 KB, 32 KB compressed). Django pads the compressed body against
    # BREACH and masks the CSRF token on every response; static files come compressed
    # from WhiteNoise above.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "songkhla_network.middleware.session_renewal",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "songkhla_network.middleware.request_size_limit",  # before anything reads the body
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the Thai lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-in while locked out
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "songkhla_network.urls"
WSGI_APPLICATION = "songkhla_network.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "songkhla_network.context_processors.navigation",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so templates/ can override Django's (in Thai).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Unset DATABASE_URL: the embedded SQLite file under var/.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASE_URL = f"sqlite:///{BASE_DIR / 'var' / 'songkhla.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite behind a web server (README, "The embedded SQLite database"): readers never
    # wait for the writer (write-ahead log); every transaction begins IMMEDIATE, taking the
    # database's one write lock before its first read, so it runs whole before or after
    # any other (SQLite has no row locks: select_for_update does nothing, and a transaction
    # that read and then wrote while another wrote failed at once with "database is
    # locked"); a request waits up to 20 s for the lock instead of failing. synchronous
    # stays FULL: a saved order survives a power cut.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions end after SESSION_IDLE_MINUTES without a request: a request renews its session
# when it was last renewed a minute or more ago (middleware.session_renewal), so pages do
# not each write the session row.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "120")) * 60
SESSION_RENEW_SECONDS = 60

# Lockout after repeated failed sign-ins, counted per username *and* address together:
# a district office shares one address, and one person's mistakes must not lock it out.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "songkhla_network.views.locked_out"
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # keep failures only: no log of everyone's sign-ins
AXES_ENABLE_ADMIN = False  # songkhla_network/admin.py shows the lockouts, in Thai

# Audit trail: history is recorded, shown, never edited or reverted from the UI.
SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_EDIT = False

# Content-Security-Policy: scripts only from our own static files (no inline, no eval).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Django admin sets a few style attributes; styles cannot run code.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Error reports leave out personal data (phones, national IDs) as well as passwords.
DEFAULT_EXCEPTION_REPORTER_FILTER = "songkhla_network.reporting.PersonalDataFilter"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Thai first: Thai only, Bangkok time, Buddhist-Era dates through songkhla_network.thai.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
# Request sizes. A district's order grid posts one field per group and product (hundreds
# of groups at ten times Songkhla's size, each round's products): 50,000 fields, about
# 1.5 MB. A form with a file carries at most a 10 MB file (songkhla_network.uploads).
# Larger requests get a Thai page (middleware.request_size_limit); the reverse proxy's
# limit (README, Production) stays above UPLOAD_REQUEST_MAX_SIZE.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 50_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads go to a temporary file
UPLOAD_REQUEST_MAX_SIZE = 12 * 1024 * 1024

# Uploaded meeting documents. Never served as public files: a view checks the policy and
# streams them (meetings.views.attachment).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
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

SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
BEHIND_TLS_PROXY = envbool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The lockout counts per client address; behind the proxy, the address it appended.
AXES_CLIENT_IP_CALLABLE = "songkhla_network.views.client_address"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in with the username; keep only its warnings.
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools log every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Background tasks (Django's tasks framework, django-tasks-db): queued in the database, so
# the demo on SQLite and production on PostgreSQL run the same code; `manage.py db_worker`
# runs them, on as many machines as needed.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# The address of the site as people reach it, for the links in e-mails (no trailing /).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Mail: reminders to district coordinators before a purchase round closes. Without
# EMAIL_HOST the messages are printed to the log (console backend), never lost silently.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "เครือข่ายองค์กรประชาชนจังหวัดสงขลา <noreply@localhost>"
)
