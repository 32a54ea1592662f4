"""The admin of calls for participation: the call with its places per craft and its criteria, the
applications staff enter, the jurors' scoring page, the ranking with its decisions, and the
applicant's receipt. The rules are in exhibitions/calls.py; this module only asks them."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, F, Q, Value
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from common.admin_base import RegistryAdmin, RegistryInline
from common.i18n import format_date, format_number

from . import calls, editions
from .models import Application, Call, Criterion, Quota, Score

Status = Application.Status
DECISIONS = [Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED, Status.WITHDRAWN]


def is_juror(user) -> bool:
    """A juror scores; staff who decide are not jurors, even when they may do everything."""
    return user.has_perm("exhibitions.add_score") and not user.has_perm("exhibitions.change_application")


def sees_names(user, call: Call) -> bool:
    return not (call.blind_jury and is_juror(user))


class QuotaFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        total = sum(
            form.cleaned_data.get("places") or 0
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        )
        places = self.instance.places
        if places and total > places:
            raise ValidationError(
                gettext("The places per craft add up to %(total)s, more than the call's %(places)s places.")
                % {"total": total, "places": places}
            )


class QuotaInline(RegistryInline):
    model = Quota
    formset = QuotaFormSet
    fields = ["craft", "places"]
    autocomplete_fields = ["craft"]


class CriterionInline(RegistryInline):
    model = Criterion
    fields = ["name_en", "name_fa", "name_ar", "position"]


@admin.register(Call)
class CallAdmin(RegistryAdmin):
    list_display = ["exhibition", "opening", "closing", "places", "state", "application_count", "accepted_count"]
    list_select_related = ["exhibition"]
    # Said again here: the counts' GROUP BY would drop Meta.ordering, and pages need an order.
    ordering = ["-closes_on", "pk"]
    autocomplete_fields = ["exhibition", "home_provinces"]
    search_fields = ["exhibition__title_en", "exhibition__title_fa", "exhibition__title_ar", "exhibition__slug"]
    inlines = [QuotaInline, CriterionInline]
    history_parts = ["quotas", "criteria"]
    readonly_fields = ["links", "decided_at"]
    fieldsets = [
        (None, {"fields": ["exhibition", "opens_on", "closes_on", "places", "links", "decided_at"]}),
        (
            _("Who may apply"),
            {"fields": ["require_valid_registration", "require_public_profile", "home_provinces", "blind_jury"]},
        ),
        (_("Rules"), {"fields": ["rules_en", "rules_fa", "rules_ar"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                application_count=Count("applications", distinct=True),
                accepted_count=Count("applications", filter=Q(applications__status=Status.ACCEPTED), distinct=True),
            )
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<path:object_id>/ranking/", view(self.ranking_view), name=f"{name}_ranking"),
            path("<path:object_id>/announce/", view(self.announce_view), name=f"{name}_announce"),
            *super().get_urls(),
        ]

    @admin.display(description=_("open from"), ordering="opens_on")
    def opening(self, obj):
        return format_date(obj.opens_on)

    @admin.display(description=_("open until"), ordering="closes_on")
    def closing(self, obj):
        return format_date(obj.closes_on)

    @admin.display(description=_("state"))
    def state(self, obj):
        today = timezone.localdate()
        if obj.decided_at:
            return gettext("results announced")
        if obj.opens_on > today:
            return gettext("not open yet")
        if obj.is_open(today):
            return gettext("open")
        return gettext("closed, being judged")

    @admin.display(description=_("applications"), ordering="application_count")
    def application_count(self, obj):
        return obj.application_count

    @admin.display(description=_("accepted"), ordering="accepted_count")
    def accepted_count(self, obj):
        return obj.accepted_count

    @admin.display(description=_("pages"))
    def links(self, obj):
        if obj.pk is None:
            return _("Save the call first.")
        applications = reverse("admin:exhibitions_application_changelist") + f"?call__id__exact={obj.pk}"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            applications,
            gettext("Applications"),
            reverse("admin:exhibitions_call_ranking", args=[obj.pk]),
            gettext("Ranking and decisions"),
            obj.get_absolute_url(),
            gettext("Public page"),
        )

    def ranking_view(self, request, object_id):
        """Each quota's applications, best average first, each with its decision."""
        call = self.get_object(request, unquote(object_id))
        if call is None:
            raise Http404
        may_decide = request.user.has_perm("exhibitions.change_application")
        if not (may_decide or request.user.has_perm("exhibitions.view_application")) or is_juror(request.user):
            raise PermissionDenied
        if request.method == "POST":
            if not may_decide:
                raise PermissionDenied
            form = DecisionForm(request.POST)
            if form.is_valid():
                application = get_object_or_404(Application, pk=form.cleaned_data["application"], call=call)
                try:
                    decided = calls.decide(
                        application, form.cleaned_data["decision"], reason=form.cleaned_data["reason"], by=request.user
                    )
                except calls.DecisionRefused as refusal:
                    messages.error(request, str(refusal))
                else:
                    messages.success(request, decision_message(decided))
            else:
                messages.error(request, "; ".join(error for errors in form.errors.values() for error in errors))
            return HttpResponseRedirect(request.path)
        everything = "all" in request.GET
        quotas = calls.quotas_of(call)
        groups = calls.ranking(call, quotas)
        accepted, per_quota = calls.accepted_counts(call, quotas)
        criteria = list(call.criteria.all())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Ranking and decisions: %(call)s") % {"call": call},
            "call": call,
            "criteria": criteria,
            "accepted": accepted,
            "groups": [
                (
                    quota,
                    per_quota.get(quota.pk, 0) if quota else None,
                    [
                        (rank, ranked, [ranked.averages.get(criterion.pk) for criterion in criteria])
                        for rank, ranked in shown_of(group, everything)
                    ],
                    len(group),
                )
                for quota, group in groups.items()
            ],
            "everything": everything,
            "may_decide": may_decide,
            "decisions": [(status.value, status.label) for status in DECISIONS],
        }
        return TemplateResponse(request, "admin/exhibitions/call_ranking.html", context)

    def announce_view(self, request, object_id):
        call = self.get_object(request, unquote(object_id))
        if call is None:
            raise Http404
        if not request.user.has_perm("exhibitions.change_call"):
            raise PermissionDenied
        if request.method == "POST":
            calls.announce(call)
            messages.success(request, gettext("The results are announced: applicants read them from their own links."))
        return HttpResponseRedirect(reverse("admin:exhibitions_call_ranking", args=[call.pk]))


# A craft's first applications by rank that the ranking page shows; those accepted or waiting are
# shown wherever they rank. With thousands of applications the whole list took a second to render.
RANKING_ROWS = 50


def shown_of(group: list, everything: bool) -> list[tuple[int, "calls.Ranked"]]:
    """(rank, ranked application) of the rows the page shows of a craft's ranking."""
    decided = {Status.ACCEPTED, Status.WAITLISTED}
    return [
        (rank, ranked)
        for rank, ranked in enumerate(group, 1)
        if everything or rank <= RANKING_ROWS or ranked.application.status in decided
    ]


def decision_message(application: Application) -> str:
    message = gettext("%(application)s: %(status)s.") % {
        "application": application,
        "status": application.get_status_display(),
    }
    promoted = (
        application.call.applications.filter(status=Status.ACCEPTED, decided_at__gte=application.decided_at)
        .exclude(pk=application.pk)
        .first()
    )
    if promoted is not None and application.status != Status.ACCEPTED:
        message += " " + gettext("%(promoted)s was offered the place from the waiting list.") % {"promoted": promoted}
    return message


class DecisionForm(forms.Form):
    application = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision = forms.ChoiceField(label=_("decision"), choices=[(status.value, status.label) for status in DECISIONS])
    reason = forms.CharField(label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["call", "artisan", "craft", "pieces", "status", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            for name in ("status", "reason"):
                self.fields.pop(name, None)

    def clean(self):
        cleaned = super().clean()
        call = cleaned.get("call") or getattr(self.instance, "call", None)
        artisan = cleaned.get("artisan") or getattr(self.instance, "artisan", None)
        craft = cleaned.get("craft")
        if self.instance.pk is None and call and artisan:
            earlier = Application.objects.filter(call=call, artisan=artisan).first()
            if earlier is not None:
                raise ValidationError(
                    gettext("This artisan has already applied to this call: %(application)s.")
                    % {"application": earlier}
                )
            problems = calls.application_problems(call, artisan, craft)
            if problems:
                raise ValidationError([gettext("The artisan cannot apply:"), *problems])
        if self.instance.pk and "status" in cleaned:
            status = cleaned["status"]
            if status == Status.DECLINED and not (cleaned.get("reason") or "").strip():
                self.add_error("reason", gettext("Give the applicant a reason for declining."))
            elif status == Status.ACCEPTED and self.instance.status != Status.ACCEPTED:
                check = Application(
                    pk=self.instance.pk, call=call, artisan=artisan, craft=craft or self.instance.craft
                )
                try:
                    calls.check_room(call, check)
                except calls.DecisionRefused as refusal:
                    self.add_error("status", str(refusal))
        return cleaned

    def validate_unique(self):
        # The one-application rule is said in clean() in words a clerk reads; the database keeps it.
        pass


class ApplicationAdmin(RegistryAdmin):
    form = ApplicationForm
    list_display = ["number", "applicant", "craft", "call", "status", "average", "waitlist_position", "score_link"]
    list_filter = ["status", "call"]
    list_select_related = ["artisan", "craft", "call__exhibition"]
    autocomplete_fields = ["call", "artisan", "craft"]
    search_fields = ["artisan__name", "artisan__name_latin", "artisan__registry_number"]
    readonly_fields = ["status_link", "decided_at", "decided_by", "waitlist_position"]
    actions = ["took_part"]
    ordering = ["call", "craft__tree_path", "pk"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["call", "artisan", "craft", "pieces"]
        fields = ["call", "artisan", "craft", "pieces", "status", "reason", "waitlist_position", "decided_at"]
        if request.user.has_perm("registry.view_private_data"):
            fields.append("status_link")
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = [*self.readonly_fields]
        if obj is not None:
            readonly += ["call", "artisan"]
        return readonly

    def get_list_display(self, request):
        if is_juror(request.user):
            return ["number", "applicant", "craft", "call", "my_scores", "score_link"]
        return [name for name in self.list_display if name != "score_link"]

    def get_list_display_links(self, request, list_display):
        return None if is_juror(request.user) else ["number"]

    def get_search_fields(self, request):
        # A juror of a blind jury must not find who applied by searching for a name.
        return [] if is_juror(request.user) else super().get_search_fields(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("artisan", "craft", "call__exhibition")
        if is_juror(request.user):
            return queryset.annotate(
                my_score_count=Count("scores", filter=Q(scores__juror=request.user), distinct=True),
                criteria_count=Count("call__criteria", distinct=True),
                name_hidden=F("call__blind_jury"),
            )
        return queryset.annotate(average_score=Avg("scores__value"), name_hidden=Value(False))

    def get_urls(self):
        view = self.admin_site.admin_view
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<path:object_id>/score/", view(self.score_view), name=f"{name}_score"),
            path("<path:object_id>/receipt/", view(self.receipt_view), name=f"{name}_receipt"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if is_juror(request.user):
            # A juror's page for an application is its scoring page, which shows what they may see.
            return HttpResponseRedirect(reverse("admin:exhibitions_application_score", args=[unquote(object_id)]))
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if is_juror(request.user):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def save_model(self, request, obj, form, change):
        decided = change and {"status", "reason"} & set(form.changed_data)
        status, reason = obj.status, obj.reason
        if decided:
            # The decision is taken under the call's lock (calls.decide); the rest of the form is
            # saved as usual first.
            obj.status, obj.reason = form.initial["status"], form.initial["reason"]
        super().save_model(request, obj, form, change)
        if decided:
            calls.decide(obj, status, reason=reason, by=request.user)
            obj.refresh_from_db()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except calls.DecisionRefused as refusal:
            # Another clerk took the last place between the form's check and the save.
            messages.error(request, str(refusal))
            return HttpResponseRedirect(request.path)

    def response_add(self, request, obj, post_url_continue=None):
        messages.info(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                gettext("Give the applicant their receipt: it holds the private link to their result."),
                reverse("admin:exhibitions_application_receipt", args=[obj.pk]),
                gettext("Print the receipt"),
            ),
        )
        return super().response_add(request, obj, post_url_continue)

    @admin.display(description=_("application"), ordering="pk")
    def number(self, obj):
        return str(obj)

    @admin.display(description=_("applicant"))
    def applicant(self, obj):
        if obj.name_hidden:
            return gettext("(blind jury)")
        return f"{obj.artisan.registry_number} · {obj.artisan}"

    @admin.display(description=_("average score"), ordering="average_score")
    def average(self, obj):
        average = getattr(obj, "average_score", None)
        return "–" if average is None else format_number(average, decimal_places=2)

    @admin.display(description=_("your scores"))
    def my_scores(self, obj):
        return f"{obj.my_score_count} / {obj.criteria_count}"

    @admin.display(description="")
    def score_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:exhibitions_application_score", args=[obj.pk]), gettext("Score…")
        )

    @admin.display(description=_("applicant's page"))
    def status_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:exhibitions_application_receipt", args=[obj.pk]),
            gettext("Receipt with the private link"),
        )

    @admin.action(
        description=_("Record the selected accepted applicants as having taken part"), permissions=["change"]
    )
    def took_part(self, request, queryset):
        made = 0
        for application in queryset.filter(status=Status.ACCEPTED).select_related("call__exhibition", "artisan"):
            made += editions.record_attendance(application.call.exhibition, [application.artisan], by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d participation was recorded.", "%(count)d participations were recorded.", made)
            % {"count": made},
        )

    def application(self, object_id) -> Application:
        """The application of a page's address; 404 for anything else, a word or a number alike."""
        try:
            return Application.objects.select_related("call__exhibition", "artisan", "craft").get(pk=int(object_id))
        except (ValueError, Application.DoesNotExist):
            raise Http404 from None

    def score_view(self, request, object_id):
        """A juror's scores of one application, one row per criterion of its call."""
        if not request.user.has_perm("exhibitions.add_score"):
            raise PermissionDenied
        application = self.application(object_id)
        call = application.call
        criteria = list(call.criteria.all())
        mine = {score.criterion_id: score for score in application.scores.filter(juror=request.user)}
        form = ScoreForm(criteria, mine, request.POST or None)
        frozen = call.decided_at is not None
        if request.method == "POST":
            if frozen:
                messages.error(request, gettext("The results are announced: scores can no longer change."))
                return HttpResponseRedirect(request.path)
            if form.is_valid():
                form.save(application, request.user)
                messages.success(request, gettext("Your scores are saved."))
                following = (
                    Application.objects.filter(call=call, pk__gt=application.pk)
                    .exclude(status=Status.WITHDRAWN)
                    .exclude(scores__juror=request.user)
                    .order_by("pk")
                    .first()
                )
                if following is not None and "_next" in request.POST:
                    return HttpResponseRedirect(reverse("admin:exhibitions_application_score", args=[following.pk]))
                return HttpResponseRedirect(request.path)
        others = []
        if call.is_closed():
            others = list(
                application.scores.exclude(juror=request.user)
                .select_related("criterion")
                .order_by("juror_id", "criterion__position")
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Score %(application)s") % {"application": application},
            "application": application,
            "call": call,
            "show_name": sees_names(request.user, call),
            "form": form,
            "frozen": frozen,
            "others": others,
        }
        return TemplateResponse(request, "admin/exhibitions/application_score.html", context)

    def receipt_view(self, request, object_id):
        """What the applicant takes home: what they applied with, and the private link to their result."""
        if not (
            request.user.has_perm("exhibitions.view_application")
            and request.user.has_perm("registry.view_private_data")
        ):
            raise PermissionDenied
        application = self.application(object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Application receipt"),
            "application": application,
            "status_url": request.build_absolute_uri(application.get_status_url()),
            "received": format_date(timezone.localdate(application.created_at)),
        }
        response = TemplateResponse(request, "admin/exhibitions/application_receipt.html", context)
        response["Cache-Control"] = "private, no-store"
        return response


class ScoreForm(forms.Form):
    """One score from 1 to 5 and a comment per criterion."""

    def __init__(self, criteria, mine, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            score = mine.get(criterion.pk)
            self.fields[f"value_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=[(value, value) for value in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect,
                initial=score.value if score else None,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=gettext("comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "cols": 50}),
                initial=score.comment if score else "",
            )

    def rows(self):
        for criterion in self.criteria:
            yield criterion, self[f"value_{criterion.pk}"], self[f"comment_{criterion.pk}"]

    def save(self, application, juror):
        with transaction.atomic():
            for criterion in self.criteria:
                Score.objects.update_or_create(
                    application=application,
                    juror=juror,
                    criterion=criterion,
                    defaults={
                        "value": self.cleaned_data[f"value_{criterion.pk}"],
                        "comment": self.cleaned_data[f"comment_{criterion.pk}"],
                    },
                )


admin.site.register(Application, ApplicationAdmin)
