class ForgivingPaginationMixin:
    """A page number that is not a number, or out of range, shows the nearest page instead of a 404.

    "abc", 0 and -1 show the first page; a number past the end, and "last", the last page.
    """

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=True
        )
        requested = self.request.GET.get(self.page_kwarg)
        if requested == "last":
            number = paginator.num_pages
        else:
            try:
                number = max(int(requested), 1)
            except (TypeError, ValueError):
                number = 1
        page = paginator.get_page(number)
        return paginator, page, page.object_list, page.has_other_pages()
