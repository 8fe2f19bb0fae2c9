"""Uploaded files are stopped while they arrive once they pass ``IMPORT_MAX_UPLOAD_BYTES``.

Django streams an upload to memory (small files) or to a temporary file, whoever asked for
it; this handler, first in ``FILE_UPLOAD_HANDLERS``, ends the upload at the limit so neither
memory nor disk takes more. The file is then missing from ``request.FILES`` and
``upload_too_large(request)`` tells the view why, so it can say so next to the field.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

# Beyond this multiple of the limit the rest of the body is not even read (the connection is
# reset); below it, it is read and dropped, so the browser gets the page with the error.
_READ_ON_UP_TO = 4


class UploadLimitHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):  # noqa: N803
        self.limit = settings.IMPORT_MAX_UPLOAD_BYTES
        self.reset = content_length > _READ_ON_UP_TO * self.limit
        return None

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request._upload_too_large = True
            raise StopUpload(connection_reset=self.reset)
        return raw_data

    def file_complete(self, file_size):
        return None


def upload_too_large(request) -> bool:
    """Whether an uploaded file of this request was stopped at ``IMPORT_MAX_UPLOAD_BYTES``.

    Reads the request body (within the limits) if nothing has yet.
    """
    request.FILES  # noqa: B018 - parse the body now, if nothing did yet
    return getattr(request, "_upload_too_large", False)
