"""How the built-in frameworks in ``frameworks/data/`` were made from the user's source documents.

``manage.py framework build-builtin --seeds DIR`` writes the data files from these
recipes; a test checks that importing the raw seeds still gives exactly the data files.
Seeds 000 and 001 are two job profiles of one university framework: they share
competencies, which must be one competency each, so they make one file.
"""

from dataclasses import dataclass, field
from pathlib import Path

from frameworks.document import Document, merge_documents, normalise_document
from frameworks.importers import parse_text

DATA_DIR = Path(__file__).resolve().parent / "data"


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
    return normalise_document(document)
