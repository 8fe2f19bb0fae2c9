"""How the built-in frameworks in ``frameworks/data/`` were made from the user's source documents.

``manage.py framework build-builtin --seeds DIR`` writes the data files from these
recipes; a test checks that importing the raw seeds still gives exactly the data files.
Seeds 000 and 001 are two job profiles of one university framework: they share
competencies, which must be one competency each, so they make one file.

The source documents' spelling slips are corrected in the built-in texts (``SPELLING``, after the
Woordenlijst Nederlandse Taal: *langetermijnrelatie* is one word), so the product never shows them; the
test checks the seeds with the same corrections.
"""

from dataclasses import dataclass, field
from pathlib import Path

from frameworks.document import Document, merge_documents, normalise_document
from frameworks.importers import parse_text

DATA_DIR = Path(__file__).resolve().parent / "data"

# Spelling in the source documents, corrected in every text of the built-in frameworks (wrong, right).
SPELLING = (
    ("lange termijn relaties", "langetermijnrelaties"),
    ("lange termijn relatie", "langetermijnrelatie"),
    ("lange termijn ontwikkelingen", "langetermijnontwikkelingen"),
    ("lange termijn doelstellingen", "langetermijndoelstellingen"),
    ("korte en lange termijnplannen", "korte- en langetermijnplannen"),
    ("(on-) uitgesproken", "(on)uitgesproken"),
    ("behoefte/ belangen", "behoefte/belangen"),
)


def _spelled(value):
    """``value`` (a document or a part of it) with ``SPELLING`` applied to every text in it."""
    if isinstance(value, str):
        for wrong, right in SPELLING:
            value = value.replace(wrong, right)
        return value
    if isinstance(value, dict):
        return {key: _spelled(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_spelled(item) for item in value]
    return value


@dataclass(frozen=True)
class Recipe:
    filename: str
    slug: str
    name: str
    source: str
    seeds: list[tuple[str, dict]] = field(default_factory=list)


RECIPES = [
    Recipe(
        "kempen-competenties.yaml",
        "kempen-competenties",
        "Kempen competenties",
        "Bijlage 2 bij Regeling ontwikkelen, functioneren en beoordelen (Kempengemeenten)",
        [("004_219b3768256db501.txt", {})],
    ),
    Recipe(
        "competentiewoordenboek.yaml",
        "competentiewoordenboek",
        "Competentiewoordenboek (drie niveaus)",
        "Competentiewoordenboek, competentie Klantgerichtheid op 3 niveaus",
        [("003_d075ae8fb0cc5953.txt", {})],
    ),
    Recipe(
        "ufo-functieprofielen.yaml",
        "ufo-functieprofielen",
        "Functieprofielen universiteit (UFO)",
        "UFO-functieprofielen Juridisch adviseur en Coördinator klantrelaties",
        [
            ("000_a39681c2fbfd7ebf.txt", {"title": "Juridisch adviseur"}),
            ("001_86635a2c460ee1b5.txt", {"title": "Coördinator klantrelaties"}),
        ],
    ),
    Recipe(
        "functiebeschrijvingen-bedrijf.yaml",
        "functiebeschrijvingen-bedrijf",
        "Functiebeschrijvingen (bedrijf)",
        "Functiebeschrijving Medewerker Klantenservice",
        [("002_d92e8400c75201d0.txt", {})],
    ),
]


def document_from_seeds(recipe: Recipe, seed_dir: Path) -> Document:
    document: Document | None = None
    for filename, options in recipe.seeds:
        text = (seed_dir / filename).read_text(encoding="utf-8")
        part = parse_text(text, slug=recipe.slug, name=recipe.name, **options).document
        document = part if document is None else merge_documents(document, part)
    document["framework"].update(slug=recipe.slug, name=recipe.name)
    document["source"] = recipe.source
    return normalise_document(_spelled(document))
