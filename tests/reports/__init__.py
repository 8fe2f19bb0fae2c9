import os
import shutil

import pytest

# CI (REQUIRE_SERVICES=1) installs poppler-utils: there a missing pdftotext fails instead of skipping.
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None and os.environ.get("REQUIRE_SERVICES") != "1",
    reason="needs pdftotext (apt-get install poppler-utils)",
)
