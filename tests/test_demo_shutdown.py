"""``bin/demo`` on the embedded default (issue 16): its terminal shows the URL and the demo accounts and
nothing of the worker, and Ctrl-C stops the web server, the worker (with its pool) and beat within 10 s
(the worker used to hang in its warm shutdown for over a minute)."""

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.integration.conftest import REPO_ROOT, wait_until

pytestmark = pytest.mark.embedded  # the same in either run of .ci/run: it runs once, in the embedded one

STOP_WITHIN = 10  # seconds from Ctrl-C until every process of the demo is gone
WORKER_LINES = (
    "celery@",
    "demo-worker@",
    "[tasks]",
    "mingle",
    "beat:",
    "MainProcess",
    "ForkPoolWorker",
    "AXES",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _sigint_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _family(pid: int) -> set[int]:
    """``pid`` and every process below it."""
    tree, found, todo = _children(), set(), [pid]
    while todo:
        current = todo.pop()
        found.add(current)
        todo.extend(tree.get(current, []))
    return found


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting for its parent is gone already)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_bin_demo_shows_url_and_accounts_and_stops_within_10_seconds_of_ctrl_c(tmp_path):
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(PORT=str(port), VAR_DIR=str(tmp_path / "var"), SITE_URL=f"http://127.0.0.1:{port}")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    output = tmp_path / "terminal.txt"
    with output.open("wb") as terminal:
        demo = subprocess.Popen(
            [str(REPO_ROOT / "bin" / "demo")],
            stdout=terminal,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=tmp_path,
            start_new_session=True,  # its own process group, as in a terminal: Ctrl-C goes to the group
            # As a terminal's shell starts it: Ctrl-C not ignored. A suite run in the background (`bin/test &`
            # in .ci/run) inherits SIGINT ignored, and bash cannot trap a signal ignored when it started.
            preexec_fn=_sigint_default,
        )
    family: set[int] = set()
    try:
        wait_until(
            lambda: "Press Ctrl-C" in output.read_text() or demo.poll() is not None,
            timeout=300,
            what="the demo to start",
        )
        assert demo.poll() is None, output.read_text()
        time.sleep(2)  # the worker's pool processes are forked after it started
        family = _family(demo.pid)
        assert len(family) >= 4, family  # the script, the web server, the worker (and its pool), beat

        os.killpg(demo.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        started = time.monotonic()
        while time.monotonic() - started < STOP_WITHIN and any(_running(pid) for pid in family):
            time.sleep(0.1)
        left = sorted(pid for pid in family if _running(pid))
        assert not left, f"still running {time.monotonic() - started:.1f} s after Ctrl-C: {left}"
    finally:
        for pid in family | {demo.pid}:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        demo.wait(timeout=10)

    terminal_text = output.read_text()
    assert f"http://127.0.0.1:{port}/" in terminal_text
    assert "Demo-accounts (wachtwoord voor allemaal: " in terminal_text  # in the installation language
    for username in ("hanneke", "carla", "bram", "sanne"):
        assert f"  {username} " in terminal_text, username
    assert "Leidinggevende, tweede beoordelaar, medewerker" in terminal_text  # roles, not only the cells
    assert not [line for line in terminal_text.splitlines() if any(mark in line for mark in WORKER_LINES)]
    assert (tmp_path / "var" / "log" / "worker.log").stat().st_size > 0  # the worker logged, to its file
