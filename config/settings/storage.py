"""Where the product keeps its files (the bulk PDF zips): a local folder, or S3-compatible object storage.

With nothing set, files stay under ``MEDIA_ROOT`` (``VAR_DIR/media``) on the machine's own disk: the
embedded default, and one host whose web and worker share that folder. Several machines share no disk,
so there a worker's zip goes to a bucket that every web node reads: set ``STORAGE_URL=s3://bucket`` (an
optional path after the bucket is a prefix for every name, ``s3://bucket/gesprekscyclus``) or
``AWS_STORAGE_BUCKET_NAME``. The rest is django-storages' own settings, read from the environment under
their own names: ``AWS_S3_ENDPOINT_URL`` (MinIO or a government cloud's object store; empty for Amazon),
``AWS_S3_REGION_NAME``, ``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY`` (or a role the machine has),
``AWS_S3_ADDRESSING_STYLE`` (``path`` or ``virtual``), ``AWS_LOCATION`` (the prefix).

The bucket is never public: objects are written without an ACL (private to the bucket's owner), a URL
to one is only ever signed, and the product does not hand out such URLs: a download is streamed by the
web node after its own permission check (``core.files``). Names are never overwritten: a second zip with
the same name gets a suffix, as on a local disk.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"


def object_storage(env) -> dict | None:
    """The ``STORAGES["default"]`` entry for object storage when the environment asks for it, else None.

    ``env`` is the settings' ``environ.Env``. Raises ``ImproperlyConfigured`` for a ``STORAGE_URL``
    that is not ``s3://bucket[/prefix]``.
    """
    url = env.str("STORAGE_URL", default="")
    bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    location = env.str("AWS_LOCATION", default="")
    if url:
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ImproperlyConfigured(f"STORAGE_URL must look like s3://bucket[/prefix], not {url!r}")
        bucket, location = parts.netloc, parts.path.strip("/") or location
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        "location": location,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
        # Private objects, signed URLs only, and never a second export over the first one's zip.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
        "file_overwrite": False,
    }
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
