"""A page's rows as a file: ``?format=csv`` (``common.exports``) or ``?format=xlsx``
(``common.spreadsheets``) beside any page that lists rows, exactly the rows it selects, all pages
of them."""

from collections.abc import Sequence

from django.db.models import QuerySet

from .exports import Column, ManyColumn, csv_response, export_filename
from .spreadsheets import SHEET_ROWS, rows_beyond_a_sheet, too_many_rows_message, xlsx_response

FORMATS = ("csv", "xlsx")


def wants_bom(request) -> bool:
    return request.GET.get("bom", "1") not in {"0", "false", "no"}


def export_response(request, queryset: QuerySet, columns: Sequence[Column | ManyColumn], *, filename: str, title: str):
    """The download of ``queryset`` in the format ``filename`` ends with; None when the rows do not
    fit in it (more than a sheet holds: see ``too_many_rows_message``)."""
    if filename.endswith(".xlsx"):
        if rows_beyond_a_sheet(queryset):
            return None
        return xlsx_response(queryset, columns, filename=filename, title=title)
    return csv_response(queryset, columns, filename=filename, bom=wants_bom(request))


class ExportMixin:
    """``?format=csv`` or ``?format=xlsx`` on a page downloads exactly the rows it selects.

    Views define ``get_export_queryset()`` (None when the request's filters are invalid: the page
    then shows why), ``get_export_columns()`` and ``get_export_name()`` (the file's name without
    its extension) or ``get_export_filename()``. The page's context is not built for a download;
    when the rows do not fit in the format asked for, the page says so beside its download links.
    """

    export_refused = ""

    def get(self, request, *args, **kwargs):
        extension = request.GET.get("format")
        if extension in FORMATS:
            queryset = self.get_export_queryset()
            if queryset is not None:
                filename = self.get_export_filename(extension)
                response = export_response(
                    request, queryset, self.get_export_columns(), filename=filename, title=filename.rpartition(".")[0]
                )
                if response is not None:
                    return response
                self.export_refused = too_many_rows_message()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A list that counts more rows than a sheet holds offers the CSV alone.
        page = context.get("page_obj")
        fits = page is None or page.paginator.count <= SHEET_ROWS
        context["export_refused"] = self.export_refused or ("" if fits else too_many_rows_message())
        return context

    def get_export_filename(self, extension: str) -> str:
        return export_filename(self.get_export_name(), extension=extension)

    def get_export_queryset(self) -> QuerySet | None:
        raise NotImplementedError

    def get_export_columns(self) -> Sequence[Column | ManyColumn]:
        raise NotImplementedError

    def get_export_name(self) -> str:
        raise NotImplementedError


class FilteredExportMixin(ExportMixin):
    """For django-filter's FilterView: the download runs the same FilterSet as the page.

    The file is named after what it holds: ``get_export_name()``, then what the filters chose (the
    FilterSet's ``filename_parts()``), e.g. ``participations-kut-1404-07.csv``.
    """

    def get_export_queryset(self) -> QuerySet | None:
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_valid():
            return None
        return self.filterset.qs

    def get_export_filename(self, extension: str) -> str:
        parts = getattr(self.filterset, "filename_parts", list)()
        return export_filename(self.get_export_name(), *parts, extension=extension)
