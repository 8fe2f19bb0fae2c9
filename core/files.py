"""A stored file (``FileField``) sent to the browser by the web node, wherever the file is kept.

The caller checks permission first; only then is the file opened. On a local disk Django's
``FileResponse`` sends the open file. In object storage (``config.storage``) the object is read from
the bucket in chunks while it is sent: neither a whole copy in memory nor a temporary file on the
web node's disk, however large the zip. The bucket stays private; no signed URL leaves the server.
"""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse

CHUNK_BYTES = 1024 * 1024


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
