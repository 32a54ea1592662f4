from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history, get_history_model_for_model

from common.admin_base import RegistryAdmin, RegistryInline
from common.admin_calendars import CalendarDateFieldListFilter
from common.downloads import FORMATS, export_response
from common.edit_conflicts import ConcurrentEditForm, ConcurrentEditMixin
from common.exports import export_filename
from common.i18n import search_fields_for
from common.imports.admin import ImportAdminMixin
from common.privacy import may_read_private_fields
from common.spreadsheets import too_many_rows_message

from .duplicates import groups_of_names, likely_duplicates, pairs_among
from .exports import artisan_columns
from .merges import may_merge
from .models import (
    Artisan,
    ArtisanCraft,
    Claim,
    DistinctArtisans,
    Organisation,
    Person,
    Place,
    PublicationStatus,
    Source,
)
from .querysets import select_lineage
from .registration_admin import (
    ArtisanRegistrationMixin,
    RegistrationFilter,
    RegistrationFormMixin,
    SanctionInline,
    VerificationInline,
)
from .search import ARTISAN_TEXT

# A Source's label names its outlet, so every query that lists sources for a widget joins them.
SOURCE_LABEL_RELATED = ["publisher", "reported_by"]
CLAIM_LABEL_RELATED = [f"source__{name}" for name in SOURCE_LABEL_RELATED]


def sources_with_outlets(lookup: str = "sources") -> Prefetch:
    return Prefetch(lookup, queryset=Source.objects.select_related(*SOURCE_LABEL_RELATED))


def claims_with_sources(lookup: str = "claims") -> Prefetch:
    return Prefetch(lookup, queryset=Claim.objects.select_related(*CLAIM_LABEL_RELATED))


def sample_marker(obj) -> str:
    if not obj.is_sample:
        return ""
    return format_html('<strong class="sample-marker">{}</strong>', _("sample"))


STATUS_BATCH_SIZE = 500


def set_status(queryset: models.QuerySet, status: str, *, user, reason: str) -> int:
    """Give the rows of ``queryset`` that lack it ``status``, with a history row each; return how many.

    Rows are read and written in batches, so selecting every artisan stays within memory. A model
    whose history records many-to-many values saves row by row, which records them too; the others
    are written with bulk_update_with_history, which does not.
    """
    model = queryset.model
    pks = list(queryset.exclude(status=status).order_by().values_list("pk", flat=True))
    row_by_row = bool(get_history_model_for_model(model)._history_m2m_fields)
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(pks), STATUS_BATCH_SIZE):
            rows = list(model._default_manager.filter(pk__in=pks[start : start + STATUS_BATCH_SIZE]))
            for row in rows:
                row.status, row.updated_at = status, now
                row._history_user, row._change_reason, row._history_date = user, reason, now
            if row_by_row:
                for row in rows:
                    row.save(update_fields=["status", "updated_at"])
            else:
                bulk_update_with_history(rows, model, ["status", "updated_at"])
    return len(pks)


@admin.action(description=_("Publish selected %(verbose_name_plural)s"), permissions=["change"])
def publish(modeladmin, request, queryset):
    count = set_status(
        queryset, PublicationStatus.PUBLISHED, user=request.user, reason=gettext("Published from the list")
    )
    modeladmin.message_user(
        request,
        ngettext("%(count)d record was published.", "%(count)d records were published.", count) % {"count": count},
    )


@admin.action(description=_("Set selected %(verbose_name_plural)s back to draft"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    count = set_status(
        queryset, PublicationStatus.DRAFT, user=request.user, reason=gettext("Set back to draft from the list")
    )
    modeladmin.message_user(
        request,
        ngettext("%(count)d record was set back to draft.", "%(count)d records were set back to draft.", count)
        % {"count": count},
    )


@admin.action(description=_("Archive selected %(verbose_name_plural)s"), permissions=["change"])
def archive(modeladmin, request, queryset):
    count = set_status(
        queryset, PublicationStatus.ARCHIVED, user=request.user, reason=gettext("Archived from the list")
    )
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d record was archived: it has left the public pages and stays here.",
            "%(count)d records were archived: they have left the public pages and stay here.",
            count,
        )
        % {"count": count},
    )


# For the admin of records with a publication status: what to do instead of deleting.
ARCHIVE_HINT = _(
    "Records that other records refer to cannot be deleted, so that no history is lost. Archive it "
    "instead: an archived record leaves the public pages but stays in the admin, with its history."
)


@admin.register(Place)
class PlaceAdmin(RegistryAdmin):
    list_display = ["name_en", "name_fa", "name_ar", "kind", "parent", "code"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = [*search_fields_for("name"), "code", "slug"]
    autocomplete_fields = ["parent", "neighbours"]
    prepopulated_fields = {"slug": ["name_en"]}
    fields = ["kind", "parent", "code", "name_en", "name_fa", "name_ar", "slug", *Place.description.column_names()]
    fields += ["neighbours"]
    slug_sources = ("name_en", "name_fa", "name_ar")
    change_form_prefetch = [Prefetch("neighbours", queryset=Place.objects.select_related(select_lineage()))]

    def get_queryset(self, request):
        # Also serves the autocomplete of every place field, whose labels name the places above.
        return super().get_queryset(request).select_related(select_lineage("parent"))

    def label_from_instance(self, obj):
        """In autocomplete fields and their results: "Ilam (city, Ilam province)"."""
        return obj.described()


@admin.register(Organisation)
class OrganisationAdmin(RegistryAdmin):
    list_display = ["name_en", "name_fa", "name_ar", "kind", "place", "parent"]
    list_filter = ["kind"]
    list_select_related = ["place", "parent"]
    search_fields = [*search_fields_for("name"), "slug"]
    autocomplete_fields = ["place", "parent"]
    prepopulated_fields = {"slug": ["name_en"]}
    slug_sources = ("name_en", "name_fa", "name_ar")

    def get_queryset(self, request):
        # The change form labels the place with the places above it. The changelist skips
        # list_select_related when this already joins, so it repeats it.
        return super().get_queryset(request).select_related(*self.list_select_related, select_lineage("place"))


@admin.register(Person)
class PersonAdmin(RegistryAdmin):
    list_display = ["name_en", "name_fa", "name_ar"]
    search_fields = [*search_fields_for("name"), "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    slug_sources = ("name_en", "name_fa", "name_ar")


@admin.register(Source)
class SourceAdmin(RegistryAdmin):
    list_display = ["title", "publisher", "reported_by", "published_on", "language"]
    list_filter = ["language", ("published_on", CalendarDateFieldListFilter)]
    list_select_related = SOURCE_LABEL_RELATED
    search_fields = ["title", "url", *search_fields_for("name", "publisher__")]
    autocomplete_fields = ["publisher", "reported_by"]
    date_hierarchy = "published_on"

    def get_queryset(self, request):
        # Also serves the autocomplete of every source field, whose labels name the outlet.
        return super().get_queryset(request).select_related(*SOURCE_LABEL_RELATED)


class ConflictingClaimFilter(admin.SimpleListFilter):
    title = _("agreement of sources")
    parameter_name = "conflicting"

    def lookups(self, request, model_admin):
        return [("yes", _("sources disagree")), ("no", _("sources agree"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.conflicting()
        if self.value() == "no":
            return queryset.exclude(pk__in=Claim.objects.conflicting().values("pk"))
        return queryset


@admin.register(Claim)
class ClaimAdmin(RegistryAdmin):
    list_display = ["topic", "value", "source", "place"]
    list_filter = [ConflictingClaimFilter]
    list_select_related = [*CLAIM_LABEL_RELATED, "place"]
    search_fields = ["topic", "value", *search_fields_for("statement"), "source__title"]
    autocomplete_fields = ["source", "place"]

    def get_queryset(self, request):
        # A claim's label names its source (see Claim.__str__), also in autocomplete results. The
        # changelist skips list_select_related when this already joins, so it repeats it.
        return super().get_queryset(request).select_related(*self.list_select_related, select_lineage("place"))


class ArtisanCraftInline(RegistryInline):
    model = ArtisanCraft
    fields = ["craft", "is_primary", "since_year"]
    autocomplete_fields = ["craft"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artisan", "craft")


class ArtisanForm(RegistrationFormMixin, ConcurrentEditForm):
    """The artisan's form, which on adding warns of an artisan already recorded who may be the same
    person (``registry.duplicates``) and saves only once the clerk says it is someone else."""

    different_person = forms.BooleanField(
        label=_("A different person"),
        required=False,
        help_text=_(
            "Tick to save an artisan whose name is already in the registry, after checking it is someone else."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and cleaned.get("name") and not cleaned.get("different_person"):
            found = likely_duplicates(
                cleaned["name"], birth_year=cleaned.get("birth_year"), home_place=cleaned.get("home_place")
            )
            if found:
                raise forms.ValidationError(
                    _("This may be an artisan already recorded: %(artisans)s. Open their record, or tick "
                      "\"A different person\" and save again."),
                    params={"artisans": "; ".join(f"{artisan.registry_number} {artisan}" for artisan in found)},
                    code="likely_duplicate",
                )  # fmt: skip
        return cleaned


class ArtisanAdmin(ImportAdminMixin, ConcurrentEditMixin, ArtisanRegistrationMixin, RegistryAdmin):
    """The artisan's admin, without what it says of exhibitions: exhibitions.admin registers it with
    each artisan's participations added (this app may not name them)."""

    import_kind = "artisans"
    form = ArtisanForm
    change_list_template = "admin/registry/artisan/change_list_exports.html"

    list_display = [
        "name_in_order",
        "thumbnail",
        "name_latin",
        "registry_number",
        "home_place",
        "status",
        "registration",
        "consent_to_publish",
        "sample",
    ]
    list_filter = ["status", RegistrationFilter, "consent_to_publish", "is_sample", "gender"]
    list_select_related = ["home_place"]
    search_fields = ["name", "name_latin", "registry_number", "workshop_name"]
    search_key_field = "search_key"
    text_index = ARTISAN_TEXT
    autocomplete_fields = ["home_place"]
    prepopulated_fields = {"slug": ["name_latin"]}
    slug_sources = ("name_latin", "name")
    readonly_fields = ["registry_number", "registration", "created_at", "updated_at"]
    # Counting every row of a 100k-artisan table on each page view costs more than it tells.
    show_full_result_count = False
    actions = [publish, unpublish, archive]
    protected_hint = ARCHIVE_HINT
    inlines = [ArtisanCraftInline, VerificationInline, SanctionInline]
    history_parts = ["craft_links", "verifications", "sanctions"]
    fieldsets = [
        (None, {"fields": ["name", "name_latin", "slug", "registry_number", "gender", "birth_year", "home_place"]}),
        (_("Work"), {"fields": ["workshop_name", *Artisan.biography.column_names(), "photo"]}),
        (_("Publication"), {"fields": ["status", "consent_to_publish", "is_sample", "created_at", "updated_at"]}),
        (
            _("Registration"),
            {
                "fields": ["registration_status", "registration", "registration_revoked_reason"],
                "description": _(
                    "Verified by recording a verification below; valid until the date the latest gives. "
                    "The reason for revoking is private."
                ),
            },
        ),
        (
            _("Private: never published"),
            {
                "fields": [name for name in Artisan.privacy.fields if not name.startswith("registration_")],
                "description": _("Contact and identity details stay in the registry office."),
            },
        ),
    ]

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        exports = [
            path(
                f"export.{extension}",
                self.admin_site.admin_view(self.export_view),
                {"extension": extension},
                name=f"{name}_export_{extension}",
            )
            for extension in FORMATS
        ]
        duplicates = path("duplicates/", self.admin_site.admin_view(self.duplicates_view), name=f"{name}_duplicates")
        return [duplicates, *exports, *super().get_urls()]

    def export_view(self, request, extension):
        """The list as its filters, search and registration state select it, every page of it, as a
        file; contact data only for those who may read it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        request.GET = request.GET.copy()
        request.GET.pop("p", None)  # every page
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return redirect(f"{changelist_url}?{request.GET.urlencode()}")
        chosen = request.GET.get(RegistrationFilter.parameter_name, "")
        chosen = chosen if chosen in RegistrationFilter.values else ""
        filename = export_filename("artisans", chosen, timezone.localdate().isoformat(), extension=extension)
        columns = artisan_columns(include_private=may_read_private_fields(request.user, Artisan))
        response = export_response(
            request, changelist.queryset, columns, filename=filename, title=filename.rpartition(".")[0]
        )
        if response is None:
            messages.error(request, too_many_rows_message())
            return redirect(f"{changelist_url}?{request.GET.urlencode()}")
        return response

    def duplicates_view(self, request):
        """The possible duplicates of the whole registry, fifty names a page, and the decision that
        two of them are different people (``registry.duplicates``)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self.decide_distinct(request)
        page = Paginator(groups_of_names(), 50).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Possible duplicates"),
            "page": page,
            "pairs": pairs_among([group["name_key"] for group in page]),
            "may_decide": self.has_change_permission(request),
            "may_merge": may_merge(request.user),
        }
        return TemplateResponse(request, "admin/registry/duplicates.html", context)

    def decide_distinct(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        ids = sorted(
            int(value) for value in (request.POST.get("first", ""), request.POST.get("second", "")) if value.isdigit()
        )
        pair = Artisan.objects.filter(pk__in=ids)
        if len(ids) != 2 or ids[0] == ids[1] or pair.count() != 2 or len({a.name_key for a in pair}) != 1:
            raise Http404
        DistinctArtisans.objects.get_or_create(
            first_id=ids[0], second_id=ids[1], defaults={"decided_by": request.user}
        )
        messages.success(request, _("Recorded: two different people."))
        return redirect(request.get_full_path())

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        # Only a new artisan may be someone already recorded; its registration is pending until a
        # verification is recorded, which needs the artisan saved first.
        (title, options), *rest = fieldsets
        rest = [(name, more) for name, more in rest if "registration_status" not in more["fields"]]
        return [(title, {**options, "fields": [*options["fields"], "different_person"]}), *rest]

    def get_queryset(self, request):
        # The joins also label the change form's home place, and the places above it, without a query.
        return super().get_queryset(request).select_related(select_lineage("home_place"))

    @admin.display(description=_("name"), ordering="name_order")
    def name_in_order(self, obj):
        """The name, sorted in the order of the Persian alphabet (common.collation) on a click."""
        return obj.name

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        if not obj.photo_thumbnail:
            return ""
        return format_html(
            '<img src="{}" width="40" height="40" alt="{}" loading="lazy">',
            obj.photo_thumbnail.url,
            _("Photograph of %(name)s") % {"name": obj.name},
        )

    @admin.display(description=_("sample data"), ordering="is_sample")
    def sample(self, obj):
        return sample_marker(obj)
