"""Settings for the reference site: one code path, the environment decides (see .env.example)."""

import datetime
import os
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# "production" makes every secret and host explicit and switches on the HTTPS hardening.
DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    # No defaults here: a missing variable stops the process with ImproperlyConfigured.
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    _database_url = env.str("DATABASE_URL")
    REDIS_URL = env.str("REDIS_URL")
else:
    SECRET_KEY = env.str(
        "DJANGO_SECRET_KEY", default="development-only-key-never-use-in-production-7c2f1a9e"
    )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
    _database_url = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    REDIS_URL = env.str("REDIS_URL", default="")

DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "lms.platform",
    "lms.security",
    "lms.core",
    "lms.courses",
    "lms.video",
    "lms.quizzes",
    "lms.discussions",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.core.apps.UsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # django-csp's middleware, with the admin's and previews' directives (config/csp.py).
    "config.csp.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session limits, the forced password change, two-factor for staff, and
    # the request's address and user for the security audit trail (lms.security).
    "lms.security.middleware.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASES = {"default": env.db_url_config(_database_url)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default runs a web process and a worker on one file: WAL lets readers go on
    # while one writer writes, and IMMEDIATE transactions queue writers instead of failing them.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests on a file, not in memory: a live server's threads and the test then each have a
    # connection of their own, waiting on each other's locks as the site's processes do,
    # instead of sharing one connection that two requests at once break. One file per test run
    # (the process id names it), so two runs in one checkout never write into each other's.
    DATABASES["default"]["TEST"] = {
        "NAME": str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
# Names this site's keys in a shared Redis ("<prefix>:…"): the cache's and the Celery broker's.
# Each run of the test suite sets its own, so two runs never take each other's tasks.
REDIS_KEY_PREFIX = env.str("REDIS_KEY_PREFIX", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL, "KEY_PREFIX": REDIS_KEY_PREFIX}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -------------------------------------------------------------------------------------
# django-axes first: a locked-out sign-in is refused before any password is hashed.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading a user's own and their groups' permissions in one query.
    "lms.security.backends.PermissionBackend",
]
# Passwords (lms.security.passwords): Django's four checks, the school's complexity rule and no
# reuse of the last LMS_PASSWORD_HISTORY passwords.
LMS_PASSWORD_MIN_LENGTH = env.int("LMS_PASSWORD_MIN_LENGTH", default=10)
LMS_PASSWORD_MIN_CLASSES = env.int("LMS_PASSWORD_MIN_CLASSES", default=3)
LMS_PASSWORD_HISTORY = env.int("LMS_PASSWORD_HISTORY", default=5)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": LMS_PASSWORD_MIN_LENGTH}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "lms.security.passwords.CharacterClassValidator",
     "OPTIONS": {"min_classes": LMS_PASSWORD_MIN_CLASSES}},
    {"NAME": "lms.security.passwords.PasswordHistoryValidator",
     "OPTIONS": {"history": LMS_PASSWORD_HISTORY}},
]
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
    ],
)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Failed sign-ins (django-axes, on the site form, the Wagtail admin and the API token): after
# AXES_FAILURE_LIMIT failures within the cool-off for one username from one address, that pair
# is refused until the cool-off has passed since the last failure. Attempts while locked out
# write nothing and are answered before any password is hashed.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]] if env.str(
    "AXES_LOCKOUT_BY", default="username_and_address") == "username_and_address" else [
    "username", "ip_address"]
AXES_USE_ATTEMPT_EXPIRATION = True  # failures older than the cool-off stop counting
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are recorded once, in lms.security's audit trail
AXES_ENABLE_ADMIN = False  # lockouts are seen and lifted in the Wagtail admin (Security)
AXES_LOCKOUT_CALLABLE = "lms.security.lockout.lockout_response"
AXES_HANDLER = "lms.security.lockout.AxesHandler"  # axes' database handler, a write less
AXES_CLIENT_IP_CALLABLE = "lms.security.addresses.client_ip"
AXES_VERBOSE = False
# Masked in what axes keeps of a failed attempt's form (the password always is).
AXES_SENSITIVE_PARAMETERS = ["csrfmiddlewaretoken", "code", "otp"]

# Sessions: ended after LMS_SESSION_IDLE_MINUTES without a request and LMS_SESSION_MAX_HOURS
# after signing in, whatever the activity. Pages with long work warn before the idle end.
LMS_SESSION_IDLE_MINUTES = env.int("LMS_SESSION_IDLE_MINUTES", default=30)
LMS_SESSION_MAX_HOURS = env.int("LMS_SESSION_MAX_HOURS", default=12)
LMS_SESSION_WARNING_MINUTES = env.int("LMS_SESSION_WARNING_MINUTES", default=5)
SESSION_COOKIE_AGE = LMS_SESSION_MAX_HOURS * 3600

# Two-factor sign-in (TOTP with recovery codes, django-otp): the roles that must use it (curator,
# superuser) and those that may (instructor, trainee). OTP_TOTP_ISSUER names the site in apps.
LMS_2FA_REQUIRED = env.list("LMS_2FA_REQUIRED", default=["curator", "superuser"])
LMS_2FA_OPTIONAL = env.list("LMS_2FA_OPTIONAL", default=["instructor"])
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Cadre LMS")

# The security audit trail keeps each event this many days (MLPS 2.0 asks for six months).
LMS_AUDIT_RETENTION_DAYS = env.int("LMS_AUDIT_RETENTION_DAYS", default=180)

# --- Languages and time -----------------------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en")
# Each language named in itself, as a language switcher shows it.
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [
    # First, so it wins over every app's catalogue: the words Wagtail's own zh-hans catalogue lacks
    # or gets wrong on the screens a curator uses. `makemessages` never writes here (no source
    # file sits under it), so the entries survive `make messages`; compilemessages compiles it.
    BASE_DIR / "locale_overrides" / "locale",
    BASE_DIR / "locale",  # the project's own strings (site templates, widgets)
]
# One way of writing dates per language, screens and spreadsheets alike (config/formats/).
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media files -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(BASE_DIR / "static_collected"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    # Any S3-compatible service (MinIO, Ceph, a cloud's object store); needs the `s3` extra.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default=None),
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
            "file_overwrite": False,
        },
    }
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=10 * 1024 * 1024)
# Resumable video uploads under way (lms.video.conf): never under MEDIA_ROOT or anything served;
# with several web machines, a volume all of them mount.
LMS_VIDEO_UPLOAD_DIR = env.str("LMS_VIDEO_UPLOAD_DIR", default=str(BASE_DIR / "var" / "uploads"))

# --- Email ------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if not PRODUCTION else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Cadre LMS <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's page previews opt into SAMEORIGIN themselves; everything else refuses framing.
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# --- Content-Security-Policy (django-csp) ------------------------------------------------------
# The README's "Content-Security-Policy" section says why each source is allowed. The site's pages
# run scripts from this site's files only: no inline script, no event-handler attribute, no eval.
from csp.constants import NONE, SELF, UNSAFE_INLINE  # noqa: E402

# Origins besides this site that images and video come from (S3 or a CDN: hls.js fetches the
# segments, so connect-src too), and that embeds (the lecture's Embed block) frame; comma-separated.
_csp_extra_media_src = env.list("CSP_EXTRA_MEDIA_SRC", default=[])
_csp_extra_frame_src = env.list("CSP_EXTRA_FRAME_SRC", default=[])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Style attributes: Lit's style bindings in the widgets, Wagtail's admin, Swagger UI.
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *_csp_extra_media_src],
        "media-src": [SELF, "blob:", *_csp_extra_media_src],
        "connect-src": [SELF, *_csp_extra_media_src],
        "font-src": [SELF, "data:"],
        "worker-src": [SELF, "blob:"],
        "frame-src": [SELF, *_csp_extra_frame_src],
        "frame-ancestors": [NONE],  # as X_FRAME_OPTIONS = "DENY"
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}
# Under the Wagtail admin these replace the site's directives (config.csp.CSPMiddleware): Wagtail 8
# still writes inline scripts (panels, date pickers, choosers' modal responses), and frames its
# page previews, whose views answer X-Frame-Options: SAMEORIGIN. A preview itself (a site page
# rendered for the admin's preview panel) may only be framed by this site.
LMS_CSP_ADMIN_PREFIX = "/admin/"
LMS_CSP_ADMIN_DIRECTIVES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "frame-ancestors": [SELF],
}
LMS_CSP_PREVIEW_DIRECTIVES = {"frame-ancestors": [SELF]}

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env.str("WAGTAIL_SITE_NAME", default="Cadre LMS")
# The school's name the admin shows beside its logo (sidebar, sign-in page, browser title).
# The school's name; empty: "Cadre LMS" in the page's language (干部网络学院 in Chinese).
LMS_SCHOOL_NAME = env.str("LMS_SCHOOL_NAME", default="")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# No request leaves the site: no avatars from Gravatar, no check for Wagtail updates.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv", "zip"]

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_PARSER_CLASSES": [
        "lms.platform.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes refusals 401 rather than 403.
        "rest_framework.authentication.TokenAuthentication",
        "lms.platform.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "lms.platform.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "lms.platform.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/min"),
        "user": env.str("API_THROTTLE_USER", default="1200/min"),
        "auth": env.str("API_THROTTLE_AUTH", default="10/min"),
    },
    # How many proxies sit in front of the site: the client address for throttling is read from
    # X-Forwarded-For only that deep, so a client cannot forge its way past the limits.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # `?format=` is a catalogue filter (the course format); the response format follows Accept.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cadre LMS API",
    "DESCRIPTION": "Training plans, courses, videos, quizzes, discussions, cases and simulations.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["lms.platform.api.schema.only_api_v1"],
    # Choice sets used under more than one field name get one stable enum name each.
    "ENUM_NAME_OVERRIDES": {
        "EnrolmentStatusEnum": "lms.courses.models.Enrolment.Status",
        "EnrolmentSourceEnum": "lms.courses.models.Enrolment.Source",
        "RequirementKindEnum": "lms.courses.models.CourseRequirement.Kind",
        "CourseFormatEnum": "lms.courses.models.CoursePage.Format",
        "WorkUnitKindEnum": "lms.core.models.WorkUnit.Kind",
        "RankLevelEnum": "lms.core.models.RankLevel",
        "VideoStatusEnum": "lms.video.models.Video.Status",
        "AttemptStatusEnum": "lms.quizzes.models.Attempt.Status",
        "QuestionTypeEnum": "lms.quizzes.models.QuestionType",
        "GradingMethodEnum": "lms.quizzes.models.Quiz.Grading",
        "ThreadKindEnum": "lms.discussions.models.Thread.Kind",
        "ThreadStatusEnum": "lms.discussions.models.Thread.Status",
        "FlagReasonEnum": "lms.discussions.models.PostFlag.Reason",
        "DebateSideEnum": "lms.discussions.models.Side",
        "SeminarGroupingEnum": "lms.discussions.models.SeminarGroup.Basis",
    },
}

# --- Celery -----------------------------------------------------------------------------------
# With Redis the broker is Redis; without it (the embedded default) the broker is a folder
# that the web process writes and the worker process reads, so no server is needed.
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_BROKER_FOLDER = Path(env.str("CELERY_BROKER_FOLDER", default=str(BASE_DIR / "var" / "celery")))
# Video processing runs for hours on a long lecture: a task is held by its worker until done
# (late acknowledgement), so Redis must not hand it to another worker before its time limit.
LMS_VIDEO_TASK_TIME_LIMIT = env.int("LMS_VIDEO_TASK_TIME_LIMIT", default=6 * 3600)
# How video files reach browsers (lms.video.delivery): django, accel (nginx) or redirect (S3).
LMS_VIDEO_DELIVERY = env.str("LMS_VIDEO_DELIVERY", default="django")
LMS_VIDEO_ACCEL_PREFIX = env.str("LMS_VIDEO_ACCEL_PREFIX", default="/protected-media/")
if REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": LMS_VIDEO_TASK_TIME_LIMIT + 3600}
    if REDIS_KEY_PREFIX:
        CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = f"{REDIS_KEY_PREFIX}:"
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER / "queue"),
        "data_folder_out": str(CELERY_BROKER_FOLDER / "queue"),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TIMEZONE = TIME_ZONE
# Periodic jobs, run by `celery beat` (scripts/serve.sh runs it inside the worker).
CELERY_BEAT_SCHEDULE = {
    "lms-video-requeue-stuck": {"task": "lms.video.tasks.requeue_stuck_videos",
                                "schedule": 600.0},
    "lms-video-expire-uploads": {"task": "lms.video.tasks.expire_uploads",
                                 "schedule": 3600.0},
    "lms-quizzes-close-overdue": {"task": "lms.quizzes.tasks.close_overdue_attempts",
                                  "schedule": 60.0},
    # The daily digest of discussions, in the early morning of TIME_ZONE.
    "lms-discussions-daily-digest": {"task": "lms.discussions.tasks.email_daily_digests",
                                     "schedule": crontab(hour=7, minute=0)},
    # Security events older than LMS_AUDIT_RETENTION_DAYS, removed at night.
    "lms-security-purge-audit": {"task": "lms.security.tasks.purge_expired_events",
                                 "schedule": crontab(hour=3, minute=30)},
}

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail's reference-index and search tasks log every run at INFO.
        "django_tasks": {"level": "WARNING"},
        # django-axes logs every sign-in failure; lms.security records them in its trail.
        "axes": {"level": "ERROR"},
    },
}

# --- Cadre LMS apps (each app documents its own settings in its conf.py) ------------------------
LMS_DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="cadre-demo-2026")
