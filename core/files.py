"""A stored file (``FileField``) sent to the browser by the web node, wherever the file is kept.

The caller checks permission first; only then is the file opened. On a local disk Django's
``FileResponse`` sends the open file. In object storage (``config.settings.storage``) the object is read from
the bucket in chunks while it is sent: neither a whole copy in memory nor a temporary file on the
web node's disk, however large the zip. The bucket stays private; no signed URL leaves the server.

The organisation's logo (``ORGANISATION_LOGO``) is read here too: from this machine's disk, or from
the file storage, so that machines sharing no disk print the same logo.
"""

import functools
import io
import logging
from pathlib import Path

from django.core.files.storage import storages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse

CHUNK_BYTES = 1024 * 1024
logger = logging.getLogger(__name__)


class _ObjectStream:
    """A read-only file-like view of an object's body as the bucket sends it."""

    def __init__(self, body):
        self._body = body

    def read(self, size: int = -1) -> bytes:
        return self._body.read(None if size is None or size < 0 else size)

    def close(self) -> None:
        self._body.close()


def stored_file_response(field_file: FieldFile, *, filename: str) -> FileResponse:
    """Send ``field_file`` as an attachment named ``filename``.

    Raises ``FileNotFoundError`` (and, from object storage, botocore's ``ClientError``) when the
    stored file is gone: a 500, since the row says it exists.
    """
    opened = field_file.storage.open(field_file.name, "rb")
    stored_object = getattr(opened, "obj", None)  # django-storages' S3File: the bucket's object
    if stored_object is None:
        return FileResponse(opened, as_attachment=True, filename=filename)
    body = stored_object.get()["Body"]
    response = FileResponse(_ObjectStream(body), as_attachment=True, filename=filename)
    response.block_size = CHUNK_BYTES
    response["Content-Length"] = str(opened.size)
    return response


STORED_PREFIX = "storage:"


@functools.cache
def _stored_bytes(name: str) -> bytes | None:
    try:
        with storages["default"].open(name, "rb") as stored:
            return stored.read()
    except (OSError, ValueError):  # a missing name (FileNotFoundError) or a storage refusing it
        logger.warning(
            "ORGANISATION_LOGO %s%s could not be read; the forms show the name only", STORED_PREFIX, name
        )
        return None
    except Exception:  # the bucket's client raises its own errors (botocore's ClientError)
        logger.exception("ORGANISATION_LOGO %s%s could not be read from object storage", STORED_PREFIX, name)
        return None


def organisation_logo(setting: str) -> str | io.BytesIO | None:
    """The logo for a PDF's header from the ``ORGANISATION_LOGO`` setting, or None (the name only).

    ``setting`` is a path on this machine's disk (``/etc/gesprekscyclus/logo.png``), or
    ``storage:NAME``, a file in the product's file storage (``storage:branding/logo.png`` in the
    bucket when object storage is configured, under its prefix): one upload that every web node and
    worker reads, once per process (restart them after changing it). Raises nothing: a missing or
    unreadable logo is logged and left out.
    """
    if not setting:
        return None
    if setting.startswith(STORED_PREFIX):
        content = _stored_bytes(setting.removeprefix(STORED_PREFIX))
        return io.BytesIO(content) if content else None
    return setting if Path(setting).is_file() else None
