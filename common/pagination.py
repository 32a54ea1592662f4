from collections.abc import Callable

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

from .row_counts import rows_of
from .summaries import remembered_query

# Rows stepped over from which a page is read in two steps (see RegistryPaginator.rows).
DEEP = 500


class RegistryPaginator(Paginator):
    """A paginator for long lists: the rows are counted once per version of the data, not per page,
    and a page past the middle is read from the end, so the last page costs what the first does.

    OFFSET makes the database step over every row before the page; reading a late page in reverse
    order steps over only the rows after it, and a deep page steps over ids alone. Where the rows'
    order has stretches whose lengths the database keeps (``seek``, e.g. ``registry.stretches``), a
    deep page starts from the stretch that holds it and steps over fewer rows than a stretch has.
    """

    # Given a row's position (from 0): the condition of the rows from a known start on, and how
    # many rows come before that start. Set by the view, for the one order it knows.
    seek: Callable[[int], tuple[Q, int]] | None = None

    @cached_property
    def count(self):
        if isinstance(self.object_list, QuerySet):
            every_row = rows_of(self.object_list)
            if every_row is not None:
                return every_row
            return remembered_query("count", self.object_list, self.object_list.count)
        return super().count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        reversible = isinstance(self.object_list, QuerySet) and self.object_list.ordered
        if not reversible:
            return super().page(number)
        if self.seek is not None and min(bottom, self.count - top) >= DEEP:
            # Deep from both ends: from the start of the stretch that holds the page.
            condition, before = self.seek(bottom)
            rows = self.rows(self.object_list.filter(condition), bottom - before, top - before)
        elif bottom <= self.count - top:
            rows = self.rows(self.object_list, bottom, top)
        else:
            rows = self.rows(self.object_list.reverse(), self.count - top, self.count - bottom)[::-1]
        return self._get_page(rows, number, self)

    @staticmethod
    def rows(queryset: QuerySet, start: int, stop: int) -> list:
        """The rows from ``start`` to ``stop``. Past the first few pages, in two steps: the ids alone,
        stepping over the rows before them along the order's index, then their rows.

        PostgreSQL computes a row's annotations (an artisan's participations) before OFFSET drops
        it: page 2,000 of the artisans computed them for 50,000 rows (1.4 s).
        """
        if start < DEEP:
            return list(queryset[start:stop])
        ids = list(queryset.prefetch_related(None).values_list("pk", flat=True)[start:stop])
        found = {row.pk: row for row in queryset.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]


def forgiving_page(paginator: Paginator, requested: str | None) -> Page:
    """The page asked for, or the nearest one: "abc", 0 and -1 give the first, past the end the last."""
    if requested == "last":
        return paginator.get_page(paginator.num_pages)
    try:
        number = max(int(requested), 1)
    except (TypeError, ValueError):
        number = 1
    return paginator.get_page(number)


class ForgivingPaginationMixin:
    """A page number that is not a number, or out of range, shows the nearest page instead of a 404."""

    paginator_class = RegistryPaginator

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=True
        )
        page = forgiving_page(paginator, self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
