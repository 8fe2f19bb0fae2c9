"""One rule for every file name made from a person's, unit's or cycle's name: ASCII, lower case,
words joined by hyphens, transliterated (``Yılmaz`` → ``yilmaz``, ``Ødegård`` → ``odegard``), not
stripped (Django's ``slugify`` drops what it cannot decompose: ``Yılmaz`` → ``ylmaz``).

Zip entries, Content-Disposition headers and stored files all take their names from here, so a
name cannot break a header (quotes, line breaks) or a path (slashes), and reads the same on every
operating system.
"""

from slugify import slugify

MAX_LENGTH = 80  # characters per part: a path of unit/number-name.pdf stays well under 255


def file_name_part(text: object, *, fallback: str = "bestand", lowercase: bool = True) -> str:
    """``text`` as one part of a file name: transliterated to ASCII, hyphens between words, lower
    case (``lowercase=False`` keeps the case of identifiers such as ``E00021`` or ``GC-1-2``), at
    most ``MAX_LENGTH`` characters (cut at a word); ``fallback`` when nothing is left (an empty
    name, or one of symbols only). Raises nothing."""
    part = slugify(str(text or ""), max_length=MAX_LENGTH, word_boundary=True, lowercase=lowercase)
    return part or fallback
