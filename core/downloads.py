"""A table as a file to download (the exports and the import template): its query parameters and its response.

A CSV is streamed (``core.tabular.stream_csv``): the first bytes go out as soon as the header is
known, the rows are made while the file is sent, so neither the wait for the first byte nor the
memory grows with the rows. Whatever can be refused (a bad parameter: 400, no permission: 403) must
be decided before ``file_response`` is called; once the stream has begun the status is 200 and an
error can only cut the file short (it then ends without its final line break). Closing the
response (the client went away) closes the rows' generator: no query runs after that.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from core.query import ChoiceField, validated_query
from core.tabular import stream_csv, write_xlsx

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FILE_RESPONSES = {
    (200, "text/csv"): OpenApiTypes.BINARY,
    (200, XLSX_TYPE): OpenApiTypes.BINARY,
}
FILE_PARAMETERS = [
    OpenApiParameter("format", str, enum=["csv", "xlsx"], description="File format (default csv)."),
    OpenApiParameter("language", str, enum=["nl", "en"], description="Column names (default nl)."),
]


class FileQuery(serializers.Serializer):
    """The query parameters of a download (FILE_PARAMETERS)."""

    format = ChoiceField(choices=["csv", "xlsx"], default="csv")
    language = ChoiceField(choices=["nl", "en"], default="nl")


def format_and_language(request) -> tuple[str, str]:
    """``?format=`` and ``?language=`` of a download; a 400 naming the parameter with a bad value."""
    query = validated_query(request=request, serializer_class=FileQuery)
    return query["format"], query["language"]


def file_response(
    header: Sequence[str],
    rows: Iterable[Sequence],
    file_format: str,
    name: str,
    *,
    sheet_title: str = "Export",
) -> HttpResponseBase:
    """``header`` and ``rows`` as the attachment ``{name}.{file_format}`` ("csv" or "xlsx").

    CSV: a ``StreamingHttpResponse`` that reads ``rows`` (best a generator that queries as it goes)
    only while the file is sent. XLSX: one ``HttpResponse`` with the whole file, made here: an XLSX
    is a zip, whose central directory (and the sheet's dimensions and column widths) can only be
    written once every row is known. Raises nothing itself; for XLSX, what ``rows`` raises.
    """
    if file_format == "xlsx":
        response = HttpResponse(write_xlsx(header, rows, sheet_title=sheet_title), content_type=XLSX_TYPE)
    else:
        response = StreamingHttpResponse(stream_csv(header, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


def rows_in_language(language: str, items: Iterable, row: Callable, *, batch: int = 200) -> Iterator[list]:
    """``row(item)`` for each of ``items``, lazily, with ``language`` active while the rows are made
    (their labels are lazy translations) and not while they wait to be sent: the language is switched
    on and off within each batch of ``batch`` rows, never left on between two chunks of a stream (an
    ASGI server may send each chunk from another thread). Raises what ``items`` and ``row`` raise."""
    items = iter(items)
    while True:
        with translation.override(language):
            rows = [row(item) for item in islice(items, batch)]
        if not rows:
            return
        yield from rows
