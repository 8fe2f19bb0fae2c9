"""Form widgets shared by the pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.query import as_id

TYPE_TO_SEARCH = _("Type a name or number…")
NOTHING_FOUND = _("Nothing found. Type part of the name, or the number.")
# A unit is found by its name only (``GET /api/v1/org-units/``): its fields ask for no number.
TYPE_A_UNIT = _("Type part of a unit's name…")
NO_UNIT_FOUND = _("Nothing found. Type part of the unit's name.")


def search_select_attrs(url, placeholder=TYPE_TO_SEARCH, no_results=NOTHING_FOUND) -> dict[str, str]:
    """The attributes that make a ``<select>`` a search field (``static/js/search-select.js``):
    ``url`` an API list with ``?search=`` whose items have ``id`` and ``label``."""
    return {
        "data-search-url": str(url),
        "data-placeholder": str(placeholder),
        "data-no-results": str(no_results),
        "data-loading": str(_("Searching…")),
        "data-remove": str(_("Remove")),
    }


class SearchSelect(forms.Select):
    """A choice among many (a person of 20,000, a unit of thousands): the ``<select>`` holds only the
    chosen option, and the browser finds the others by typing, a page at a time from ``url`` (an API
    list with ``?search=`` whose items have ``id`` and ``label``), through the vendored Tom Select
    (``static/vendor/tom-select``, started by ``static/js/search-select.js``).

    So the page costs the same at any organisation size; the field still checks the chosen value
    against its whole queryset (one query) when the form is posted.
    """

    template_name = "core/search_select.html"  # the select, and a word for a browser without JavaScript

    def __init__(self, *, url, placeholder=TYPE_TO_SEARCH, no_results=NOTHING_FOUND, attrs=None):
        super().__init__(attrs)
        self.url = url
        self.placeholder = placeholder
        self.no_results = no_results

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(search_select_attrs(self.url, self.placeholder, self.no_results))
        return context

    def optgroups(self, name, value, attrs=None):
        """Only the empty option and the chosen one(s): never the whole queryset."""
        chosen = [item for item in value if item not in ("", None)]
        options = [] if self.allow_multiple_selected else [("", "")]
        queryset = getattr(self.choices, "queryset", None)
        if chosen and queryset is not None:
            valid = [pk for pk in (as_id(item) for item in chosen) if pk is not None]
            options += [self.choices.choice(obj) for obj in queryset.filter(pk__in=valid)]
        groups = []
        for index, (option_value, label) in enumerate(options):
            selected = str(option_value) in [str(item) for item in chosen]
            option = self.create_option(name, option_value, label, selected, index, attrs=attrs)
            groups.append((None, [option], index))
        return groups


class SearchSelectMultiple(SearchSelect, forms.SelectMultiple):
    """``SearchSelect`` for several choices (a cycle's units in scope): the chosen ones, each removable."""

    allow_multiple_selected = True
