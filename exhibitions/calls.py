"""A call for participation, from the application to the decision: who may apply, the jury's
ranking, decisions within the quotas and the waiting list. What follows at the fair (stalls, guests,
attendance, the next edition) is in exhibitions/editions.py.

Every decision is taken in one transaction that first locks the call (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's transactions take the write lock when they begin, settings' IMMEDIATE), so two
clerks accepting the last place at once get one acceptance and one clear refusal.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from common.i18n import format_date, list_separator
from crafts.models import CraftCategory
from registry.models import Artisan, Place, RegistrationStatus, Sanction
from registry.models.artisans import EXPIRED

from .models import Application, Call, Criterion, Participation, Quota, Score, Stall

Status = Application.Status


class DecisionRefused(Exception):
    """A decision the call's rules do not allow, with the reason to show."""


def fair_day(call: Call) -> datetime.date:
    """The day eligibility is judged on: the fair's first day, or the call's last if it has none."""
    return call.exhibition.start_date or call.closes_on


def ineligible(call: Call, artisan: Artisan, *, today: datetime.date | None = None) -> list[str]:
    """Why ``artisan`` may not apply to ``call``, in the reader's language; empty if they may."""
    today = today or timezone.localdate()
    day = fair_day(call)
    reasons = []
    if call.require_valid_registration:
        state = artisan.registration_state_on(day)
        if state == RegistrationStatus.PENDING:
            reasons.append(_("The artisan's registration has not been verified."))
        elif state == RegistrationStatus.REVOKED:
            reasons.append(_("The artisan's registration was revoked."))
        elif state == EXPIRED:
            reasons.append(
                _("The artisan's registration is valid until %(until)s, before the fair's first day, %(day)s.")
                % {"until": format_date(artisan.registration_valid_until), "day": format_date(day)}
            )
    if call.require_public_profile and not artisan.is_public:
        reasons.append(_("The artisan's record is not published with their consent."))
    provinces = list(call.home_provinces.all())
    if provinces:
        province = home_province(artisan)
        if province not in provinces:
            reasons.append(
                _("The call is open to artisans from %(provinces)s only.")
                % {"provinces": list_separator().join(str(place) for place in provinces)}
            )
    sanction = (
        Sanction.objects.filter(
            artisan=artisan, starts_on__lte=day, until__gte=min(today, day), lifted_on__isnull=True
        )
        .order_by("-until")
        .first()
    )
    if sanction:
        reasons.append(
            _("The artisan is suspended from fairs until %(until)s.") % {"until": format_date(sanction.until)}
        )
    return reasons


def home_province(artisan: Artisan) -> Place | None:
    if artisan.home_place_id is None:
        return None
    return next((place for place in artisan.home_place.lineage() if place.kind == Place.Kind.PROVINCE), None)


def quotas_of(call: Call) -> list[Quota]:
    """The call's places per craft, with their crafts: read once, for ``quota_for``."""
    return list(call.quotas.select_related("craft"))


def quota_for(quotas: list[Quota], craft: CraftCategory) -> Quota | None:
    """Of ``quotas``, the one whose craft is ``craft`` or holds it; the nearest if several do."""
    holding = [quota for quota in quotas if craft.tree_path.startswith(quota.craft.tree_path)]
    return max(holding, key=lambda quota: len(quota.craft.tree_path), default=None)


def application_problems(call: Call, artisan: Artisan, craft: CraftCategory | None, *, today=None) -> list[str]:
    """Everything that stops this application, the artisan's eligibility first."""
    today = today or timezone.localdate()
    problems = []
    if not call.is_open(today):
        problems.append(
            _("The call takes applications from %(opens)s to %(closes)s.")
            % {"opens": format_date(call.opens_on), "closes": format_date(call.closes_on)}
        )
    problems += ineligible(call, artisan, today=today)
    quotas = quotas_of(call)
    if craft is not None and quotas and quota_for(quotas, craft) is None:
        problems.append(_("The call has no places for %(craft)s.") % {"craft": craft})
    return problems


# What a ranking shows of each application: read alone, a call of 2,000 applications ranks in a
# third of the time it took with every column of the artisans.
RANKED_FIELDS = (
    "call_id",
    "status",
    "reason",
    "waitlist_position",
    "artisan__name",
    "artisan__name_latin",
    "artisan__registry_number",
    "craft__name_en",
    "craft__name_fa",
    "craft__name_ar",
    "craft__tree_path",
)


@dataclass
class Ranked:
    application: Application
    averages: dict[int, float] = field(default_factory=dict)  # criterion id: average
    total: float | None = None
    jurors: int = 0
    # Editions of the fair's series the artisan took part in before: a returning exhibitor.
    editions: int = 0


def ranking(call: Call, quotas: list[Quota] | None = None) -> dict[Quota | None, list[Ranked]]:
    """Applications per quota (None: the call's places without a quota), best average first."""
    applications = list(
        call.applications.select_related("artisan", "craft")
        .exclude(status=Status.WITHDRAWN)
        .only(*RANKED_FIELDS)
        .order_by("pk")
    )
    averages = {}
    for row in (
        Score.objects.filter(application__call=call)
        .values("application", "criterion")
        .annotate(average=Avg("value"), jurors=Count("juror", distinct=True))
    ):
        averages.setdefault(row["application"], {})[row["criterion"]] = float(row["average"])
    jurors = dict(
        Score.objects.filter(application__call=call)
        .values("application")
        .annotate(jurors=Count("juror", distinct=True))
        .values_list("application", "jurors")
    )
    quotas = quotas_of(call) if quotas is None else quotas
    series = call.exhibition.series
    returning = (
        Participation.objects.editions_per_artisan(
            series, [a.artisan_id for a in applications], before=call.exhibition
        )
        if series
        else {}
    )
    groups: dict[Quota | None, list[Ranked]] = {quota: [] for quota in quotas}
    for application in applications:
        scores = averages.get(application.pk, {})
        ranked = Ranked(
            application,
            scores,
            sum(scores.values()) / len(scores) if scores else None,
            jurors.get(application.pk, 0),
            returning.get(application.artisan_id, 0),
        )
        groups.setdefault(quota_for(quotas, application.craft) if quotas else None, []).append(ranked)
    for group in groups.values():
        group.sort(key=lambda ranked: (ranked.total is None, -(ranked.total or 0), ranked.application.pk))
    return groups


def accepted_counts(call: Call, quotas: list[Quota] | None = None) -> tuple[int, dict[int, int]]:
    """Acceptances in all, and per quota id."""
    quotas = quotas_of(call) if quotas is None else quotas
    accepted = list(call.applications.filter(status=Status.ACCEPTED).select_related("craft"))
    per_quota: dict[int, int] = {}
    for application in accepted:
        quota = quota_for(quotas, application.craft)
        if quota is not None:
            per_quota[quota.pk] = per_quota.get(quota.pk, 0) + 1
    return len(accepted), per_quota


def _locked(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


def decide(application: Application, status: str, *, reason: str = "", by=None) -> Application:
    """Accept, waitlist or decline ``application``, within the quotas; withdraw it at the artisan's
    word. An accepted place given up goes to the first of its craft's waiting list."""
    with transaction.atomic():
        call = _locked(application.call)
        application = Application.objects.select_for_update().select_related("craft", "artisan").get(pk=application.pk)
        if status == Status.DECLINED and not reason.strip():
            raise DecisionRefused(_("Give the applicant a reason for declining."))
        was_accepted = application.status == Status.ACCEPTED
        if status == Status.ACCEPTED and not was_accepted:
            check_room(call, application)
        application.status = status
        application.reason = reason
        application.decided_at = timezone.now()
        application.decided_by = by
        application.waitlist_position = (
            _next_waitlist_position(call, application) if status == Status.WAITLISTED else None
        )
        application._change_reason = decision_reason(status)
        application.save()
        if was_accepted and status != Status.ACCEPTED:
            for stall in Stall.objects.filter(exhibition=call.exhibition, artisan=application.artisan):
                stall.artisan = None
                stall._change_reason = decision_reason(status)
                stall.save()
            promote_from_waitlist(call, application.craft, by=by)
    return application


def decision_reason(status: str) -> str:
    """The History pages' reason for a decision, in the language of the clerk who took it."""
    return _("Decision: %(status)s") % {"status": Status(status).label}


def check_room(call: Call, application: Application, quotas: list[Quota] | None = None) -> None:
    """Refuse an acceptance beyond the call's places or its craft's."""
    quotas = quotas_of(call) if quotas is None else quotas
    accepted, per_quota = accepted_counts(call, quotas)
    if accepted >= call.places:
        raise DecisionRefused(
            _("All %(places)s places of the call are taken; put the application on the waiting list.")
            % {"places": call.places}
        )
    quota = quota_for(quotas, application.craft)
    if quota is not None and per_quota.get(quota.pk, 0) >= quota.places:
        raise DecisionRefused(
            _("The %(places)s places for %(craft)s are taken; put the application on the waiting list.")
            % {"places": quota.places, "craft": quota.craft}
        )


def _next_waitlist_position(call: Call, application: Application) -> int:
    if application.status == Status.WAITLISTED and application.waitlist_position:
        return application.waitlist_position
    last = (
        call.applications.filter(status=Status.WAITLISTED)
        .order_by("-waitlist_position")
        .values_list("waitlist_position", flat=True)
        .first()
    )
    return (last or 0) + 1


def promote_from_waitlist(call: Call, craft: CraftCategory, *, by=None) -> Application | None:
    """Offer a free place to the first on the waiting list for the same quota (or the whole call,
    without quotas). Runs inside a decision's transaction."""
    quotas = quotas_of(call)
    quota = quota_for(quotas, craft)
    waiting = (
        call.applications.filter(status=Status.WAITLISTED).select_related("craft").order_by("waitlist_position", "pk")
    )
    for candidate in waiting:
        if quota_for(quotas, candidate.craft) != quota:
            continue
        try:
            check_room(call, candidate, quotas)
        except DecisionRefused:
            return None
        candidate.status = Status.ACCEPTED
        candidate.reason = _("A place became free and was offered to the first on the waiting list.")
        candidate.decided_at = timezone.now()
        candidate.decided_by = by
        candidate.waitlist_position = None
        candidate._change_reason = _("Offered a place from the waiting list")
        candidate.save()
        return candidate
    return None


def announce(call: Call) -> None:
    """Results are out: applicants read them, with their scores, on their status pages."""
    Call.objects.filter(pk=call.pk).update(decided_at=timezone.now())


def applicant_scores(application: Application) -> list[tuple[Criterion, float]]:
    """The applicant's average per criterion, once the call's results are announced."""
    if application.call.decided_at is None:
        return []
    averages = dict(
        application.scores.values("criterion").annotate(average=Avg("value")).values_list("criterion", "average")
    )
    return [
        (criterion, float(averages[criterion.pk]))
        for criterion in application.call.criteria.all()
        if criterion.pk in averages
    ]
