"""The admin's import: an "Import" button on a list, a preview of every row before anything is
written, the clerk's decisions on possible duplicates, a confirm step, the error rows as a
spreadsheet to mend, and the undo of a batch.

The uploaded file waits for the confirm in ``VAR_DIR/imports``, named by its uploader and a random
token, so only they can confirm it; it is removed once imported, and any left behind after a day
is removed with the next upload. A web request reads at most ``MOST_ROWS`` rows: larger files go
through ``manage.py import_records``.
"""

import secrets
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..exports import attachment, export_filename
from ..privacy import may_read_private_fields, privacy_of
from ..spreadsheets import CONTENT_TYPE, write_workbook
from . import ImportRefused, UndoRefused, kind_named, run, undo
from .engine import DUPLICATE, ERROR, NEW, UNCHANGED, UPDATED, Seen
from .templates import write_template

MOST_ROWS = 50_000
# A file larger than this goes through the command line too (50,000 rows of XLSX are about 5 MB).
MOST_BYTES = 50 * 2**20
# Uploads older than this are removed with the next one.
KEPT_SECONDS = 24 * 60 * 60
SUFFIXES = {".csv", ".xlsx", ".ods", ".txt"}
OUTCOME_LABELS = {
    NEW: gettext_lazy("new"),
    UPDATED: gettext_lazy("update"),
    UNCHANGED: gettext_lazy("unchanged"),
    DUPLICATE: gettext_lazy("possible duplicate"),
    ERROR: gettext_lazy("error"),
}


def uploads() -> Path:
    folder = Path(settings.VAR_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def stored_upload(user, token: str) -> Path:
    """The file ``user`` uploaded under ``token``; 404 for anyone else's or a token of another shape."""
    if not token.replace("-", "").replace("_", "").isalnum():
        raise Http404
    found = list(uploads().glob(f"{user.pk}-{token}.*"))
    if not found:
        raise Http404
    return found[0]


def store_upload(user, upload) -> str:
    folder = uploads()
    for old in folder.iterdir():
        if old.stat().st_mtime < time.time() - KEPT_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(16)
    suffix = Path(upload.name).suffix.lower()
    target = folder / f"{user.pk}-{token}{suffix if suffix in SUFFIXES else '.bin'}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


class ImportAdminMixin:
    """For a ModelAdmin whose records are imported as ``import_kind`` (``common.imports.kinds``).
    Its list's template adds the Import button to the calendar-aware one every registry admin uses."""

    import_kind = ""
    change_list_template = "admin/imports/change_list.html"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name=name),
            path("import/confirm/", view(self.import_confirm_view), name=f"{name}_confirm"),
            path("import/<str:token>/errors.xlsx", view(self.import_errors_view), name=f"{name}_errors"),
            path("import/template-<str:language>.xlsx", view(self.import_template_view), name=f"{name}_template"),
            path("import/<int:batch_id>/undo/", view(self.import_undo_view), name=f"{name}_undo"),
            *super().get_urls(),
        ]

    def has_import_permission(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "import_allowed": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def kind_for(self, request):
        """The kind, without the private columns for staff who may not see them (read past)."""
        kind = kind_named(self.import_kind)
        privacy = privacy_of(self.model)
        if privacy and not may_read_private_fields(request.user, self.model):
            kind.columns = tuple(column for column in kind.columns if column.key not in privacy.fields)
        return kind

    def url(self, suffix: str = "", *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import{suffix}", args=args)

    def context(self, request, **extra) -> dict:
        from ..models import ImportBatch

        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import %(records)s") % {"records": self.opts.verbose_name_plural},
            "import_url": self.url(),
            "confirm_url": self.url("_confirm"),
            "templates": [(code, name, self.url("_template", code)) for code, name in settings.LANGUAGES],
            "batches": ImportBatch.objects.filter(kind=self.import_kind).select_related("user")[:10],
            "may_undo": self.has_delete_permission(request),
            **extra,
        }

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return TemplateResponse(request, "admin/imports/import.html", self.context(request))
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a file to import."))
            return HttpResponseRedirect(self.url())
        if upload.size > MOST_BYTES:
            messages.error(
                request,
                _("%(file)s is larger than %(most)s MB: import it with manage.py import_records.")
                % {"file": upload.name, "most": MOST_BYTES // 2**20},
            )
            return HttpResponseRedirect(self.url())
        token = store_upload(request.user, upload)
        stored = stored_upload(request.user, token)
        try:
            with stored.open("rb") as data:
                result = run(self.kind_for(request), data, most_rows=MOST_ROWS)
        except ImportRefused as refused:
            stored.unlink(missing_ok=True)
            messages.error(request, _("%(file)s cannot be imported: %(why)s") % {"file": upload.name, "why": refused})
            return HttpResponseRedirect(self.url())
        private = privacy_of(self.model)
        hidden = set() if may_read_private_fields(request.user, self.model) or not private else set(private.fields)
        return TemplateResponse(
            request,
            "admin/imports/preview.html",
            self.context(
                request,
                file_name=upload.name,
                token=token,
                result=result,
                rows=[self.shown(row, result, hidden) for row in result.shown],
                # The rows to write that the preview leaves out (it shows the first of every kind).
                more=sum(result.counts[outcome] for outcome in (NEW, UPDATED, DUPLICATE))
                - sum(row.outcome != ERROR for row in result.shown),
                errors_url=self.url("_errors", token) if result.counts[ERROR] else "",
                writable=result.counts[NEW] + result.counts[UPDATED] + result.counts[DUPLICATE],
            ),
        )

    def shown(self, row, result, hidden: set[str]) -> dict:
        """A preview row: its outcome, the changes (private stored values masked), its candidates."""
        labels = {column.key: str(column.header) for column in result.columns.values()}
        changes = []
        for key, (old, new) in row.changes.items():
            if key in hidden:
                old = _("(private)") if old not in (None, "") else old
            changes.append((labels.get(key, key), display(old), display(new)))
        return {
            "number": row.number,
            "outcome": row.outcome,
            "label": OUTCOME_LABELS[row.outcome],
            "changes": changes,
            "errors": row.errors,
            "record": row.record,
            "candidates": [candidate for candidate in row.candidates if not isinstance(candidate, Seen)],
            "earlier": [candidate.number for candidate in row.candidates if isinstance(candidate, Seen)],
        }

    def import_confirm_view(self, request):
        if request.method != "POST":
            return HttpResponseRedirect(self.url())
        if not self.has_import_permission(request):
            raise PermissionDenied
        stored = stored_upload(request.user, request.POST.get("token", ""))
        decisions = {
            int(name.removeprefix("decision-")): value
            for name, value in request.POST.items()
            if name.startswith("decision-") and name.removeprefix("decision-").isdigit() and value
        }
        try:
            with stored.open("rb") as data:
                result = run(
                    self.kind_for(request),
                    data,
                    file_name=request.POST.get("file_name", stored.name),
                    user=request.user,
                    write=True,
                    skip_errors=True,
                    decisions=decisions,
                    most_rows=MOST_ROWS,
                )
        except ImportRefused as refused:
            messages.error(request, str(refused))
            return HttpResponseRedirect(self.url())
        stored.unlink(missing_ok=True)
        messages.success(
            request, _("Import %(id)s: %(summary)s.") % {"id": result.batch.pk, "summary": result.summary()}
        )
        return HttpResponseRedirect(self.url())

    def import_errors_view(self, request, token):
        """The rows with errors, as they were in the file, with what is wrong in a last column."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        stored = stored_upload(request.user, token)
        with stored.open("rb") as data:
            try:
                result = run(self.kind_for(request), data, most_rows=MOST_ROWS)
            except ImportRefused as refused:
                raise Http404 from refused
        rows = [
            [*(row.cells.get(column.key, "") for column in result.columns.values()), row.describe_errors()]
            for row in result.error_rows
        ]
        headers = [*(result.header[position] for position in result.columns), _("errors")]
        target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response closes it
        write_workbook(target, headers, rows, title=_("errors"))
        target.seek(0)
        response = FileResponse(target, content_type=CONTENT_TYPE)
        response["Content-Disposition"] = attachment(export_filename(self.import_kind, "errors", extension="xlsx"))
        return response

    def import_template_view(self, request, language):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if language not in dict(settings.LANGUAGES):
            raise Http404
        target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response closes it
        with translation.override(language):
            write_template(self.kind_for(request), target)
        target.seek(0)
        response = FileResponse(target, content_type=CONTENT_TYPE)
        response["Content-Disposition"] = attachment(
            export_filename(self.import_kind, "template", language, extension="xlsx")
        )
        return response

    def import_undo_view(self, request, batch_id):
        from ..models import ImportBatch

        if request.method != "POST":
            return HttpResponseRedirect(self.url())
        batch = ImportBatch.objects.filter(pk=batch_id, kind=self.import_kind).first()
        if batch is None:
            raise Http404
        # Undoing removes records: the clerk who imported them may, others need to be allowed to delete.
        mine = batch.user_id == request.user.pk
        if not (self.has_import_permission(request) and (mine or self.has_delete_permission(request))):
            raise PermissionDenied
        try:
            count = undo(batch, request.user)
        except UndoRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Import %(id)s undone: %(count)s records.") % {"id": batch.pk, "count": count})
        return HttpResponseRedirect(self.url())


def display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)
