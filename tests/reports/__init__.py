import shutil

import pytest

from tests.tools import tools_required

# CI (tests.tools) installs poppler-utils: there a missing pdftotext fails instead of skipping.
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None and not tools_required(),
    reason="needs pdftotext (apt-get install poppler-utils)",
)
