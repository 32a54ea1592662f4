"""Participations from an office's spreadsheet (``common.imports``): who took part in which
exhibition, in what role, showing which crafts, at which stand.

A row names its artisan by registry number and its exhibition by slug or by title in any language
and script; an artisan takes part in an exhibition once, so a row whose pair is recorded updates
that participation, and any other row is new. The columns our exports add from the artisan and the
exhibition (names, places, dates) are read past, so a participation list exported by the registry
imports back unchanged. New participations are written in bulk a chunk at a time, with their
history saying which import made them; their crafts shown one participation at a time, so that
the history records those too.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from simple_history.utils import bulk_create_with_history

from common.i18n import localized, page_language
from common.imports.cells import NamedRows, clean_text, labels_in_every_language, read_choice
from common.imports.engine import NEW, UNCHANGED, UPDATED, Column, ImportKind, Row, edited_since, touched
from crafts.models import CraftCategory
from registry.imports import same, snapshot
from registry.merges import survivors_of
from registry.models import Artisan

from .models import Exhibition, Participation

# The award is read in the language of the import (a file exported in Persian names it in Persian)
# and compared with what a list in that language shows, so an exported list imports back unchanged;
# a changed award is written in that language alone.
AWARDS = tuple(Participation.award.column_names())
FIELDS = ("role", "stand", *AWARDS)


class ParticipationImport(ImportKind):
    name = "participations"
    model = Participation
    derived = (
        gettext_lazy("name"),
        gettext_lazy("name in Latin script"),
        gettext_lazy("home place"),
        gettext_lazy("home province"),
        gettext_lazy("start date"),
        gettext_lazy("end date"),
        gettext_lazy("start date (Solar Hijri)"),
        gettext_lazy("end date (Solar Hijri)"),
        gettext_lazy("date precision"),
        gettext_lazy("host city"),
        gettext_lazy("host country"),
        gettext_lazy("sample data"),
        gettext_lazy("phone"),
        gettext_lazy("email"),
        gettext_lazy("national ID number"),
    )
    required = ("registry_number",)

    def __init__(self):
        roles = labels_in_every_language(Participation.Role.choices)
        self.columns = (
            Column("registry_number", gettext_lazy("registry number"), lambda cell: clean_text(cell, max_length=30)),
            Column("exhibition_slug", gettext_lazy("exhibition slug"), self.exhibition),
            Column("exhibition", gettext_lazy("exhibition"), self.exhibition),
            Column(
                "role",
                pgettext_lazy("participation", "role"),
                lambda cell: read_choice(cell, roles) if cell.strip() else Participation.Role.EXHIBITOR,
            ),
            Column("crafts_shown", gettext_lazy("crafts shown"), lambda cell: self.crafts.find_all(cell)),
            Column("stand", gettext_lazy("stand"), lambda cell: clean_text(cell, max_length=50)),
            Column("award", gettext_lazy("award"), lambda cell: clean_text(cell, max_length=200)),
        )

    def missing_columns(self, keys: set[str]) -> list[Column]:
        missing = super().missing_columns(keys)
        if not keys & {"exhibition", "exhibition_slug"}:
            missing.append(self.columns[2])
        return missing

    def example(self) -> dict[str, str]:
        artisan = Artisan.objects.order_by("pk").first()
        exhibition = Exhibition.objects.order_by("-start_date", "pk").first()
        return {
            "registry_number": artisan.registry_number if artisan else "",
            "exhibition_slug": exhibition.slug if exhibition else "",
            "exhibition": localized(exhibition, "title") if exhibition else "",
            "role": str(Participation.Role.EXHIBITOR.label),
            "crafts_shown": "; ".join(
                localized(craft, "name") for craft in CraftCategory.objects.order_by("tree_path")[:1]
            ),
            "stand": "A12",
        }

    def written_models(self) -> list:
        return [Participation, Participation.crafts_shown.through]

    def prepare(self) -> None:
        self.language = page_language()
        self.exhibitions = NamedRows(Exhibition.objects.all(), ("title_en", "title_fa", "title_ar"), _("exhibition"))
        self.crafts = NamedRows(CraftCategory.objects.all(), ("name_en", "name_fa", "name_ar"), _("craft"))

    def exhibition(self, cell) -> Exhibition | None:
        return self.exhibitions.find(cell) if str(cell).strip() else None

    # Checking

    def check(self, rows: list[Row], decisions: dict[int, str]) -> None:
        numbers = {row.values.get("registry_number") for row in rows if not row.errors}
        artisans = {
            artisan.registry_number: artisan for artisan in Artisan.objects.filter(registry_number__in=numbers)
        }
        # A number of a record merged into another stands for that one.
        artisans.update(survivors_of(numbers - artisans.keys()))
        for row in rows:
            if row.errors:
                continue
            exhibition = row.values.pop("exhibition_slug", None) or row.values.get("exhibition")
            row.values["exhibition"] = exhibition
            artisan = artisans.get(row.values.get("registry_number"))
            if artisan is None:
                row.error(
                    str(self.header("registry_number")),
                    _("%(number)s is not in the registry") % {"number": row.values.get("registry_number") or "—"},
                )
            if exhibition is None:
                row.error(str(self.header("exhibition")), _("empty: which exhibition?"))
            if row.errors:
                continue
            row.values["artisan"] = artisan
        pairs = [(row.values["artisan"].pk, row.values["exhibition"].pk) for row in rows if not row.errors]
        language = self.language_of("award", self.language)
        stored = {
            (participation.artisan_id, participation.exhibition_id): participation
            for participation in Participation.objects.filter(
                artisan__in={artisan for artisan, _exhibition in pairs},
                exhibition__in={exhibition for _artisan, exhibition in pairs},
            ).prefetch_related("crafts_shown")
        }
        for row in rows:
            if row.errors:
                continue
            participation = stored.get((row.values["artisan"].pk, row.values["exhibition"].pk))
            award, award_column = row.values.pop("award", None), f"award_{language}"
            if participation is None:
                row.outcome = NEW
                if award:
                    row.values[award_column] = award
                row.changes = {key: (None, value) for key, value in row.values.items() if value not in (None, "", [])}
                continue
            row.record = participation
            current = self.values_of(participation, row.values)
            row.changes = {
                key: (current[key], value)
                for key, value in row.values.items()
                if key in current and not same(current[key], value)
            }
            if award is not None and not same(str(localized(participation, "award", language)), award):
                row.changes[award_column] = (getattr(participation, award_column), award)
            row.outcome = UPDATED if row.changes else UNCHANGED

    @staticmethod
    def values_of(participation: Participation, keys) -> dict:
        values = {}
        for key in keys:
            if key == "crafts_shown":
                values[key] = sorted(participation.crafts_shown.all(), key=lambda craft: craft.pk)
            elif key in FIELDS:
                values[key] = getattr(participation, key)
        return values

    # Writing

    def write(self, rows: list[Row], batch) -> None:
        from common.models import ImportedRecord

        created = [row for row in rows if row.outcome == NEW]
        participations = bulk_create_with_history(
            [
                Participation(
                    artisan=row.values["artisan"],
                    exhibition=row.values["exhibition"],
                    **{key: row.values[key] for key in FIELDS if key in row.values},
                )
                for row in created
            ],
            Participation,
            batch_size=500,
            default_user=batch.user,
            default_change_reason=batch.change_reason,
        )
        records = []
        for row, participation in zip(created, participations, strict=True):
            if row.values.get("crafts_shown"):
                participation._change_reason, participation._history_user = batch.change_reason, batch.user
                participation.crafts_shown.set(row.values["crafts_shown"])
            # What it was made with is its first history row: the record needs no copy.
            records.append(self.record(batch, participation, "created"))
        for row in (row for row in rows if row.outcome == UPDATED):
            participation = row.record
            before = snapshot({key: old for key, (old, _new) in row.changes.items()})
            self.apply(
                participation, {key: new for key, (_old, new) in row.changes.items()}, batch.change_reason, batch.user
            )
            records.append(
                self.record(
                    batch,
                    participation,
                    "updated",
                    before=before,
                    after=snapshot({key: new for key, (_old, new) in row.changes.items()}),
                )
            )
        ImportedRecord.objects.bulk_create(records)

    @staticmethod
    def record(batch, participation, action: str, *, before=None, after=None):
        from common.models import ImportedRecord

        return ImportedRecord(
            batch=batch,
            model="exhibitions.participation",
            object_id=participation.pk,
            action=action,
            before=before,
            after=after,
        )

    @staticmethod
    def apply(participation: Participation, values: dict, reason: str, user) -> None:
        participation._change_reason, participation._history_user = reason, user
        fields = [key for key in values if key in FIELDS]
        for key in fields:
            setattr(participation, key, values[key])
        if fields:
            participation.save()
        if "crafts_shown" in values:
            crafts = values["crafts_shown"]
            if crafts and not isinstance(crafts[0], CraftCategory):
                crafts = list(CraftCategory.objects.filter(pk__in=crafts))
            participation.crafts_shown.set(crafts)

    # Undoing

    def undo_blockers(self, records, batch) -> list[str]:
        ids = touched(batch, "exhibitions.participation")
        found = {
            participation.pk: participation
            for participation in Participation.objects.filter(pk__in=ids).select_related("artisan", "exhibition")
        }
        edited = edited_since(Participation.history.filter(id__in=ids), batch)
        blockers = []
        for record in records:
            participation = found.get(record.object_id)
            if participation is None:
                blockers.append(_("participation #%(id)s was deleted since") % {"id": record.object_id})
            elif record.object_id in edited:
                blockers.append(_("%(participation)s was edited since") % {"participation": participation})
        return blockers

    def undo(self, records, batch, user) -> None:
        reason = f"undo of import batch {batch.pk}"
        created = [record.object_id for record in records if record.action == "created"]
        for start in range(0, len(created), 1000):
            chunk = created[start : start + 1000]
            for participation in Participation.objects.filter(pk__in=chunk):
                participation._change_reason, participation._history_user = reason, user
                participation.delete()
        for record in records:
            if record.action == "updated":
                participation = Participation.objects.get(pk=record.object_id)
                self.apply(participation, record.before, reason, user)
