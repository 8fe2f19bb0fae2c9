"""Peak memory and time of the people import's reader on hostile and large files (issue 14, fault 2).

python -m benchmarks.import_limits   (no database needed)

Each case runs in its own process, so its peak resident memory (VmHWM) is its own:
a 50 MB CSV read to the end (row limit raised) and stopped at the default row limit, and an
XLSX of 12 MB that unpacks to 230 MB (refused before openpyxl opens it).
"""

import base64
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path


def big_csv(megabytes: int) -> bytes:
    from core.tabular import write_csv

    row = ["100001", "Medewerker 100001", "m100001@bench.nl", "Gemeente / Directie 1 / Afdeling 1.1"]
    rows = []
    size = 0
    while size < megabytes << 20:
        rows.append(row)
        size += 88  # bytes of one row as written
    header = ["Personeelsnummer", "Naam", "E-mailadres", "Organisatie-eenheid"]
    return write_csv(header, rows)


def bomb_xlsx(zipped_mb: int, unzipped_mb: int) -> bytes:
    """A sheet padded with random-ish text and spaces: about ``zipped_mb`` packed, ``unzipped_mb`` unpacked."""
    from core.tabular import write_xlsx

    source = zipfile.ZipFile(io.BytesIO(write_xlsx(["Personeelsnummer", "Naam", "Organisatie-eenheid"], [])))
    noise = base64.b64encode(os.urandom(zipped_mb << 20))  # packs to about 3/4 of its length
    padding = noise + b" " * ((unzipped_mb << 20) - len(noise))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(b"<sheetData", b"<!--" + padding + b"--><sheetData")
            bomb.writestr(info.filename, data)
    return buffer.getvalue()


def peak_rss_mb() -> float:
    """The process's peak resident memory (``VmHWM``; ``ru_maxrss`` would count the parent's after exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_case(case: str, path: str) -> dict:
    import django

    django.setup()
    from django.test import override_settings

    from people.importers.read import ImportFileError, read_table

    content, name = Path(path).read_bytes(), Path(path).name
    before = peak_rss_mb()
    limits = {"IMPORT_MAX_ROWS": 10**9} if case == "csv-all-rows" else {}
    started = time.perf_counter()
    rows, outcome = 0, "read"
    with override_settings(**limits):
        try:
            _header, stream = read_table(content, name)
            for _row in stream:
                rows += 1
        except ImportFileError as error:
            outcome = f"refused: {error}"
    return {
        "case": case,
        "file_mb": round(len(content) / (1 << 20), 1),
        "rows_read": rows,
        "outcome": outcome,
        "seconds": round(time.perf_counter() - started, 2),
        "peak_rss_mb_before_reading": before,  # Django and the file's bytes
        "peak_rss_mb": peak_rss_mb(),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if len(sys.argv) > 2:
        print(json.dumps(run_case(sys.argv[1], sys.argv[2])))
        return
    with tempfile.TemporaryDirectory() as folder:
        csv_path, xlsx_path = Path(folder) / "big.csv", Path(folder) / "bomb.xlsx"
        csv_path.write_bytes(big_csv(50))
        xlsx_path.write_bytes(bomb_xlsx(12, 230))
        for case, path in (("csv-all-rows", csv_path), ("csv-row-limit", csv_path), ("xlsx-bomb", xlsx_path)):
            command = [sys.executable, "-m", "benchmarks.import_limits", case, str(path)]
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            print(output.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
