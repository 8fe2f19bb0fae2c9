"""The filter bar and paging of the work lists: ``ReviewFilter`` (the API's and the export's filter) on a page.

No control grows with the organisation: people are found by a text search, never a list of names.
"""

import math
from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.query import as_id
from core.widgets import NO_UNIT_FOUND, search_select_attrs
from reviewcycle.filters import ReviewFilter

PAGE_SIZE = 50
# A list counts its rows up to here, or up to the end of the page asked for if that is further: the count
# above a list of 20,000 costs what one of 1,000 does, and above it the list says "more than 1,000".
COUNT_CAP = 1000
# The furthest page counted to (25 million rows at 25 a page, more than any list holds): a page number
# beyond it is the last page, as any number out of range is; a 20-digit one overflowed the SQL LIMIT.
MAX_PAGE = 1_000_000
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
        """The current ``?page=`` of the reviews (a number out of range gives the last page); its
        ``paginator`` is a ``CappedPaginator``: ``more`` when there are more than it counted."""
        number = request.GET.get("page")
        return CappedPaginator(self.reviews, PAGE_SIZE, asked=number).get_page(number)


class CappedPaginator(Paginator):
    """A ``Paginator`` that counts at most ``COUNT_CAP`` rows, or up to the end of the page ``asked`` (a
    ``?page=`` value, any text) if that is further, plus one to know whether there are more. Then
    ``count`` is that window, ``more`` is true and ``num_pages`` one past it (the next page exists);
    the pager shows "page N" without a total. A page costs the same at any size of the list (issue 17)."""

    def __init__(self, object_list, per_page, *, asked=None):
        super().__init__(object_list, per_page)
        try:
            number = min(max(int(asked), 1), MAX_PAGE)
        except (TypeError, ValueError):
            number = 1
        self.window = max(COUNT_CAP, number * per_page)

    @cached_property
    def counted(self) -> int:
        # COUNT over the first window + 1 rows (a sliced subquery); the order does not change how many.
        return self.object_list.order_by()[: self.window + 1].count()

    @property
    def more(self) -> bool:
        return self.counted > self.window

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.window)

    @cached_property
    def num_pages(self) -> int:
        pages = max(1, math.ceil(self.count / self.per_page))
        return pages + 1 if self.more else pages


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
