"""Two records of one artisan made one, and made two again.

``merge(survivor, absorbed, take=...)`` keeps the survivor, with the absorbed record's value for each
field named in ``take`` (the others keep the survivor's), and moves everything that belonged to the
absorbed record: participations, crafts, the decisions that it is not someone else. Where both were
at one exhibition, the two participations become one, nothing lost: crafts shown and sources are
joined, empty fields filled, and values that differ are written into the note. Internal notes are
joined too. The absorbed row is deleted; its registry number and page lead to the survivor from then
on (``ArtisanMerge``), and both histories say which merge it was.

``revert(merge)`` puts everything back as it was before, as long as nothing the merge touched was
changed since; otherwise it refuses, naming the records. What to put back is in the merge's
``record``: each row the merge changed or deleted, serialised as it was before.
"""

from django.core import serializers
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import fold_versions, record_created
from registry.models import Artisan, ArtisanCraft, ArtisanMerge, DistinctArtisans, Place

from .models import Participation

# The fields whose value staff choose, in the order of the artisan's form. The slug and the registry
# number are the survivor's; internal notes are joined; a merged record is sample data only if both were.
CHOSEN_FIELDS = (
    "name",
    "name_latin",
    "gender",
    "birth_year",
    "home_place",
    "workshop_name",
    *Artisan.biography.column_names(),
    "photo",
    "status",
    "consent_to_publish",
    "phone",
    "email",
    "national_id",
)
# Fields that follow another when it is taken.
FOLLOWING = {"photo": ("photo_thumbnail",)}
# Participation fields filled from the absorbed participation when the kept one has none.
FILLED = ("stand", *("award_" + code for code in ("en", "fa", "ar")))


class MergeRefused(Exception):
    """Why two artisans cannot be merged, or a merge reverted."""


def value_of(artisan: Artisan, field: str):
    value = getattr(artisan, Artisan._meta.get_field(field).attname)
    return value.name if isinstance(value, FieldFile) else value


def differing(first: Artisan, second: Artisan) -> list[str]:
    """The chosen fields whose values the two records do not share."""
    return [field for field in CHOSEN_FIELDS if value_of(first, field) != value_of(second, field)]


def default_take(survivor: Artisan, absorbed: Artisan) -> set[str]:
    """What a merge takes from the absorbed record unless staff choose otherwise: what the survivor
    lacks. Consent and publication are the survivor's: giving either needs a person's choice."""
    empty = (None, "")
    return {
        field
        for field in differing(survivor, absorbed)
        if field not in ("status", "consent_to_publish")
        and value_of(survivor, field) in empty
        and value_of(absorbed, field) not in empty
    }


def serialised(rows) -> list[dict]:
    return serializers.serialize("python", rows)


def restored(data: list[dict]):
    """The rows of ``serialised`` data, as unsaved objects with their many-to-many values."""
    return list(serializers.deserialize("python", data))


def merge(survivor: Artisan, absorbed: Artisan, *, take=(), user=None) -> ArtisanMerge:
    """Make ``absorbed`` part of ``survivor``, taking the fields named in ``take`` from ``absorbed``."""
    if survivor.pk == absorbed.pk:
        raise MergeRefused(_("An artisan cannot be merged with itself."))
    unknown = set(take) - set(CHOSEN_FIELDS)
    if unknown:
        raise MergeRefused(_("These fields cannot be chosen: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        rows = {row.pk: row for row in Artisan.objects.select_for_update().filter(pk__in=[survivor.pk, absorbed.pk])}
        if len(rows) != 2:
            raise MergeRefused(_("One of the two artisans was deleted or merged meanwhile."))
        survivor, absorbed = rows[survivor.pk], rows[absorbed.pk]
        now = timezone.now()
        merge = ArtisanMerge.objects.create(
            survivor=survivor,
            absorbed_id=absorbed.pk,
            absorbed_number=absorbed.registry_number,
            absorbed_slug=absorbed.slug,
            absorbed_name=absorbed.name,
            merged_at=now,
            merged_by=user,
            record={},
        )
        reason = merge.change_reason
        survivor_participations = Participation.objects.filter(artisan=survivor).prefetch_related(
            "crafts_shown", "sources"
        )
        absorbed_participations = Participation.objects.filter(artisan=absorbed).prefetch_related(
            "crafts_shown", "sources"
        )
        distinct = DistinctArtisans.objects.filter(Q(first=absorbed) | Q(second=absorbed))
        record = {
            "survivor": serialised([survivor]),
            "absorbed": serialised([absorbed]),
            "links": serialised([*survivor.craft_links.all(), *absorbed.craft_links.all()]),
            "distinct": serialised(distinct),
            "redirected": list(ArtisanMerge.objects.filter(survivor=absorbed).values_list("pk", flat=True)),
            "moved": [],
            "joined": [],
        }

        def stamped(row):
            row._change_reason, row._history_user, row._history_date = reason, user, now
            return row

        kept = {participation.exhibition_id: participation for participation in survivor_participations}
        for participation in absorbed_participations.order_by("pk"):
            same_fair = kept.get(participation.exhibition_id)
            if same_fair is None:
                participation.artisan = survivor
                stamped(participation).save(update_fields=["artisan", "updated_at"])
                record["moved"].append(participation.pk)
            else:
                record["joined"] += serialised([same_fair, participation])
                join(stamped(same_fair), participation, absorbed)
                stamped(participation).delete()

        move_crafts(survivor, absorbed, stamped)

        for field in take:
            for name in (field, *FOLLOWING.get(field, ())):
                setattr(survivor, Artisan._meta.get_field(name).attname, value_of(absorbed, name))
        notes = [note for note in (survivor.internal_notes, absorbed.internal_notes) if note.strip()]
        survivor.internal_notes = "\n\n".join(dict.fromkeys(notes))
        survivor.is_sample = survivor.is_sample and absorbed.is_sample
        stamped(survivor).save()

        ArtisanMerge.objects.filter(pk__in=record["redirected"]).update(survivor=survivor)
        stamped(absorbed).delete()
        merge.record = record
        merge.save(update_fields=["record"])
    return merge


def join(kept, absorbed_participation, absorbed: Artisan) -> None:
    """Make ``kept`` hold what ``absorbed_participation`` (of the same exhibition) said too."""
    notes = [kept.note] if kept.note.strip() else []
    for field in FILLED:
        ours, theirs = getattr(kept, field), getattr(absorbed_participation, field)
        if not ours:
            setattr(kept, field, theirs)
        elif theirs and theirs != ours:
            notes.append(_("%(field)s in %(number)s's record: %(value)s") % {
                "field": type(kept)._meta.get_field(field).verbose_name,
                "number": absorbed.registry_number,
                "value": theirs,
            })  # fmt: skip
    if absorbed_participation.role != kept.role:
        default = type(kept)._meta.get_field("role").default
        if kept.role == default:
            kept.role = absorbed_participation.role
        elif absorbed_participation.role != default:
            notes.append(
                _("role in %(number)s's record: %(value)s")
                % {"number": absorbed.registry_number, "value": absorbed_participation.get_role_display()}
            )
    if absorbed_participation.note.strip() and absorbed_participation.note != kept.note:
        notes.append(absorbed_participation.note)
    kept.note = "\n\n".join(notes)
    kept.is_sample = kept.is_sample and absorbed_participation.is_sample
    kept.crafts_shown.add(*absorbed_participation.crafts_shown.all())
    kept.sources.add(*absorbed_participation.sources.all())
    kept.save()
    fold_versions(kept)


def move_crafts(survivor: Artisan, absorbed: Artisan, stamped) -> None:
    """The absorbed record's crafts, as the survivor's: a craft both practise is kept once, with the
    earlier "practising since"; the survivor's primary craft stays primary."""
    ours = {link.craft_id: link for link in survivor.craft_links.all()}
    has_primary = any(link.is_primary for link in ours.values())
    for link in absorbed.craft_links.order_by("-is_primary", "pk"):
        mine = ours.get(link.craft_id)
        if mine is None:
            link.artisan = survivor
            link.is_primary = link.is_primary and not has_primary
            has_primary = has_primary or link.is_primary
            stamped(link).save()
            continue
        before = (mine.is_primary, mine.since_year)
        if link.since_year and (not mine.since_year or link.since_year < mine.since_year):
            mine.since_year = link.since_year
        if link.is_primary and not has_primary:
            mine.is_primary = has_primary = True
        if (mine.is_primary, mine.since_year) != before:
            stamped(mine).save()
        stamped(link).delete()


def revert_blockers(merge: ArtisanMerge) -> list[str]:
    """What stops ``merge`` from being reverted, in words."""
    if merge.reverted_at is not None:
        return [_("it was reverted already")]
    record = merge.record
    survivor_id = record["survivor"][0]["pk"]
    absorbed = record["absorbed"][0]["fields"]
    if merge.survivor_id != survivor_id:
        later = ArtisanMerge.objects.standing().filter(absorbed_id=survivor_id).first()
        return [
            _("%(number)s was merged into another record since: revert that merge (%(merge)s) first")
            % {"number": later.absorbed_number if later else survivor_id, "merge": later.pk if later else "?"}
        ]
    blockers = []
    taken = Artisan.objects.filter(Q(registry_number=absorbed["registry_number"]) | Q(slug=absorbed["slug"]))
    for artisan in taken:
        blockers.append(
            _("%(number)s now holds the number or the page address of the absorbed record")
            % {"number": artisan.registry_number}
        )
    if absorbed["home_place"] and not Place.objects.filter(pk=absorbed["home_place"]).exists():
        blockers.append(_("the absorbed record's home place was deleted since"))
    survivor = Artisan.objects.filter(pk=survivor_id).first()
    number = survivor.registry_number if survivor else survivor_id
    # Changes since, but for this merge's and those of later merges reverted since (which left all as it was).
    undone = ArtisanMerge.objects.filter(merged_at__gt=merge.merged_at, reverted_at__isnull=False)
    ours = {
        merge.change_reason,
        *(reason for later in undone for reason in (later.change_reason, later.revert_reason)),
    }

    def changed(history, key: str = "id") -> set:
        later = history.filter(history_date__gt=merge.merged_at).exclude(history_change_reason__in=ours)
        return set(later.values_list(key, flat=True))

    if changed(Artisan.history.filter(id=survivor_id)) or changed(
        ArtisanCraft.history.filter(artisan_id=survivor_id), "artisan_id"
    ):
        blockers.append(_("%(number)s was edited since") % {"number": number})
    participations = [*record["moved"], *(row["pk"] for row in record["joined"])]
    for participation in sorted(changed(Participation.history.filter(id__in=participations))):
        blockers.append(
            _("participation #%(id)s of %(number)s was changed since") % {"id": participation, "number": number}
        )
    return blockers


def revert(merge: ArtisanMerge, user=None) -> Artisan:
    """Undo ``merge``: the absorbed record back with its number, page, fields, crafts and
    participations, and the survivor as it was before. Returns the record brought back."""
    with transaction.atomic():
        merge = ArtisanMerge.objects.select_for_update().get(pk=merge.pk)
        blockers = revert_blockers(merge)
        if blockers:
            raise MergeRefused(
                _("Merge %(id)s cannot be reverted: %(reasons)s.") % {"id": merge.pk, "reasons": "; ".join(blockers)}
            )
        record, reason, now = merge.record, merge.revert_reason, timezone.now()

        def stamped(row):
            row._change_reason, row._history_user, row._history_date = reason, user, now
            return row

        try:
            (absorbed,) = restored(record["absorbed"])
            absorbed.save()  # as it was, to the second it was created
            record_created(Artisan, [absorbed.object.pk], reason=reason, user=user)
            absorbed = absorbed.object

            (before,) = restored(record["survivor"])
            survivor = Artisan.objects.get(pk=before.object.pk)
            for field in survivor._meta.concrete_fields:
                if field.name not in ("id", "updated_at", "created_at"):
                    setattr(survivor, field.attname, getattr(before.object, field.attname))
            stamped(survivor).save()

            # Links that were made non-primary first, so that no artisan has two primary crafts meanwhile.
            links = sorted((row.object for row in restored(record["links"])), key=lambda link: link.is_primary)
            current = ArtisanCraft.objects.in_bulk([link.pk for link in links])
            for link in links:
                stamped(link).save(force_insert=link.pk not in current)

            moved = Participation.objects.filter(pk__in=record["moved"])
            for participation in moved:
                participation.artisan = absorbed
                stamped(participation).save(update_fields=["artisan", "updated_at"])
            for row in restored(record["joined"]):
                participation = stamped(row.object)
                exists = Participation.objects.filter(pk=participation.pk).exists()
                participation.save(force_insert=not exists)
                for name, values in row.m2m_data.items():
                    getattr(participation, name).set(values)
                fold_versions(participation)
                Participation.objects.filter(pk=participation.pk).update(created_at=participation.created_at)

            for row in restored(record["distinct"]):
                other = row.object.first_id if row.object.second_id == absorbed.pk else row.object.second_id
                if Artisan.objects.filter(pk=other).exists():
                    row.save()
            ArtisanMerge.objects.filter(pk__in=record["redirected"]).update(survivor=absorbed)
        except IntegrityError as error:
            raise MergeRefused(
                _("Merge %(id)s cannot be reverted: the database refused (%(reason)s).")
                % {"id": merge.pk, "reason": str(error).splitlines()[0]}
            ) from error
        merge.reverted_at, merge.reverted_by = now, user
        merge.save(update_fields=["reverted_at", "reverted_by"])
    return absorbed
