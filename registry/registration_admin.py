"""The admin of artisans' registrations: verifications with their evidence, sanctions, and the
pieces the artisan's admin shows of them (``registry.admin``).

The evidence of a verification is private (``Verification.privacy``): no address outside the admin
reaches it, and its one view streams it, as a download, to those allowed to read private data.
"""

import datetime
import os
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.admin_base import RegistryAdmin, RegistryInline
from common.admin_calendars import CalendarDateFieldListFilter
from common.autocomplete import PreloadedChoicesForm
from common.i18n import format_date
from common.privacy import may_read_private_fields

from .models import Artisan, RegistrationStatus, Sanction, Verification
from .models.artisans import EXPIRED, registration_state
from .registrations import REGISTRATION_STATES, record_verification

# "Expiring" in the artisans' list: valid today, and no longer this many days from now.
EXPIRING_DAYS = 60
ARTISAN_SEARCH = ["artisan__name", "artisan__name_latin", "artisan__registry_number"]


def registration_text(artisan: Artisan, today: datetime.date | None = None) -> str:
    """ "valid until 12 March 2027", "expired on …", "pending verification" or "revoked", in the
    admin's language and calendar."""
    until = artisan.registration_valid_until
    state = registration_state(artisan.registration_status, until, today or timezone.localdate())
    if state == RegistrationStatus.VERIFIED:
        return gettext("valid until %(date)s") % {"date": format_date(until)}
    if state == EXPIRED and until:
        return gettext("expired after %(date)s") % {"date": format_date(until)}
    return str(REGISTRATION_STATES[state])


class RegistrationFilter(admin.SimpleListFilter):
    """Artisans by the state of their registration today (settings.TIME_ZONE's today)."""

    title = _("registration")
    parameter_name = "registration"
    values = ("pending", "valid", "expiring", "expired", "revoked")

    def lookups(self, request, model_admin):
        return [
            ("pending", REGISTRATION_STATES[RegistrationStatus.PENDING]),
            ("valid", REGISTRATION_STATES[RegistrationStatus.VERIFIED]),
            ("expiring", gettext("expiring in the next %(days)d days") % {"days": EXPIRING_DAYS}),
            ("expired", REGISTRATION_STATES[EXPIRED]),
            ("revoked", REGISTRATION_STATES[RegistrationStatus.REVOKED]),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        match self.value():
            case "pending":
                return queryset.filter(registration_status=RegistrationStatus.PENDING)
            case "valid":
                return queryset.registration_valid_on(today)
            case "expiring":
                last = today + datetime.timedelta(days=EXPIRING_DAYS)
                return queryset.registration_valid_on(today).filter(registration_valid_until__lte=last)
            case "expired":
                return queryset.registration_expired_on(today)
            case "revoked":
                return queryset.filter(registration_status=RegistrationStatus.REVOKED)
        return queryset


@dataclass(frozen=True)
class EvidenceLink:
    """What the file widget links to: the admin's view of the evidence, named by the file."""

    name: str
    url: str

    def __str__(self):
        return self.name


class EvidenceInput(AdminFileWidget):
    """The evidence's file input, whose "Currently:" link leads to the admin's evidence view, never
    to a file address (the private storage has none)."""

    evidence_url = ""  # set by the form, for a verification already saved

    def is_initial(self, value):
        return bool(value) and bool(getattr(value, "name", "")) and bool(self.evidence_url)

    def format_value(self, value):
        if self.is_initial(value):
            return EvidenceLink(os.path.basename(value.name), self.evidence_url)
        return None


class VerificationForm(PreloadedChoicesForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "evidence" in self.fields and self.instance.pk:
            self.fields["evidence"].widget.evidence_url = self.instance.evidence_url()

    def clean_verified_on(self):
        verified_on = self.cleaned_data["verified_on"]
        if verified_on > timezone.localdate():
            raise forms.ValidationError(_("A verification cannot be dated after today."), code="future")
        return verified_on


@admin.register(Verification)
class VerificationAdmin(RegistryAdmin):
    form = VerificationForm
    list_display = ["artisan", "method", "verified_on", "valid_until", "verified_by"]
    list_filter = ["method", ("verified_on", CalendarDateFieldListFilter)]
    list_select_related = ["artisan", "verified_by"]
    search_fields = [*ARTISAN_SEARCH, "note"]
    autocomplete_fields = ["artisan"]
    fields = ["artisan", "method", "verified_on", "valid_until", "verified_by", "note", "evidence", "created_at"]
    readonly_fields = ["valid_until", "verified_by", "created_at"]
    show_full_result_count = False

    def get_urls(self):
        # Before the default URLs: their "<object_id>/" pattern would take this address too.
        name = f"{self.opts.app_label}_{self.opts.model_name}_evidence"
        evidence = path("<path:object_id>/evidence/", self.admin_site.admin_view(self.evidence_view), name=name)
        return [evidence, *super().get_urls()]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artisan", "verified_by")

    def get_readonly_fields(self, request, obj=None):
        # What a verification gave the artisan's registration is not rewritten afterwards: a wrong
        # one is corrected by recording another, or by revoking.
        fields = super().get_readonly_fields(request, obj)
        return fields if obj is None else [*fields, "artisan", "verified_on"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "evidence":
            kwargs["widget"] = EvidenceInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        recorded = record_verification(
            artisan=obj.artisan,
            method=obj.method,
            verified_on=obj.verified_on,
            by=request.user,
            note=obj.note,
            evidence=form.cleaned_data.get("evidence") or None,
        )
        # The admin goes on with the form's instance: its log entry and the page it leads to.
        for field in obj._meta.concrete_fields:
            setattr(obj, field.attname, getattr(recorded, field.attname))
        obj._state.adding, obj._state.db = False, recorded._state.db
        return None

    def evidence_view(self, request, object_id):
        """The evidence file, as a download, to those who may read private data; 403 to the others."""
        if not self.has_view_permission(request) or not may_read_private_fields(request.user, Verification):
            raise PermissionDenied
        verification = self.get_object(request, unquote(object_id))
        if verification is None or not verification.evidence:
            raise Http404
        try:
            file = verification.evidence.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(file, as_attachment=True, filename=os.path.basename(verification.evidence.name))
        response["X-Content-Type-Options"] = "nosniff"
        return response


class SanctionForm(PreloadedChoicesForm):
    def clean(self):
        cleaned = super().clean()
        starts_on, until = cleaned.get("starts_on"), cleaned.get("until")
        if starts_on and until and until < starts_on:
            self.add_error("until", forms.ValidationError(_("A sanction cannot end before it starts."), code="order"))
        return cleaned


class SanctionPermissionsMixin:
    def has_add_permission(self, request, *args):
        # A sanction is recorded with its reason, which only those who may read it can write.
        return super().has_add_permission(request, *args) and may_read_private_fields(request.user, Sanction)


@admin.register(Sanction)
class SanctionAdmin(SanctionPermissionsMixin, RegistryAdmin):
    form = SanctionForm
    list_display = ["artisan", "starts_on", "until", "lifted_on", "created_by"]
    list_filter = [("until", CalendarDateFieldListFilter), ("lifted_on", CalendarDateFieldListFilter)]
    list_select_related = ["artisan", "created_by"]
    search_fields = [*ARTISAN_SEARCH, "reason"]
    autocomplete_fields = ["artisan"]
    fields = ["artisan", "starts_on", "until", "reason", "lifted_on", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artisan", "created_by")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class VerificationInline(RegistryInline):
    """An artisan's verifications, read-only: one is recorded on its own form, which the link under
    the table opens with the artisan chosen."""

    model = Verification
    fields = ["verified_on", "method", "valid_until", "verified_by"]
    readonly_fields = fields
    template = "admin/registry/verification/inline.html"
    show_change_link = True
    can_delete = False
    add_url = ""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artisan", "verified_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_formset(self, request, obj=None, **kwargs):
        # The inline is made afresh for each request, so the link is this request's.
        verifications = self.admin_site.get_model_admin(Verification)
        if obj is not None and obj.pk and verifications.has_add_permission(request):
            query = urlencode({"artisan": obj.pk})
            self.add_url = f"{reverse('admin:registry_verification_add')}?{query}"
        return super().get_formset(request, obj, **kwargs)


class SanctionInline(SanctionPermissionsMixin, RegistryInline):
    model = Sanction
    form = SanctionForm
    fields = ["starts_on", "until", "reason", "lifted_on", "created_by"]
    readonly_fields = ["created_by"]
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artisan", "created_by")


class RegistrationFormMixin:
    """For the artisan's form: a registration is verified only by recording a verification
    (``registry.registrations``) and revoked only with a reason; set back to pending freely."""

    def clean(self):
        cleaned = super().clean()
        if "registration_status" not in self.changed_data:
            return cleaned
        status = cleaned.get("registration_status")
        if status == RegistrationStatus.VERIFIED:
            self.add_error(
                "registration_status",
                forms.ValidationError(
                    _("A registration is verified by recording a verification, with its date and method: "
                      "use \"Record a verification\" under the artisan's verifications."),
                    code="verified_by_hand",
                ),
            )  # fmt: skip
        elif status == RegistrationStatus.REVOKED:
            if "registration_revoked_reason" not in self.fields:
                self.add_error(
                    "registration_status",
                    forms.ValidationError(
                        _("Only staff allowed to see private data may revoke a registration: its reason is private."),
                        code="reason_hidden",
                    ),
                )
            elif not cleaned.get("registration_revoked_reason", "").strip():
                self.add_error(
                    "registration_revoked_reason",
                    forms.ValidationError(_("Say why the registration is revoked."), code="reason_required"),
                )
        return cleaned


class ArtisanRegistrationMixin:
    """For the artisan's admin: its registration's column, a change reason in the history when the
    form changes it, and who recorded each sanction added inline."""

    def save_model(self, request, obj, form, change):
        if "registration_status" in form.changed_data:
            reasons = {
                RegistrationStatus.REVOKED: gettext("Registration revoked"),
                RegistrationStatus.PENDING: gettext("Registration set back to pending"),
            }
            obj._change_reason = reasons.get(obj.registration_status)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is Sanction:
            for inline_form in formset.forms:
                if inline_form.instance._state.adding:
                    inline_form.instance.created_by = request.user
        super().save_formset(request, form, formset, change)

    @admin.display(description=_("registration"), ordering="registration_valid_until")
    def registration(self, obj):
        return registration_text(obj)
