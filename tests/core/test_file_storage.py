"""Where files are kept (issue 24): the local disk unless object storage is configured (config.settings.storage)."""

import os
import subprocess
import sys
from pathlib import Path

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.storage import object_storage

ROOT = Path(__file__).resolve().parents[2]
S3_VARIABLES = ["STORAGE_URL", "AWS_STORAGE_BUCKET_NAME", "AWS_LOCATION", "AWS_S3_ENDPOINT_URL"]


@pytest.fixture
def clean_env(monkeypatch):
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize("module", ["config.settings.local", "config.settings.production"])
def test_without_object_storage_settings_files_stay_on_the_local_disk(module, tmp_path, clean_env):
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.files.storage import storages\n"
        "files = storages['default']\n"
        "print(type(files).__module__ + '.' + type(files).__name__)\n"
        "print(files.location == str(settings.MEDIA_ROOT), settings.MEDIA_ROOT)\n"
    )
    env = {
        **{key: value for key, value in os.environ.items() if key not in S3_VARIABLES},
        "DJANGO_SETTINGS_MODULE": module,
        "VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "localhost",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert out[1] == f"True {tmp_path / 'var' / 'media'}"


def test_without_a_bucket_there_is_no_object_storage(clean_env):
    clean_env.setenv("AWS_S3_ENDPOINT_URL", "http://127.0.0.1:9000")  # an endpoint alone is not enough
    assert object_storage(environ.Env()) is None


def test_storage_url_names_the_bucket_and_prefix_and_keeps_objects_private(clean_env):
    clean_env.setenv("STORAGE_URL", "s3://gemeente-bestanden/gesprekscyclus/")
    clean_env.setenv("AWS_S3_ENDPOINT_URL", "https://objectstore.example.nl")
    storage = object_storage(environ.Env())
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert (options["bucket_name"], options["location"]) == ("gemeente-bestanden", "gesprekscyclus")
    assert options["endpoint_url"] == "https://objectstore.example.nl"
    assert options["default_acl"] is None  # no public-read: private to the bucket's owner
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False


def test_the_bucket_setting_of_django_storages_works_alone(clean_env):
    clean_env.setenv("AWS_STORAGE_BUCKET_NAME", "exports")
    clean_env.setenv("AWS_LOCATION", "prod")
    options = object_storage(environ.Env())["OPTIONS"]
    assert (options["bucket_name"], options["location"]) == ("exports", "prod")
    assert options["endpoint_url"] is None


@pytest.mark.parametrize("url", ["https://bucket", "s3://", "file:///srv/media"])
def test_a_storage_url_that_is_not_s3_is_refused(clean_env, url):
    clean_env.setenv("STORAGE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="s3://bucket"):
        object_storage(environ.Env())
