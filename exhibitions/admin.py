from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.admin_base import RegistryAdmin, RegistryInline
from common.downloads import FORMATS, export_response
from common.edit_conflicts import ConcurrentEditInlineMixin, ConcurrentEditMixin
from common.i18n import search_fields_for
from common.imports.admin import ImportAdminMixin
from common.privacy import may_read_private_fields
from common.spreadsheets import too_many_rows_message
from registry import admin as registry_admin
from registry.admin import (
    ARCHIVE_HINT,
    SOURCE_LABEL_RELATED,
    archive,
    claims_with_sources,
    publish,
    sample_marker,
    sources_with_outlets,
    unpublish,
)
from registry.models import Artisan
from registry.querysets import select_lineage

from .exports import participants_filename, participation_columns
from .fair_admin import (
    FairPagesMixin,
    InvitationInline,
    ParticipationResultInline,
    SaleInline,
    StallInline,
    prepare_next_edition,
)
from .merge_admin import MergeAdminMixin
from .models import Exhibition, ExhibitionOfficial, ExhibitionOrganiser, ExhibitionSeries, Outcome, Participation
from .querysets import with_artisan_participation_counts

SOURCE_RELATED = [f"source__{name}" for name in SOURCE_LABEL_RELATED]


def participants_file(request, queryset, *, filename: str):
    """Staff exports, CSV or XLSX as ``filename`` says: drafts and unconsented artisans included,
    contact data only with the permission. None, with a message, if the rows do not fit in the
    format (more than a sheet holds)."""
    include_private = may_read_private_fields(request.user, Artisan)
    columns = participation_columns(include_private=include_private)
    response = export_response(request, queryset, columns, filename=filename, title=filename.rpartition(".")[0])
    if response is None:
        messages.error(request, too_many_rows_message())
    return response


@admin.action(description=_("Export selected participants as CSV"), permissions=["view"])
def export_participants(modeladmin, request, queryset):
    # The file is the answer, so there is no message to show.
    return participants_file(request, queryset, filename="participants-selected.csv")


@admin.action(description=_("Export selected participants as Excel (XLSX)"), permissions=["view"])
def export_participants_xlsx(modeladmin, request, queryset):
    return participants_file(request, queryset, filename="participants-selected.xlsx")


@admin.register(ExhibitionSeries)
class ExhibitionSeriesAdmin(RegistryAdmin):
    list_display = ["name_en", "name_fa", "name_ar", "frequency", "host_place"]
    list_filter = ["frequency"]
    list_select_related = ["host_place"]
    search_fields = [*search_fields_for("name"), "slug"]
    autocomplete_fields = ["host_place", "organisers", "sources"]
    prepopulated_fields = {"slug": ["name_en"]}
    slug_sources = ("name_en", "name_fa", "name_ar")
    change_form_prefetch = ["organisers", sources_with_outlets()]
    actions = [prepare_next_edition]

    def get_queryset(self, request):
        # The change form labels the host place with the places above it, without a query of its own.
        return super().get_queryset(request).select_related(select_lineage("host_place"))


class ExhibitionOrganiserInline(RegistryInline):
    model = ExhibitionOrganiser
    fields = ["organisation", "role", "source"]
    autocomplete_fields = ["organisation", "source"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("exhibition", "organisation", *SOURCE_RELATED)


class ExhibitionOfficialInline(RegistryInline):
    model = ExhibitionOfficial
    fields = ["person", "side", "title_en", "title_fa", "title_ar", "organisation", "source"]
    fields += ExhibitionOfficial.note.column_names()
    autocomplete_fields = ["person", "organisation", "source"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "organisation", *SOURCE_RELATED)


class OutcomeInline(RegistryInline):
    model = Outcome
    fields = ["kind", *Outcome.description.column_names(), "source"]
    autocomplete_fields = ["source"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*SOURCE_RELATED)


class ParticipationInline(ConcurrentEditInlineMixin, RegistryInline):
    model = Participation
    autocomplete_fields = ["artisan", "exhibition", "crafts_shown", "sources"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("artisan", "exhibition")
            .prefetch_related("crafts_shown", sources_with_outlets())
        )


class ExhibitionParticipationInline(ParticipationInline):
    fields = ["artisan", "role", "crafts_shown", "stand", *Participation.award.column_names(), "sources", "is_sample"]


class ArtisanParticipationInline(ParticipationInline):
    fields = [
        "exhibition",
        "role",
        "crafts_shown",
        "stand",
        *Participation.award.column_names(),
        "sources",
        "is_sample",
    ]


@admin.register(Exhibition)
class ExhibitionAdmin(FairPagesMixin, ConcurrentEditMixin, RegistryAdmin):
    list_display = [
        "title",
        "dates",
        "place",
        "series",
        "status",
        "participation_count",
        "participants_reported",
    ]
    list_filter = ["status", "date_precision", "series"]
    list_select_related = ["place", "series"]
    search_fields = [*search_fields_for("title"), *search_fields_for("venue"), "slug"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["series", "place", "crafts_shown", "sources", "claims"]
    prepopulated_fields = {"slug": ["title_en"]}
    slug_sources = ("title_en", "title_fa", "title_ar")
    readonly_fields = ["participants_export", "created_at", "updated_at"]
    actions = [publish, unpublish, archive]
    protected_hint = ARCHIVE_HINT
    # Participants first: recording who took part is most of the work on this form.
    inlines = [
        ExhibitionParticipationInline,
        ExhibitionOrganiserInline,
        ExhibitionOfficialInline,
        OutcomeInline,
        StallInline,
        InvitationInline,
    ]
    history_parts = ["participations", "organiser_links", "officials", "outcomes", "stalls", "invitations"]
    change_form_prefetch = ["crafts_shown", sources_with_outlets(), claims_with_sources()]
    fieldsets = [
        (None, {"fields": ["title_en", "title_fa", "title_ar", "slug", "series", "edition", "status"]}),
        (
            _("When and where"),
            {"fields": ["start_date", "end_date", "date_precision", "place", *Exhibition.venue.column_names()]},
        ),
        (
            _("About"),
            {
                "fields": [
                    "occasion_en",
                    "occasion_fa",
                    "occasion_ar",
                    "participants_reported",
                    "publish_sales_totals",
                    *Exhibition.description.column_names(),
                    "crafts_shown",
                    "sources",
                    "claims",
                ]
            },
        ),
        (_("Record"), {"fields": ["participants_export", "created_at", "updated_at"]}),
    ]

    def get_urls(self):
        # Before the default URLs: their "<object_id>/" pattern would take this address too.
        exports = [
            path(
                f"<path:object_id>/participants.{extension}",
                self.admin_site.admin_view(self.participants_export_view),
                {"extension": extension},
                name=f"{self.opts.app_label}_{self.opts.model_name}_participants_{extension}",
            )
            for extension in FORMATS
        ]
        return [*exports, *super().get_urls()]

    def participants_export_view(self, request, object_id, extension):
        exhibition = self.get_object(request, unquote(object_id))
        if exhibition is None:
            raise Http404
        if not self.has_view_permission(request, exhibition):
            raise PermissionDenied
        participants = Participation.objects.filter(exhibition=exhibition)
        filename = participants_filename(exhibition, extension=extension)
        return participants_file(request, participants, filename=filename) or redirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[exhibition.pk])
        )

    @admin.display(description=_("participants"))
    def participants_export(self, obj):
        if obj.pk is None:
            return _("Save the exhibition first.")
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_participants"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse(f"{name}_csv", args=[obj.pk]),
            _("Export participants as CSV"),
            reverse(f"{name}_xlsx", args=[obj.pk]),
            _("Excel (XLSX)"),
        )

    def get_queryset(self, request):
        # The joins also label the change form's place (with the places above it) and series without
        # a query of their own.
        return (
            super().get_queryset(request).select_related(select_lineage("place"), "series").with_participation_counts()
        )

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, obj):
        return obj.date_display()

    @admin.display(description=_("participants recorded"), ordering="participation_count")
    def participation_count(self, obj):
        return obj.participation_count


@admin.register(Participation)
class ParticipationAdmin(ImportAdminMixin, ConcurrentEditMixin, RegistryAdmin):
    import_kind = "participations"
    list_display = ["artisan", "exhibition", "role", "stand", "award", "sample"]
    list_filter = ["role", "is_sample"]
    list_select_related = ["artisan", "exhibition"]
    search_fields = [
        "artisan__name",
        "artisan__name_latin",
        "artisan__registry_number",
        *search_fields_for("title", "exhibition__"),
    ]
    autocomplete_fields = ["artisan", "exhibition", "crafts_shown", "sources"]
    actions = [export_participants, export_participants_xlsx]
    # Shown only to those who may see results and sales (their models' permissions).
    inlines = [ParticipationResultInline, SaleInline]
    # A million participations: counting them all on each page view costs more than it tells.
    show_full_result_count = False
    # The latest recorded first, read backwards along the primary key; any column sorts on a click.
    ordering = ["-pk"]
    change_form_prefetch = ["crafts_shown", sources_with_outlets()]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artisan", "exhibition")

    @admin.display(description=_("sample data"), ordering="is_sample")
    def sample(self, obj):
        return sample_marker(obj)


@admin.register(Artisan)
class ArtisanAdmin(MergeAdminMixin, registry_admin.ArtisanAdmin):
    """registry's artisan admin, with each artisan's participations: counted in the list, edited inline,
    and moved by a merge of two artisans (``exhibitions.merges``)."""

    list_display = [
        *(name for name in registry_admin.ArtisanAdmin.list_display if name != "sample"),
        "participation_count",
        "sample",
    ]
    inlines = [*registry_admin.ArtisanAdmin.inlines, ArtisanParticipationInline]
    history_parts = [*registry_admin.ArtisanAdmin.history_parts, "participations"]

    def get_queryset(self, request):
        return with_artisan_participation_counts(super().get_queryset(request))

    @admin.display(description=_("participations"), ordering="participation_count")
    def participation_count(self, obj):
        return obj.participation_count


# The calls for participation, their applications and jury: a module of their own.
from . import call_admin  # noqa: E402, F401
