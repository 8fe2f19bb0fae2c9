"""The filter bar and paging of the work lists: ``ReviewFilter`` (the API's and the export's filter) on a page.

No control grows with the organisation: people are found by a text search, never a list of names.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.query import as_id
from core.widgets import NO_UNIT_FOUND, search_select_attrs
from reviewcycle.filters import ReviewFilter

PAGE_SIZE = 50
YES_NO = [("true", _("Yes")), ("false", _("No"))]


@dataclass
class Control:
    """One control of the filter bar: a text field (``options`` None) or a select."""

    name: str
    label: str
    value: str = ""
    options: list[tuple[str, str]] | None = None
    errors: list[str] = field(default_factory=list)
    search_url: str = ""  # a unit among many: found by typing (``core.widgets.SearchSelect``)

    @property
    def id(self) -> str:
        return f"filter-{self.name}"

    @property
    def widget(self) -> dict:
        """For ``_attrs.html``: the search field's attributes (none for a plain control)."""
        if not self.search_url:
            return {"attrs": {}}
        return {"attrs": search_select_attrs(self.search_url, placeholder=_("All"), no_results=NO_UNIT_FOUND)}


def _options(name: str, extra: dict) -> list[tuple[str, str]]:
    if name in extra:
        return [(str(value), str(label)) for value, label in extra[name]]
    filter_ = ReviewFilter.base_filters[name]
    if name in ("overdue", "signed"):
        return [(value, str(label)) for value, label in YES_NO]
    return [(str(value), str(label)) for value, label in filter_.extra["choices"]]


@dataclass
class FilteredList:
    """The page's filtered reviews, its filter bar and the query that reproduces them (export, paging)."""

    reviews: QuerySet
    controls: list[Control]
    query: QueryDict
    is_filtered: bool

    def page(self, request):
        """The current ``?page=`` of the reviews (a number out of range gives the last page)."""
        return Paginator(self.reviews, PAGE_SIZE).get_page(request.GET.get("page"))


TEXT_FIELDS = ("search", "manager_search")


def _chosen(value: str, choosable: QuerySet) -> list[tuple[str, str]]:
    """The chosen one of ``choosable`` (id → name) as the only option; none when it is not one of them."""
    chosen = as_id(value)
    if chosen is None:
        return []
    return [(str(pk), name) for pk, name in choosable.filter(pk=chosen).values_list("id", "name")]


def filter_reviews(
    request,
    queryset: QuerySet,
    *,
    fields: list[str],
    options: dict | None = None,
    searched: dict[str, tuple[str, QuerySet]] | None = None,
) -> FilteredList:
    """``queryset`` filtered by the ``fields`` of ``ReviewFilter`` given in the request's query.

    ``options``: choices of a select that depend on the page (the cycle's ratings), name →
    [(value, label)]. ``searched``: choices among many (units), name → (the search endpoint's URL, the
    queryset one may choose from, with ``id`` and ``name``): the control holds only the chosen one
    and the rest is found by typing, so the page does not grow with the organisation. Empty values
    are no filter. An unusable value (a unit id that is no number) is
    shown next to its control and the list is empty, as the API answers 400.
    """
    data = QueryDict(mutable=True)
    for name in fields:
        values = [value for value in request.GET.getlist(name) if value.strip()]
        if values:
            data.setlist(name, values)
    filterset = ReviewFilter(data, queryset=queryset, request=request)
    valid = filterset.is_valid()
    options = dict(options or {})
    searched = searched or {}
    for name, (_url, choosable) in searched.items():
        options[name] = _chosen(data.get(name, ""), choosable)
    controls = [
        Control(
            name=name,
            label=str(ReviewFilter.base_filters[name].label),
            value=data.get(name, ""),
            options=None if name in TEXT_FIELDS else _options(name, options),
            errors=list(filterset.form.errors.get(name, [])),
            search_url=str(searched[name][0]) if name in searched else "",
        )
        for name in fields
    ]
    is_filtered = any(name != "sort" for name in data)
    return FilteredList(
        reviews=filterset.qs if valid else queryset.none(),
        controls=controls,
        query=data,
        is_filtered=is_filtered,
    )
