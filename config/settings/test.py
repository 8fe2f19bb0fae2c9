"""Settings for the test suite: the same stack as production, faster hashing."""

from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import CACHES, CELERY_TASK_DEFAULT_QUEUE, DATABASES, REDIS_URL, env
from config.settings.storage import object_storage

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests that need invitations switch them on (tests/test_account_links.py); the rest make people freely.
INVITE_NEW_PEOPLE = False
if not (env.str("EMAIL_URL", default="") or env.str("EMAIL_BACKEND", default="")):
    # Worker processes started by integration tests set EMAIL_URL (a folder the test reads).
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A fixed name, so the Celery worker started by the integration fixture can be pointed at it.
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="test_gesprekscyclus")}
STORAGES = {
    # In memory, unless a test's worker process is pointed at object storage (tests/integration/test_object_storage.py).
    "default": object_storage(env) or {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if not REDIS_URL:
    # The test process queues on a broker folder of its own, never the demo's var/.
    import tempfile

    _broker_dir = Path(tempfile.mkdtemp(prefix="gesprekscyclus-test-broker-"))
    for _folder in ("queue", "processed", "control", "results"):
        (_broker_dir / _folder).mkdir()
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{_broker_dir / 'results'}"
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(_broker_dir / "cache"),
        }
    }

# Keys of this run only: another run's progress for a cycle with the same id must not show here.
CACHES["default"]["KEY_PREFIX"] = CELERY_TASK_DEFAULT_QUEUE

# Tests read their own changes at once (reviewcycle.figures; tests/reviewcycle/test_figures.py sets it).
CYCLE_FIGURES_REFRESH_SECONDS = 0
