from django.core.paginator import Page, Paginator


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

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=True
        )
        page = forgiving_page(paginator, self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
