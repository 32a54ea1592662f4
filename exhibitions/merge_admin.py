"""The admin's merge of two artisans (``registry.merges``): the page that compares them field by field
and merges, the list of merges with their revert, and the ways an absorbed record still leads to
the survivor in the admin (its change page, a search for its registry number). All are pages of the
artisans' admin: who may see merges is who may see artisans; who may merge or revert needs to
change artisans and to read their private data, which a merge combines."""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.i18n import format_date, local_digits
from registry.merges import may_merge
from registry.models import Artisan, ArtisanMerge
from registry.querysets import select_lineage

from .merges import CHOSEN_FIELDS, MergeRefused, default_take, differing, merge, revert, revert_blockers

FIRST, SECOND = "first", "second"
# What a search for a registry number looks like ("ILM-2025-00007"); other searches never ask for merges.
REGISTRY_NUMBER = re.compile(r"[^\W\d_]+-\d{4}-\d+")


def when(moment) -> str:
    """A time of day on a date, in the page's calendar and digits."""
    moment = timezone.localtime(moment)
    return f"{format_date(moment.date())} {local_digits(moment.strftime('%H:%M'))}"


def shown(artisan: Artisan, field: str):
    """A field's value as the merge page shows it."""
    if field == "photo":
        thumbnail = artisan.photo_thumbnail
        return format_html('<img src="{}" width="80" height="80" alt="">', thumbnail.url) if thumbnail else "—"
    model_field = Artisan._meta.get_field(field)
    if model_field.choices:
        return getattr(artisan, f"get_{field}_display")() or "—"
    value = getattr(artisan, field)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return "—" if value in (None, "") else value


class MergeForm(forms.Form):
    """Which record survives, and for each field the two records do not share, whose value it keeps."""

    survivor = forms.ChoiceField(label=_("Keep the registry number and page of"), widget=forms.RadioSelect)

    def __init__(self, first: Artisan, second: Artisan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = {FIRST: first, SECOND: second}
        self.fields["survivor"].choices = [
            (FIRST, f"{first.registry_number} · {first}"),
            (SECOND, f"{second.registry_number} · {second}"),
        ]
        self.fields["survivor"].initial = FIRST
        taken = default_take(first, second)
        self.differing = differing(first, second)
        for name in self.differing:
            self.fields[name] = forms.ChoiceField(
                label=Artisan._meta.get_field(name).verbose_name,
                choices=[(FIRST, shown(first, name)), (SECOND, shown(second, name))],
                initial=SECOND if name in taken else FIRST,
                widget=forms.RadioSelect,
            )

    def rows(self):
        """(label, the first record's choice, the second's) for each field they do not share."""
        for name in self.differing:
            first, second = list(self[name])
            yield self[name].label, first, second

    def merge(self, user) -> ArtisanMerge:
        kept = self.cleaned_data["survivor"]
        other = SECOND if kept == FIRST else FIRST
        take = {name for name in self.differing if self.cleaned_data[name] == other}
        return merge(self.records[kept], self.records[other], take=take, user=user)


class MergeAdminMixin:
    """For the artisans' admin: the merge page, the list action that opens it, and the absorbed
    records that lead to their survivor."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_merge"
        view = self.admin_site.admin_view
        return [
            path("merge/<int:first>/<int:second>/", view(self.merge_view), name=name),
            path("merges/", view(self.merges_view), name=f"{name}s"),
            path("merges/<int:merge_id>/revert/", view(self.revert_view), name=f"{name}_revert"),
            *super().get_urls(),
        ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if may_merge(request.user):
            actions["merge_two"] = (
                MergeAdminMixin.merge_two,
                "merge_two",
                _("Merge the two selected artisans"),
            )
        return actions

    def merge_two(self, request, queryset):
        ids = sorted(queryset.values_list("pk", flat=True)[:3])
        if len(ids) != 2:
            self.message_user(request, gettext("Select exactly two artisans to merge."), messages.WARNING)
            return None
        return HttpResponseRedirect(reverse("admin:registry_artisan_merge", args=ids))

    def merge_view(self, request, first, second):
        if not may_merge(request.user):
            raise PermissionDenied
        records = Artisan.objects.select_related(select_lineage("home_place")).annotate(
            participation_count=Count("participations", distinct=True)
        )
        records = records.in_bulk([first, second])
        if first == second or len(records) != 2:
            raise Http404
        form = MergeForm(records[first], records[second], request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                done = form.merge(request.user)
            except MergeRefused as refusal:
                messages.error(request, str(refusal))
                return HttpResponseRedirect(request.path)
            messages.success(
                request,
                format_html(
                    gettext("{absorbed} was merged into {survivor}; its number and page lead here now. {revert}"),
                    absorbed=done.absorbed_number,
                    survivor=done.survivor.registry_number,
                    revert=format_html(
                        '<a href="{}">{}</a>',
                        reverse("admin:registry_artisan_merge_revert", args=[done.pk]),
                        gettext("Revert the merge"),
                    ),
                ),
            )
            return HttpResponseRedirect(reverse("admin:registry_artisan_change", args=[done.survivor.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Merge two artisans"),
            "form": form,
            "first": records[first],
            "second": records[second],
            "fields_shared": len(CHOSEN_FIELDS) - len(form.differing),
        }
        return TemplateResponse(request, "admin/registry/merge.html", context)

    def merges_view(self, request):
        """The merges, newest first, each with its revert."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        merges = ArtisanMerge.objects.select_related("survivor", "merged_by", "reverted_by").defer("record")
        page = Paginator(merges, 50).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Merges of artisans"),
            "page": page,
            "rows": [(merge, when(merge.merged_at)) for merge in page],
        }
        return TemplateResponse(request, "admin/registry/merges.html", context)

    def revert_view(self, request, merge_id):
        """What a revert would do, or why it cannot; and the revert."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        merge = get_object_or_404(ArtisanMerge.objects.select_related("survivor", "merged_by"), pk=merge_id)
        if request.method == "POST":
            if not may_merge(request.user):
                raise PermissionDenied
            try:
                absorbed = revert(merge, request.user)
            except MergeRefused as refusal:
                messages.error(request, str(refusal))
                return HttpResponseRedirect(request.path)
            messages.success(
                request,
                gettext("Merge reverted: %(absorbed)s is a record of its own again.")
                % {"absorbed": absorbed.registry_number},
            )
            return HttpResponseRedirect(reverse("admin:registry_artisan_change", args=[absorbed.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Revert a merge"),
            "merge": merge,
            "blockers": revert_blockers(merge),
            "may_revert": may_merge(request.user),
            "moved": len(merge.record.get("moved", [])),
            "joined": len(merge.record.get("joined", [])) // 2,
        }
        return TemplateResponse(request, "admin/registry/merge_revert.html", context)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        """The change page of a record merged into another leads to that one."""
        merge = (
            ArtisanMerge.objects.standing().filter(absorbed_id=object_id).select_related("survivor").first()
            if str(object_id).isdigit()
            else None
        )
        if merge is None:
            return super()._get_obj_does_not_exist_redirect(request, opts, object_id)
        messages.info(
            request,
            gettext("%(absorbed)s was merged into %(survivor)s.")
            % {"absorbed": merge.absorbed_number, "survivor": merge.survivor.registry_number},
        )
        return HttpResponseRedirect(reverse("admin:registry_artisan_change", args=[merge.survivor_id]))

    def get_search_results(self, request, queryset, search_term):
        """A search for an absorbed record's registry number finds the record it was merged into."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if REGISTRY_NUMBER.fullmatch(term):
            survivors = ArtisanMerge.objects.standing().filter(absorbed_number__iexact=term).values("survivor")
            if survivors.exists():
                found = found | queryset.filter(pk__in=survivors)
        return found, may_have_duplicates


__all__ = ["MergeAdminMixin", "MergeForm"]
