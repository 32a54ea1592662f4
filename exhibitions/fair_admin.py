"""The admin around a fair: its stalls and their printable list, the invitations of returning
artisans and the preparation of a series' next edition, and what each participant sold and gained.

Stalls go only to the artisans the fair expects (``editions.stall_refusal``), with the refusal shown
beside the field. Results and sales are the editor's alone: their inlines and the sales page exist
only for users with the models' view permission, and nothing of them reaches a viewer.
"""

import re
from itertools import groupby

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from common.admin_base import RegistryAdmin, RegistryInline
from common.autocomplete import PreloadedChoicesForm
from common.i18n import format_number
from registry.models import ArtisanCraft

from . import calls, editions
from .models import Application, Exhibition, Invitation, Participation, ParticipationResult, Sale, Stall
from .sales import FEWEST_SELLERS_SHOWN, exhibition_totals

# Stalls


class StallForm(PreloadedChoicesForm):
    def clean(self):
        cleaned_data = super().clean()
        stall, label = self.instance, cleaned_data.get("label")
        taken = Stall.objects.filter(exhibition=stall.exhibition_id, label=label).exclude(pk=stall.pk)
        if label and stall.exhibition_id and taken.exists():
            self.add_error(
                "label", gettext("Stall %(stall)s is on this exhibition's plan already.") % {"stall": label}
            )
        if "artisan" in self.changed_data:
            refusal = editions.stall_refusal(stall, cleaned_data.get("artisan"))
            if refusal:
                self.add_error("artisan", refusal)
        return cleaned_data

    def save(self, commit=True):
        stall = super().save(commit=False)
        if commit:
            if "artisan" in self.changed_data:
                editions.assign_stall(stall, stall.artisan)
            else:
                stall.save()
        return stall


class StallFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        # Each row is checked against the stalls saved; this catches one artisan given two new rows.
        given = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            artisan, label = form.cleaned_data.get("artisan"), form.cleaned_data.get("label")
            if artisan is None:
                continue
            if artisan.pk in given:
                form.add_error(
                    "artisan",
                    gettext("%(artisan)s already has stall %(stall)s at this exhibition.")
                    % {"artisan": artisan, "stall": given[artisan.pk]},
                )
            given.setdefault(artisan.pk, label)


class StallInline(RegistryInline):
    model = Stall
    form = StallForm
    formset = StallFormSet
    fields = ["label", "zone", "size", "artisan"]
    autocomplete_fields = ["artisan"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artisan")


def natural_key(text: str) -> list:
    """B2 before B10: the runs of digits compared as numbers."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def stall_rows(exhibition: Exhibition) -> list[Stall]:
    """The exhibition's stalls, by zone and number, each artisan's ``craft``: the craft their
    application was accepted with, or else their primary craft. Three queries."""
    accepted = Application.objects.filter(
        call__exhibition=exhibition, status=Application.Status.ACCEPTED
    ).select_related("craft")
    stalls = list(
        exhibition.stalls.select_related("artisan").prefetch_related(
            Prefetch(
                "artisan__craft_links",
                queryset=ArtisanCraft.objects.filter(is_primary=True).select_related("craft"),
                to_attr="primary_links",
            ),
            Prefetch("artisan__applications", queryset=accepted, to_attr="accepted_here"),
        )
    )
    for stall in stalls:
        artisan = stall.artisan
        links = [*artisan.accepted_here, *artisan.primary_links] if artisan else []
        stall.craft = links[0].craft if links else None
    return sorted(stalls, key=lambda stall: (natural_key(stall.zone), natural_key(stall.label)))


# Invitations


def returning(invitation: Invitation) -> str:
    count = invitation.editions_attended
    if not count:
        return gettext("new to the series")
    return ngettext("returning: %(count)s edition", "returning: %(count)s editions", count) % {
        "count": format_number(count)
    }


class InvitationForm(PreloadedChoicesForm):
    """A new invitation counts the editions of the series the artisan attended before this one."""

    def save(self, commit=True):
        invitation = super().save(commit=False)
        exhibition = invitation.exhibition
        if invitation._state.adding and exhibition.series_id:
            attended = Participation.objects.editions_per_artisan(
                exhibition.series_id, [invitation.artisan_id], before=exhibition
            )
            invitation.editions_attended = attended.get(invitation.artisan_id, 0)
        if commit:
            invitation.save()
            self._save_m2m()
        return invitation


class InvitationInline(RegistryInline):
    model = Invitation
    form = InvitationForm
    # The state changes through the invitations' actions, which record who took part.
    fields = ["artisan", "state", "returning", "note"]
    readonly_fields = ["state", "returning"]
    autocomplete_fields = ["artisan"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artisan")

    @admin.display(description=_("editions attended"))
    def returning(self, obj):
        return returning(obj) if obj.pk else ""


def answered(modeladmin, request, queryset, state: str, done: str) -> None:
    took_part = queryset.filter(state=Invitation.State.TOOK_PART).count()
    count = editions.answer_invitations(queryset, state, by=request.user)
    modeladmin.message_user(request, done % {"count": count})
    if took_part:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d artisan has taken part already; their invitation stays as it is.",
                "%(count)d artisans have taken part already; their invitations stay as they are.",
                took_part,
            )
            % {"count": took_part},
            messages.WARNING,
        )


@admin.action(description=_("Mark selected invitations as confirmed"), permissions=["change"])
def confirmed(modeladmin, request, queryset):
    answered(modeladmin, request, queryset, Invitation.State.CONFIRMED, gettext("Invitations confirmed: %(count)d."))


@admin.action(description=_("Mark selected invitations as declined"), permissions=["change"])
def declined(modeladmin, request, queryset):
    answered(
        modeladmin,
        request,
        queryset,
        Invitation.State.DECLINED,
        gettext("Invitations declined: %(count)d. Their stalls, if they had any, are free again."),
    )


@admin.action(description=_("Record the selected guests as having taken part"), permissions=["change"])
def took_part(modeladmin, request, queryset):
    if not request.user.has_perm("exhibitions.add_participation"):
        raise PermissionDenied
    made = 0
    invitations = queryset.select_related("exhibition", "artisan").order_by("exhibition", "pk")
    for exhibition, group in groupby(invitations, key=lambda invitation: invitation.exhibition):
        made += editions.record_attendance(exhibition, [invitation.artisan for invitation in group], by=request.user)
    modeladmin.message_user(
        request,
        ngettext("%(count)d participation was recorded.", "%(count)d participations were recorded.", made)
        % {"count": made},
    )


@admin.register(Invitation)
class InvitationAdmin(RegistryAdmin):
    form = InvitationForm
    list_display = ["artisan", "exhibition", "state", "returning"]
    # Only the exhibitions that invited anyone: a few, where all of them would be thousands.
    list_filter = [("exhibition", admin.RelatedOnlyFieldListFilter), "state"]
    list_select_related = ["artisan", "exhibition"]
    search_fields = ["artisan__name", "artisan__name_latin", "artisan__registry_number"]
    autocomplete_fields = ["exhibition", "artisan"]
    fields = ["exhibition", "artisan", "state", "editions_attended", "note", "created_at", "updated_at"]
    readonly_fields = ["state", "editions_attended", "created_at", "updated_at"]
    actions = [confirmed, declined, took_part]

    @admin.display(description=_("editions attended"), ordering="editions_attended")
    def returning(self, obj):
        return returning(obj)


# The exhibition's pages


class FairPagesMixin:
    """For the exhibitions' admin: the printable stall list and the sales and results page, linked
    from the change page with the exhibition's invitations, each for those who may see it."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/stalls/", view(self.stalls_view), name=f"{name}_stalls"),
            path("<int:object_id>/sales/", view(self.sales_view), name=f"{name}_sales"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {**(extra_context or {}), "fair_links": self.fair_links(request, object_id)}
        return super().change_view(request, object_id, form_url, context)

    def fair_links(self, request, object_id) -> list[tuple[str, str]]:
        if not str(object_id).isdigit():
            return []
        user, links = request.user, []
        if user.has_perm("exhibitions.view_stall"):
            links.append((reverse("admin:exhibitions_exhibition_stalls", args=[object_id]), gettext("Stall list")))
        if user.has_perm("exhibitions.view_invitation"):
            changelist = reverse("admin:exhibitions_invitation_changelist")
            links.append((f"{changelist}?exhibition__id__exact={object_id}", gettext("Invitations")))
        if user.has_perm("exhibitions.view_sale"):
            links.append(
                (reverse("admin:exhibitions_exhibition_sales", args=[object_id]), gettext("Sales and results"))
            )
        return links

    def fair_page_exhibition(self, request, object_id, permission: str) -> Exhibition:
        if not request.user.has_perm(permission):
            raise PermissionDenied
        exhibition = get_object_or_404(Exhibition.objects.select_related("place"), pk=object_id)
        if not self.has_view_permission(request, exhibition):
            raise PermissionDenied
        return exhibition

    def fair_page_context(self, request, exhibition: Exhibition, title: str) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "subtitle": exhibition.title,
            "exhibition": exhibition,
        }

    def stalls_view(self, request, object_id):
        """The stalls, with who is at each, to print for the fair's gate and floor."""
        exhibition = self.fair_page_exhibition(request, object_id, "exhibitions.view_stall")
        stalls = stall_rows(exhibition)
        context = {
            **self.fair_page_context(request, exhibition, gettext("Stall list")),
            "stalls": stalls,
            "given": sum(1 for stall in stalls if stall.artisan_id),
        }
        return TemplateResponse(request, "admin/exhibitions/exhibition_stalls.html", context)

    def sales_view(self, request, object_id):
        """Every participant's sales and results, added up; never one participant's."""
        exhibition = self.fair_page_exhibition(request, object_id, "exhibitions.view_sale")
        context = {
            **self.fair_page_context(request, exhibition, gettext("Sales and results")),
            "totals": exhibition_totals(exhibition),
            "fewest_sellers": FEWEST_SELLERS_SHOWN,
        }
        return TemplateResponse(request, "admin/exhibitions/exhibition_sales.html", context)


# The next edition


@admin.action(description=_("Prepare the next edition of the selected series"), permissions=["add"])
def prepare_next_edition(modeladmin, request, queryset):
    if not request.user.has_perms(["exhibitions.add_exhibition", "exhibitions.add_invitation"]):
        raise PermissionDenied
    series = list(queryset[:2])
    if len(series) != 1:
        modeladmin.message_user(request, gettext("Select one series to prepare its next edition."), messages.WARNING)
        return None
    try:
        exhibition = editions.prepare_next_edition(series[0], by=request.user)
    except calls.DecisionRefused as refusal:
        modeladmin.message_user(request, str(refusal), messages.ERROR)
        return None
    invited = exhibition.invitations.count()
    prepared = gettext("%(exhibition)s is prepared as a draft: set its dates, then publish it.") % {
        "exhibition": exhibition
    }
    invitations = ngettext(
        "%(count)s artisan of the last edition is invited.",
        "%(count)s artisans of the last edition are invited.",
        invited,
    ) % {"count": format_number(invited)}
    modeladmin.message_user(request, f"{prepared} {invitations}")
    return HttpResponseRedirect(reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk]))


# Outcomes per participant


class ParticipationResultInline(RegistryInline):
    model = ParticipationResult
    fields = ["orders_taken", "trade_contacts", "note"]


class SaleInline(RegistryInline):
    model = Sale
    fields = ["currency", "amount"]
    max_num = len(Sale._meta.get_field("currency").choices)
