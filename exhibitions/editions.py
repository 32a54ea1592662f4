"""A fair's edition around its call: the stalls and who has them, the guests invited from the last
edition and their answers, who took part (which makes their participations), and the next edition
of a series. Refusals are ``calls.DecisionRefused``, said to the clerk."""

import re

from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, F, OuterRef, When
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from common.history import fold_versions
from common.i18n import local_digits
from registry.models import Artisan, PublicationStatus

from .calls import DecisionRefused
from .models import Application, Exhibition, ExhibitionOrganiser, ExhibitionSeries, Invitation, Participation, Stall

Status = Application.Status


def stall_refusal(stall: Stall, artisan: Artisan | None) -> str | None:
    """Why ``artisan`` may not have ``stall``, in the reader's language; None if they may (or if the
    stall is being freed). The admin's stall rows ask it too, to say so beside the field."""
    if artisan is None:
        return None
    if stall.exhibition_id is None or not expected_at(stall.exhibition_id).filter(pk=artisan.pk).exists():
        return _("%(artisan)s is neither accepted nor a confirmed guest of this exhibition.") % {"artisan": artisan}
    other = (
        Stall.objects.filter(exhibition=stall.exhibition_id, artisan=artisan)
        .exclude(pk=stall.pk)
        .values_list("label", flat=True)
        .first()
    )
    if other is not None:
        return _("%(artisan)s already has stall %(stall)s at this exhibition.") % {"artisan": artisan, "stall": other}
    return None


def assign_stall(stall: Stall, artisan: Artisan | None) -> None:
    """Give ``stall`` to ``artisan``, who must be accepted or have confirmed an invitation, and have
    no other stall at the exhibition; None frees the stall."""
    refusal = stall_refusal(stall, artisan)
    if refusal:
        raise DecisionRefused(refusal)
    stall.artisan = artisan
    try:
        with transaction.atomic():
            stall.save()
    except IntegrityError as error:
        # The database's rules (one stall per artisan, each label once) caught a change saved
        # since the check above.
        raise DecisionRefused(
            _("Someone changed this exhibition's stalls meanwhile; reload the page and try again.")
        ) from error


def expected_at(exhibition: Exhibition | int):
    """Artisans expected at the fair: accepted by its call, or invited and confirmed (or recorded as
    having taken part already)."""
    accepted = Application.objects.filter(artisan=OuterRef("pk"), call__exhibition=exhibition, status=Status.ACCEPTED)
    confirmed = Invitation.objects.filter(
        artisan=OuterRef("pk"),
        exhibition=exhibition,
        state__in=[Invitation.State.CONFIRMED, Invitation.State.TOOK_PART],
    )
    return Artisan.objects.filter(Exists(accepted) | Exists(confirmed))


def answer_invitations(invitations, state: str, *, by=None) -> int:
    """Record the guests' answers: ``state`` is confirmed, declined or (back to) invited. A guest no
    longer confirmed gives up their stall, unless the call accepted them too. Invitations of artisans
    who took part are left as they are: their participation is recorded. Returns how many changed."""
    if state == Invitation.State.TOOK_PART:
        raise ValueError("record_attendance() records who took part")
    changed = 0
    with transaction.atomic():
        answered = (
            Invitation.objects.select_for_update()
            .filter(pk__in=[invitation.pk for invitation in invitations])
            .exclude(state__in=[state, Invitation.State.TOOK_PART])
            .select_related("artisan")
        )
        for invitation in answered:
            invitation.state = state
            _recorded_by(invitation, by, _("Answer: %(state)s") % {"state": Invitation.State(state).label})
            invitation.save()
            changed += 1
            if state != Invitation.State.CONFIRMED and not (
                expected_at(invitation.exhibition_id).filter(pk=invitation.artisan_id).exists()
            ):
                for stall in Stall.objects.filter(exhibition=invitation.exhibition_id, artisan=invitation.artisan_id):
                    stall.artisan = None
                    _recorded_by(stall, by, _("The guest declined"))
                    stall.save()
    return changed


def record_attendance(exhibition: Exhibition, artisans, *, by=None) -> int:
    """The artisans who took part: a participation each (with their stall as the stand, and the craft
    they applied with), and their invitation marked. Returns how many participations were made."""
    made = 0
    with transaction.atomic():
        stalls = dict(
            Stall.objects.filter(exhibition=exhibition, artisan__isnull=False).values_list("artisan", "label")
        )
        for artisan in artisans:
            stand = stalls.get(artisan.pk, "")
            participation = Participation.objects.filter(artisan=artisan, exhibition=exhibition).first()
            if participation is None:
                participation = Participation(artisan=artisan, exhibition=exhibition, stand=stand)
                _recorded_by(participation, by, _("Took part"))
                participation.save()
                craft = (
                    Application.objects.filter(call__exhibition=exhibition, artisan=artisan)
                    .order_by(Case(When(status=Status.ACCEPTED, then=0), default=1), "-pk")
                    .values_list("craft", flat=True)
                    .first()
                )
                if craft:
                    participation.crafts_shown.add(craft)
                fold_versions(participation)
                made += 1
            elif stand and not participation.stand:
                participation.stand = stand
                _recorded_by(participation, by, _("Stand from the stall"))
                participation.save(update_fields=["stand", "updated_at"])
            for invitation in Invitation.objects.filter(exhibition=exhibition, artisan=artisan).exclude(
                state=Invitation.State.TOOK_PART
            ):
                invitation.state = Invitation.State.TOOK_PART
                _recorded_by(invitation, by, _("Took part"))
                invitation.save()
    return made


def _recorded_by(obj, by, reason: str) -> None:
    """The history row of the coming save: who, why, and one time for all the rows it writes."""
    obj._change_reason = reason
    obj._history_date = timezone.now()
    if by is not None:  # otherwise the request's user, if there is a request
        obj._history_user = by


def prepare_next_edition(series, *, by=None) -> Exhibition:
    """A draft of the series' next edition, with the last one's place, venue and organisers (the
    series' if it had none), and the last edition's participants invited, each with the number of
    editions of the series they attended. Refused while the last edition is a draft nobody has
    taken part in yet: it is the next edition, prepared already."""
    with transaction.atomic():
        # Two clerks preparing the same series at once: the second waits, then is refused.
        series = ExhibitionSeries.objects.select_for_update().get(pk=series.pk)
        editions = series.exhibitions.all()
        last = editions.order_by(
            F("edition").desc(nulls_last=True), F("start_date").desc(nulls_last=True), "-pk"
        ).first()
        if last is not None and last.status == PublicationStatus.DRAFT and not last.participations.exists():
            raise DecisionRefused(
                _("%(exhibition)s is still a draft nobody has taken part in: it is the next edition already.")
                % {"exhibition": last}
            )
        # Numbered after the last numbered edition; after all of them if the series numbers none.
        number = last.edition + 1 if last is not None and last.edition else editions.count() + 1
        exhibition = Exhibition(
            series=series,
            edition=number,
            place=last.place if last else series.host_place,
            date_precision=Exhibition.DatePrecision.UNKNOWN,
            status=PublicationStatus.DRAFT,
            slug=_free_slug(f"{series.slug}-edition-{number}"),
            **{
                f"title_{code}": _next_title(
                    getattr(series, f"name_{code}") or (getattr(last, f"title_{code}") if last else ""), number, code
                )
                for code in ("en", "fa", "ar")
            },
            **({f"venue_{code}": getattr(last, f"venue_{code}") for code in ("en", "fa", "ar")} if last else {}),
        )
        prepared = _("Next edition prepared")
        _recorded_by(exhibition, by, prepared)
        exhibition.save()
        links = list(last.organiser_links.all()) if last else []
        for link in links:
            organiser = ExhibitionOrganiser(
                exhibition=exhibition, organisation_id=link.organisation_id, role=link.role
            )
            _recorded_by(organiser, by, prepared)
            organiser.save()
        if not links:
            for organisation in series.organisers.all():
                organiser = ExhibitionOrganiser(exhibition=exhibition, organisation=organisation)
                _recorded_by(organiser, by, prepared)
                organiser.save()
        participants = (
            list(
                last.participations.exclude(artisan__status=PublicationStatus.ARCHIVED)
                .order_by("artisan")
                .values_list("artisan", flat=True)
            )
            if last
            else []
        )
        attended = Participation.objects.editions_per_artisan(series, participants, before=exhibition)
        bulk_create_with_history(
            [
                Invitation(exhibition=exhibition, artisan_id=artisan, editions_attended=attended.get(artisan, 0))
                for artisan in participants
            ],
            Invitation,
            default_user=by,
            default_change_reason=prepared,
        )
    return exhibition


# Our own mark of an edition's number, taken off a title before the next one is added.
EDITION_MARK = re.compile(r" \((?:edition|دوره|الدورة) [0-9۰-۹٠-٩]+\)$")


def _next_title(title: str, number: int, code: str) -> str:
    if not title:
        return ""
    marker = local_digits(
        {"en": f" (edition {number})", "fa": f" (دوره {number})", "ar": f" (الدورة {number})"}[code], code
    )
    length = Exhibition._meta.get_field(f"title_{code}").max_length
    return EDITION_MARK.sub("", title)[: length - len(marker)] + marker


def _free_slug(slug: str) -> str:
    candidate, n = slug[:240], 2
    while Exhibition.objects.filter(slug=candidate).exists():
        candidate, n = f"{slug[:236]}-{n}", n + 1
    return candidate
