"""The Dutch catalogue is the one place for translations: every text the code marks has its Dutch there,
and texts built at import time stay lazy (translated when shown, in the reader's language)."""

import ast
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.translation.template import templatize

from tests.tools import tools_required

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
APPS = ("config", "core", "frameworks", "people", "reviewcycle", "notifications", "reports", "web")
SOURCES = (*APPS, "templates")
# The keywords makemessages gives xgettext for the "django" domain (besides xgettext's own gettext,
# ngettext and _), so this reads the code as makemessages does.
KEYWORDS = (
    "gettext_noop",
    "gettext_lazy",
    "ngettext_lazy:1,2",
    "pgettext:1c,2",
    "npgettext:1c,2,3",
    "pgettext_lazy:1c,2",
    "npgettext_lazy:1c,2,3",
)
# CI (tests.tools) has Debian's gettext: there a missing xgettext fails instead of skipping.
needs_xgettext = pytest.mark.skipif(
    shutil.which("xgettext") is None and not tools_required(),
    reason="needs xgettext (apt-get install gettext)",
)


def source_files(suffixes: tuple[str, ...]) -> list[Path]:
    return sorted(
        path
        for folder in SOURCES
        if (ROOT / folder).is_dir()
        for path in (ROOT / folder).rglob("*")
        if path.suffix in suffixes and "migrations" not in path.parts
    )


def marked_texts(tmp_path: Path) -> polib.POFile:
    """Every text the code and templates mark for translation, read by xgettext as makemessages does."""
    files = [str(path) for path in source_files((".py",))]
    for number, template in enumerate(source_files((".html", ".txt"))):
        # Templates are rewritten into gettext calls first, as makemessages does (Django's templatize).
        python = tmp_path / f"template_{number}.py"
        python.write_text(templatize(template.read_text(encoding="utf-8"), origin=str(template)), "utf-8")
        files.append(str(python))
    listing = tmp_path / "files.txt"
    listing.write_text("\n".join(files))
    pot = subprocess.run(
        [
            "xgettext",
            "--language=Python",
            "--from-code=UTF-8",
            *(f"--keyword={keyword}" for keyword in KEYWORDS),
            "--files-from",
            str(listing),
            "--output=-",
        ],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return polib.pofile(pot)


@needs_xgettext
def test_every_text_the_code_marks_is_in_the_catalogue(tmp_path):
    catalogue = {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in polib.pofile(str(CATALOGUE))}
    texts = marked_texts(tmp_path)
    assert len(texts) > 500  # the extraction found the texts
    missing = [
        entry.msgid
        for entry in texts
        if entry.msgid
        and (entry.msgctxt, entry.msgid, entry.msgid_plural) not in catalogue
        and not translated_by_django(entry)
    ]
    assert missing == [], "add these to locale/nl/LC_MESSAGES/django.po with their Dutch"


def translated_by_django(entry: polib.POEntry) -> bool:
    """A text Django's or DRF's own Dutch catalogue translates ("Not found.", "Enter a valid value.")."""
    with translation.override("nl"):
        if entry.msgctxt:
            return translation.pgettext(entry.msgctxt, entry.msgid) != entry.msgid
        return translation.gettext(entry.msgid) != entry.msgid


# --- Texts built at import time ------------------------------------------------------------------

EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}
LAZY = {"gettext_lazy", "ngettext_lazy", "pgettext_lazy", "npgettext_lazy"}


class ImportTimeTranslations(ast.NodeVisitor):
    """Finds what runs when a module is imported (module and class bodies, default values, decorators)
    and translates there: a call of a non-lazy gettext, or a lazy text turned into a str (``str()``,
    ``%``, ``.format()``). Either would fix the text in the language active at import."""

    def __init__(self, tree: ast.Module):
        self.eager, self.lazy = set(), set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for alias in node.names:
                    if alias.name in EAGER:
                        self.eager.add(alias.asname or alias.name)
                    elif alias.name in LAZY:
                        self.lazy.add(alias.asname or alias.name)
        self.found: list[int] = []

    def _calls(self, node, names: set[str]) -> bool:
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names

    def visit_FunctionDef(self, node):  # the body runs later; decorators and defaults run now
        for decorator in node.decorator_list:
            self.visit(decorator)
        self.visit(node.args)

    def visit_AsyncFunctionDef(self, node):
        self.visit_FunctionDef(node)

    def visit_arguments(self, node):
        for default in [*node.defaults, *node.kw_defaults]:
            if default is not None:
                self.visit(default)

    def visit_Lambda(self, node):
        self.visit(node.args)

    def visit_Call(self, node):
        forced = (
            self._calls(node, self.eager)
            or (self._calls(node, {"str"}) and any(self._calls(arg, self.lazy) for arg in node.args))
            or (
                isinstance(node.func, ast.Attribute)
                and node.func.attr == "format"
                and self._calls(node.func.value, self.lazy)
            )
        )
        if forced:
            self.found.append(node.lineno)
        self.generic_visit(node)

    def visit_BinOp(self, node):
        if isinstance(node.op, ast.Mod) and self._calls(node.left, self.lazy):
            self.found.append(node.lineno)
        self.generic_visit(node)


def import_time_translations(source: str) -> list[int]:
    tree = ast.parse(source)
    finder = ImportTimeTranslations(tree)
    finder.visit(tree)
    return finder.found


def test_the_scan_finds_texts_translated_at_import():
    source = (
        "from django.utils.translation import gettext as _, gettext_lazy\n"
        "A = _('a')\n"  # 2
        "B = gettext_lazy('b')\n"
        "C = str(gettext_lazy('c'))\n"  # 4
        "class Form:\n"
        "    labels = {'d': _('d')}\n"  # 6
        "    def clean(self, message=_('e')):\n"  # 7
        "        return _('f') + gettext_lazy('g %s') % 1\n"
        "D = [gettext_lazy('h {}').format(n) for n in range(2)]\n"  # 9
        "E = lambda: _('i')\n"
    )
    assert import_time_translations(source) == [2, 4, 6, 7, 9]


def test_texts_built_at_import_time_are_lazy():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in source_files((".py",))
        if path.parts[len(ROOT.parts)] in APPS
        for line in import_time_translations(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "use gettext_lazy for texts made when the module is imported"
