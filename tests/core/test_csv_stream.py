"""``core.tabular.stream_csv``: the CSV in chunks (issue 17, an export's first byte), byte for byte the file
``write_csv`` made whole before; and ``core.downloads.file_response`` streams it."""

import csv
import datetime
import decimal
import io

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import tabular
from core.downloads import file_response
from core.tabular import CSV_BATCH_ROWS, FORMULA_TRIGGERS, stream_csv, write_csv, write_xlsx


def old_write_csv(header, rows) -> bytes:
    """``core.tabular.write_csv`` as it was before the CSV was streamed: the reference for every byte."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([tabular._csv_text(title) for title in header])
    for row in rows:
        writer.writerow([tabular._csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


cells = st.one_of(
    st.text(),
    st.sampled_from([*FORMULA_TRIGGERS, "'=", "a\r\nb", '"', ";"]),
    st.integers(),
    st.none(),
    st.booleans(),
    st.dates(),
    st.decimals(allow_nan=False, allow_infinity=False),
)


@settings(deadline=None, max_examples=60)
@given(
    st.lists(st.text(), max_size=4), st.lists(st.lists(cells, max_size=4), max_size=2 * CSV_BATCH_ROWS + 3)
)
def test_the_stream_is_the_old_file_byte_for_byte(header, rows):
    assert b"".join(stream_csv(header, rows)) == old_write_csv(header, rows)
    assert write_csv(header, iter(rows)) == old_write_csv(header, rows)


def test_the_first_chunk_is_the_header_and_rows_come_in_batches():
    rows = [
        [n, f"naam {n}", datetime.date(2026, 1, 1), decimal.Decimal("1.5")]
        for n in range(2 * CSV_BATCH_ROWS + 1)
    ]
    chunks = list(stream_csv(["n", "naam", "d", "x"], iter(rows)))
    assert chunks[0] == '\ufeff"n";"naam";"d";"x"'.encode()
    assert len(chunks) == 1 + 3 + 1  # the header, three batches, the last line break
    assert [chunk.count(b"\r\n") for chunk in chunks[1:]] == [CSV_BATCH_ROWS, CSV_BATCH_ROWS, 1, 1]


def test_a_stream_cut_between_chunks_ends_without_its_last_line_break():
    """A file cut off half-way does not look complete: every line break goes with the next chunk."""
    chunks = list(stream_csv(["a"], [[n] for n in range(CSV_BATCH_ROWS + 1)]))
    for cut in range(1, len(chunks)):
        assert not b"".join(chunks[:cut]).endswith(b"\r\n")
    assert b"".join(chunks).endswith(b"\r\n")


def test_the_rows_are_read_as_the_stream_is_read():
    read = []

    def rows():
        for n in range(3 * CSV_BATCH_ROWS):
            read.append(n)
            yield [n]

    stream = stream_csv(["a"], rows())
    next(stream)
    assert read == []  # the header goes out before a row is made
    next(stream)
    assert len(read) <= CSV_BATCH_ROWS + 1


def test_file_response_streams_csv_and_sends_xlsx_whole():
    header, rows = ["Naam", "Datum"], [["=1+1", datetime.date(2026, 1, 2)], ["Eva", None]]
    response = file_response(header, iter(rows), "csv", "medewerkers")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="medewerkers.csv"'
    assert b"".join(response.streaming_content) == old_write_csv(header, rows)

    workbook = file_response(header, iter(rows), "xlsx", "medewerkers", sheet_title="Medewerkers")
    assert not workbook.streaming
    assert workbook["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert workbook["Content-Disposition"] == 'attachment; filename="medewerkers.xlsx"'
    # The same cells (the bytes hold the moment the workbook was made: two calls can straddle a second).
    made = openpyxl.load_workbook(io.BytesIO(workbook.content))
    expected = openpyxl.load_workbook(io.BytesIO(write_xlsx(header, rows, sheet_title="Medewerkers")))
    assert made.sheetnames == expected.sheetnames == ["Medewerkers"]
    assert [[c.value for c in row] for row in made.active.iter_rows()] == [
        [c.value for c in row] for row in expected.active.iter_rows()
    ]


@pytest.mark.django_db  # closing a response signals the request's end: Django closes old connections
def test_closing_the_response_stops_reading_rows():
    read = []

    def rows():
        try:
            for n in range(10 * CSV_BATCH_ROWS):
                read.append(n)
                yield [n]
        finally:
            read.append("closed")

    response = file_response(["a"], rows(), "csv", "x")
    content = iter(response.streaming_content)
    next(content)
    next(content)
    response.close()  # what the server does when the client goes away
    assert read[-1] == "closed"
    assert len(read) <= CSV_BATCH_ROWS + 2
