"""Whether a missing tool (chromium, pdftotext, xmlsec1, xgettext, npm) fails a test instead of skipping it.

``.ci/run`` installs every tool and sets ``REQUIRE_SERVICES=1`` on the PostgreSQL run and
``REQUIRE_TOOLS=1`` on the embedded one (which needs the tools but not the services): there a test
that would skip for want of a tool fails instead.
"""

import os


def tools_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1" or os.environ.get("REQUIRE_TOOLS") == "1"
