"""Configuration, read in one place: the environment, then an optional `.env` beside this file.

Nothing else in the project reads `os.environ`.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from dotenv import load_dotenv

from exercise_tracker.analysis.settings import AnalysisSettings

BASE_DIR = Path(__file__).resolve().parent
load_dotenv(BASE_DIR / ".env")

# The constant older versions signed development tokens with: refused everywhere now.
DEVELOPMENT_SECRET = "development-only-secret-never-use-in-production"
# Secrets that ship in docs and examples; production refuses them.
KNOWN_DEFAULT_SECRETS = frozenset(
    {"", "change-me", "changeme", "secret", "dev", DEVELOPMENT_SECRET}
)


def _env(name, default=None):
    value = os.environ.get(name)
    return default if value is None or value.strip() == "" else value.strip()


def _env_int(name, default):
    return int(_env(name, default))


def _env_float(name, default):
    return float(_env(name, default))


def _env_path(name, default):
    value = _env(name)
    return Path(value) if value else default


class Config:
    """Settings shared by every environment; each is documented in the README."""

    ENV_NAME = "development"
    TESTING = False

    # Storage: a real MongoDB when MONGO_URI is set, else the embedded on-disk store.
    MONGO_URI = _env("MONGO_URI")
    DB_NAME = _env("DB_NAME", "exercise_tracker_db")
    INSTANCE_DIR = _env_path("INSTANCE_DIR", BASE_DIR / "instance")
    EMBEDDED_DB_DIR = _env_path("EMBEDDED_DB_DIR", INSTANCE_DIR / "db")
    MONGO_CLIENT = "pymongo" if MONGO_URI else "litemongo"

    REDIS_URL = _env("REDIS_URL")
    PORT = _env_int("PORT", 7860)
    # gunicorn (gunicorn.conf.py): processes and threads per process
    WEB_CONCURRENCY = _env_int("WEB_CONCURRENCY", 2)
    WEB_THREADS = _env_int("WEB_THREADS", 4)
    # Requests after which a gunicorn process is replaced (a guard against slow leaks); 0: never.
    WEB_MAX_REQUESTS = _env_int("WEB_MAX_REQUESTS", 100000)
    # Hops of reverse proxies whose X-Forwarded-* headers are trusted: none unless a real proxy
    # stands in front (production defaults to the platform's one router).
    PROXY_HOPS = _env_int("PROXY_HOPS", 0)
    # Where clients reach the API (e.g. https://clinic.example); absolute links start with it,
    # never with the request's Host. Unset: links are relative.
    PUBLIC_URL = (_env("PUBLIC_URL", "") or "").rstrip("/") or None
    LOG_FORMAT = _env("LOG_FORMAT", "text")  # or "json"
    LOG_LEVEL = _env("LOG_LEVEL", "INFO")
    MIGRATIONS_DIR = BASE_DIR / "migrations"

    # Auth
    # Unset outside production: a random key generated once into INSTANCE_DIR (see instance_secret).
    JWT_SECRET_KEY = _env("JWT_SECRET_KEY")
    JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=_env_int("ACCESS_TOKEN_MINUTES", 30))
    JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=_env_int("REFRESH_TOKEN_DAYS", 14))
    JWT_TOKEN_LOCATION = ["headers"]
    JWT_ALGORITHM = "HS256"
    DOCTOR_REGISTRATION_CODE = _env("DOCTOR_REGISTRATION_CODE")
    PASSWORD_MIN_LENGTH = _env_int("PASSWORD_MIN_LENGTH", 10)
    # argon2id cost (argon2-cffi's defaults)
    PASSWORD_HASH_TIME_COST = 3
    PASSWORD_HASH_MEMORY_KIB = 65536

    # Rate limits (Flask-Limiter notation), kept in Redis when configured so every process agrees.
    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", REDIS_URL or "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # A moving window: a burst straddling a minute boundary is still one burst.
    RATELIMIT_STRATEGY = "moving-window"
    # A Redis that does not answer fails the check quickly (503), rather than holding the request.
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
    # Failed logins on one account from one address; from any address the owner never logged in
    # from (a ceiling that slows guessing from many addresses); and all logins from one address.
    LOGIN_LIMIT_PER_ACCOUNT = _env("LOGIN_LIMIT_PER_ACCOUNT", "5 per minute;20 per hour")
    LOGIN_LIMIT_ACCOUNT_CEILING = _env("LOGIN_LIMIT_ACCOUNT_CEILING", "30 per hour")
    LOGIN_LIMIT_PER_IP = _env("LOGIN_LIMIT_PER_IP", "30 per minute")
    UPLOAD_LIMIT_PER_USER = _env("UPLOAD_LIMIT_PER_USER", "10 per minute;200 per day")
    # Browser origins allowed to call the API (comma-separated); none by default.
    CORS_ORIGINS = [o.strip() for o in (_env("CORS_ORIGINS", "") or "").split(",") if o.strip()]

    # JSON request bodies are small; uploads have their own limit (MAX_UPLOAD_MB).
    MAX_JSON_BODY_BYTES = _env_int("MAX_JSON_BODY_BYTES", 64 * 1024)

    # Uploads and where videos live: a local folder, or GridFS when web and worker share no disk.
    VIDEO_STORAGE = _env("VIDEO_STORAGE", "local")
    UPLOAD_DIR = _env_path("UPLOAD_DIR", INSTANCE_DIR / "uploads")
    MAX_UPLOAD_MB = _env_int("MAX_UPLOAD_MB", 200)
    UPLOAD_WAIT_MAX_S = 60
    # Share of a web process's threads that may hold an upload waiting for its analysis (?wait).
    UPLOAD_WAIT_SHARE = _env_float("UPLOAD_WAIT_SHARE", 0.5)
    # Stored video files older than this are removed by `flask videos purge`; analyses stay.
    VIDEO_RETENTION_DAYS = _env_int("VIDEO_RETENTION_DAYS", 365)

    # Job queue: Redis when REDIS_URL is set, else a background thread of the web process.
    QUEUE_NAME = _env("QUEUE_NAME", "analysis")
    JOB_TIMEOUT_S = _env_int("JOB_TIMEOUT_S", 900)
    JOB_RESULT_TTL_S = _env_int("JOB_RESULT_TTL_S", 3600)
    JOB_FAILURE_TTL_S = _env_int("JOB_FAILURE_TTL_S", 7 * 24 * 3600)
    JOB_RETRIES = _env_int("JOB_RETRIES", 3)
    JOB_RETRY_INTERVALS_S = (10, 60, 300)
    # A busy worker says it is alive this often; a job whose worker has been silent for three
    # beats was abandoned (a killed worker) and goes back to the queue.
    WORKER_HEARTBEAT_S = _env_int("WORKER_HEARTBEAT_S", 10)
    # After SIGTERM a running job may go on this long, then it is requeued at once (RQ's
    # HerokuWorker waits 6 s; the platform sends SIGKILL 30 s after SIGTERM).
    WORKER_SHUTDOWN_WAIT_S = _env_int("WORKER_SHUTDOWN_WAIT_S", 6)
    # A video still `Processing` this long after it started was abandoned by a dead worker.
    STALE_PROCESSING_S = _env_int("STALE_PROCESSING_S", JOB_TIMEOUT_S + 120)
    # Confidence at or above which a matching video completes its exercise.
    MATCH_THRESHOLD = _env_float("MATCH_THRESHOLD", 0.6)

    # Progress and alerts: when a patient's data asks for a doctor's attention.
    ALERT_INACTIVE_DAYS = _env_int("ALERT_INACTIVE_DAYS", 7)
    ALERT_PAIN_LEVEL = _env_int("ALERT_PAIN_LEVEL", 7)
    ALERT_PAIN_RISE = _env_int("ALERT_PAIN_RISE", 2)
    # A fall of range of motion between two analysed attempts, in percent of the earlier one.
    ALERT_RANGE_DROP_PERCENT = _env_float("ALERT_RANGE_DROP_PERCENT", 15.0)
    # The same form warning on this many analysed attempts in a row.
    ALERT_FORM_WARNING_REPEATS = _env_int("ALERT_FORM_WARNING_REPEATS", 2)
    # Weeks of uploads weighed against the prescribed frequency.
    PROGRESS_WEEKS = _env_int("PROGRESS_WEEKS", 4)

    # Outcome questionnaires: a clinic's own instrument files (JSON), beside the shipped ones.
    QUESTIONNAIRES_DIR = _env_path("QUESTIONNAIRES_DIR", None)
    # Remote monitoring: days with data per period, and managed minutes per calendar month.
    MONITORING_PERIOD_DAYS = _env_int("MONITORING_PERIOD_DAYS", 30)
    MONITORING_DAYS_FULL = _env_int("MONITORING_DAYS_FULL", 16)
    MONITORING_DAYS_PARTIAL = _env_int("MONITORING_DAYS_PARTIAL", 2)
    MONITORING_MINUTES_FULL = _env_int("MONITORING_MINUTES_FULL", 20)
    MONITORING_MINUTES_PARTIAL = _env_int("MONITORING_MINUTES_PARTIAL", 10)
    MONITORING_CONTACTS_REQUIRED = _env_int("MONITORING_CONTACTS_REQUIRED", 1)
    # Reminders, missed-session notices and alerts: e-mail and webhook are each off until set.
    SMTP_HOST = _env("SMTP_HOST")
    SMTP_PORT = _env_int("SMTP_PORT", 587)
    SMTP_TLS = _env("SMTP_TLS", "starttls")  # or "ssl" (implicit TLS, port 465) or "off"
    SMTP_USER = _env("SMTP_USER")
    SMTP_PASSWORD = _env("SMTP_PASSWORD")
    SMTP_FROM = _env("SMTP_FROM", "Exercise Tracker <no-reply@localhost>")
    WEBHOOK_URL = _env("WEBHOOK_URL")
    WEBHOOK_SECRET = _env("WEBHOOK_SECRET")  # signs each request (HMAC-SHA256)
    WEBHOOK_TIMEOUT_S = _env_float("WEBHOOK_TIMEOUT_S", 10.0)
    NOTIFY_RETRIES = _env_int("NOTIFY_RETRIES", 4)
    NOTIFY_RETRY_INTERVALS_S = (30, 120, 600, 1800)
    # The doctor is told when a patient has missed this many sessions (again at each multiple).
    MISSED_SESSIONS_NOTICE = _env_int("MISSED_SESSIONS_NOTICE", 3)
    # How often the worker's RQ scheduler sweeps for what is due; 0: not at all (use cron).
    REMINDERS_INTERVAL_S = _env_int("REMINDERS_INTERVAL_S", 300)

    # Analysis engine (see exercise_tracker.analysis.settings)
    MOVENET_MODEL_PATH = _env_path("MOVENET_MODEL_PATH", None)
    MODEL_CACHE_DIR = _env_path("MODEL_CACHE_DIR", INSTANCE_DIR / "models")
    MOVENET_MODEL_URL = _env("MOVENET_MODEL_URL")
    # The sha256 a model file must have; default the published MoveNet Lightning int8 v4's.
    MOVENET_MODEL_SHA256 = _env("MOVENET_MODEL_SHA256")
    # The engine's own defaults: stated once, in AnalysisSettings.
    MODEL_THREADS = _env_int("MODEL_THREADS", AnalysisSettings.model_threads)
    ANALYSIS_FPS = _env_float("ANALYSIS_FPS", AnalysisSettings.analysis_fps)
    ANALYSIS_MAX_DURATION_S = _env_float("ANALYSIS_MAX_DURATION_S", AnalysisSettings.max_duration_s)
    ANALYSIS_MAX_FRAMES = _env_int("ANALYSIS_MAX_FRAMES", AnalysisSettings.max_frames)

    # OpenAPI, Swagger UI and ReDoc, served with no internet access
    API_TITLE = "Exercise Tracker API"
    API_VERSION = "1.0.0"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "/docs"
    OPENAPI_SWAGGER_UI_URL = "/docs-assets/swagger-ui-dist/"
    OPENAPI_REDOC_PATH = "/redoc"
    OPENAPI_REDOC_URL = "/docs-assets/redoc/bundles/redoc.standalone.js"
    API_SPEC_OPTIONS = {
        "info": {
            "description": (
                "Doctors assign exercises to patients; patients upload videos of themselves "
                "doing them; a pose model checks the motion, counts repetitions and measures "
                "range of motion. Authenticate with `POST /api/v1/users/login` and send the "
                "access token as `Authorization: Bearer <token>`."
            )
        }
    }

    @classmethod
    def problems(cls):
        """Reasons this configuration must not serve; empty when it may."""
        from exercise_tracker.notifications.settings import configuration_problems

        return configuration_problems({name: getattr(cls, name) for name in dir(cls)})


class DevelopmentConfig(Config):
    ENV_NAME = "development"


class TestingConfig(Config):
    """Unit tests: in-memory mongomock, or a real server when TEST_MONGO_URI is set."""

    ENV_NAME = "testing"
    TESTING = True
    TEST_MONGO_URI = _env("TEST_MONGO_URI")
    MONGO_URI = TEST_MONGO_URI
    MONGO_CLIENT = "pymongo" if TEST_MONGO_URI else "mongomock"
    DB_NAME = _env("TEST_DB_NAME", "exercise_tracker_test")
    DOCTOR_REGISTRATION_CODE = None
    RATELIMIT_STORAGE_URI = "memory://"
    # Tests use a real Redis, on a database of their own that they may flush.
    REDIS_URL = _env("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    JOB_RETRY_INTERVALS_S = (0, 0, 0)
    NOTIFY_RETRY_INTERVALS_S = (0, 0, 0, 0)
    # Hashing cost is not under test; keep the suite fast.
    PASSWORD_HASH_TIME_COST = 1
    PASSWORD_HASH_MEMORY_KIB = 64


class ProductionConfig(Config):
    ENV_NAME = "production"
    PROXY_HOPS = _env_int("PROXY_HOPS", 1)

    @classmethod
    def problems(cls):
        reasons = []
        if not cls.MONGO_URI:
            reasons.append("MONGO_URI is not set")
        if not cls.JWT_SECRET_KEY or cls.JWT_SECRET_KEY in KNOWN_DEFAULT_SECRETS:
            reasons.append("JWT_SECRET_KEY is missing or a known default")
        elif len(cls.JWT_SECRET_KEY) < 32:
            reasons.append("JWT_SECRET_KEY is shorter than 32 characters")
        return reasons + super().problems()


JWT_SECRET_FILE = "jwt-secret"


def instance_secret(instance_dir: Path) -> str:
    """The signing key kept in `instance_dir` (owner-only), generated on first use, so that
    development never signs with a constant and every process of one deploy shares the key."""
    path = Path(instance_dir) / JWT_SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{JWT_SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, path)  # atomic, and refused when another process got there first
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def analysis_settings(config):
    """The engine's settings from an app's configuration mapping: the one reader of them."""
    overrides = {
        name: config[key]
        for name, key in (
            ("model_url", "MOVENET_MODEL_URL"),
            ("model_sha256", "MOVENET_MODEL_SHA256"),
        )
        if config[key]
    }
    return AnalysisSettings(
        model_path=config["MOVENET_MODEL_PATH"],
        model_cache_dir=config["MODEL_CACHE_DIR"],
        model_threads=config["MODEL_THREADS"],
        analysis_fps=config["ANALYSIS_FPS"],
        max_duration_s=config["ANALYSIS_MAX_DURATION_S"],
        max_frames=config["ANALYSIS_MAX_FRAMES"],
        **overrides,
    )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_environment():
    """The configuration class named by APP_ENV (default development)."""
    name = _env("APP_ENV", "development").lower()
    if name not in CONFIGS:
        raise SystemExit(f"APP_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]
