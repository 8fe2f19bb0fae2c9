import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_SEEDS = Path(os.environ.get("SEEDS_DIR", REPO_ROOT.parent / "shared" / "seeds"))
VENDORED_SEEDS = Path(__file__).resolve().parent / "seeds"

MATRIX = "004_219b3768256db501.txt"
LEVELLED = "003_d075ae8fb0cc5953.txt"
UFO_LEGAL = "000_a39681c2fbfd7ebf.txt"
UFO_CLIENTS = "001_86635a2c460ee1b5.txt"
COMPANY = "002_d92e8400c75201d0.txt"


def read_seed(name: str) -> str:
    """The user's source document: from ../shared/seeds when present, else the copy in the repo."""
    path = SHARED_SEEDS / name if (SHARED_SEEDS / name).exists() else VENDORED_SEEDS / name
    return path.read_text(encoding="utf-8")


@pytest.fixture
def seed():
    return read_seed
