"""Artisans from an office's spreadsheet (``common.imports``): the columns read, how a row finds the
artisan it updates or might duplicate, and how the rows are written.

A row with a registry number updates that artisan (a number the registry does not know is an
error: numbers are the registry's own). A row without one is new, unless an artisan with the same
name key (``Artisan.name_key``: the name folded across scripts, letter variants and spellings)
has nothing that tells them apart: no different birth year, no home in another province. Such a
row is a possible duplicate, written only when a person decides ("new", or the artisan it is).
Two rows of the file with one name key and nothing apart are the same question.

New artisans are drafts without consent unless the file says otherwise: nothing imported is
public until someone decides it is. They are written in bulk, a chunk at a time, with their
registry numbers taken in order under the registry number's lock, and their history saying
which import made them.
"""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from common.history import record_created
from common.i18n import LATIN_DIGITS
from common.imports.cells import (
    NamedRows,
    clean_text,
    folded,
    labels_in_every_language,
    read_birth_year,
    read_choice,
    read_email,
    read_yes_no,
)
from common.imports.engine import (
    DUPLICATE,
    NEW,
    UNCHANGED,
    UPDATED,
    Column,
    ImportKind,
    Row,
    Seen,
    edited_since,
    touched,
)
from common.transliteration import name_key, romanize
from crafts.models import CraftCategory

from .duplicates import told_apart
from .merges import survivors_of
from .models import Artisan, ArtisanCraft, Place, PublicationStatus
from .models.artisans import next_registry_number

# The fields an import compares and writes, besides the crafts.
FIELDS = (
    "name",
    "name_latin",
    "gender",
    "birth_year",
    "home_place",
    "workshop_name",
    "phone",
    "email",
    "national_id",
    "consent_to_publish",
    "status",
)


# An empty cell of these leaves an artisan's value as it is, rather than emptying it: a publication
# or a consent is never withdrawn by a blank.
KEPT_WHEN_EMPTY = {"status", "consent_to_publish"}


def text(max_length: int):
    return lambda cell: clean_text(cell, max_length=max_length)


def optional(read):
    """``read`` for a cell with something in it; None for an empty one."""
    return lambda cell: read(cell) if str(cell).strip() else None


def identity_number(cell) -> str:
    return clean_text(cell, max_length=30).translate(LATIN_DIGITS)


class ArtisanImport(ImportKind):
    name = "artisans"
    model = Artisan
    derived = (
        pgettext_lazy("count", "Participations"),
        gettext_lazy("participations"),
        gettext_lazy("sample data"),
        gettext_lazy("home province"),
    )

    def __init__(self):
        genders = labels_in_every_language(Artisan.Gender.choices)
        statuses = labels_in_every_language(PublicationStatus.choices)
        self.columns = (
            Column("registry_number", gettext_lazy("registry number"), text(30)),
            Column("name", gettext_lazy("name"), text(200)),
            Column("name_latin", gettext_lazy("name in Latin script"), text(200)),
            Column("gender", gettext_lazy("gender"), lambda cell: read_choice(cell, genders) if cell.strip() else ""),
            Column("birth_year", gettext_lazy("birth year"), optional(read_birth_year)),
            Column("home_place", gettext_lazy("home place"), optional(self.place)),
            Column("crafts", gettext_lazy("crafts"), lambda cell: self.crafts.find_all(cell)),
            Column("workshop_name", gettext_lazy("workshop name"), text(200)),
            Column("phone", gettext_lazy("phone"), text(40)),
            Column("email", gettext_lazy("email"), read_email),
            Column("national_id", gettext_lazy("national ID number"), identity_number),
            Column("consent_to_publish", gettext_lazy("consent to publish"), optional(read_yes_no)),
            Column(
                "status", pgettext_lazy("publication", "status"), optional(lambda cell: read_choice(cell, statuses))
            ),
        )
        self.places = self.crafts = None

    def missing_columns(self, keys: set[str]) -> list[Column]:
        if keys & {"registry_number", "name"}:
            return []
        return [column for column in self.columns if column.key in ("registry_number", "name")]

    def example(self) -> dict[str, str]:
        """An artisan of the registry's own places and crafts, named in the reader's language."""
        from common.i18n import localized

        city = Place.objects.filter(kind=Place.Kind.CITY).order_by("pk").first()
        crafts = CraftCategory.objects.order_by("tree_path")[:2]
        return {
            "name": "مریم کریمی",
            "name_latin": "Maryam Karimi",
            "gender": str(Artisan.Gender.FEMALE.label),
            "birth_year": "1360",
            "home_place": localized(city, "name") if city else "",
            "crafts": "; ".join(localized(craft, "name") for craft in crafts),
            "phone": "+98 918 000 0000",
            "consent_to_publish": str(_("yes")),
        }

    def written_models(self) -> list:
        return [Artisan, ArtisanCraft]

    def prepare(self) -> None:
        self.places = NamedRows(Place.objects.all(), ("name_en", "name_fa", "name_ar"), _("place"), "parent_id")
        self.crafts = NamedRows(CraftCategory.objects.all(), ("name_en", "name_fa", "name_ar"), _("craft"))
        self.in_file: dict[str, Seen] = {}
        places = {place.pk: place for place in self.places.rows()}
        self.provinces = {pk: province_among(places, place) for pk, place in places.items()}

    def place(self, cell) -> Place:
        return self.places.find(cell)

    # Checking

    def check(self, rows: list[Row], decisions: dict[int, str]) -> None:
        numbers = {
            row.values["registry_number"] for row in rows if not row.errors and row.values.get("registry_number")
        }
        linked = {int(decision) for decision in decisions.values() if decision.isdigit()}
        keys = {name_key(row.values["name"]) for row in rows if not row.errors and row.values.get("name")}
        stored = self.stored(numbers=numbers, ids=linked, name_keys=keys)
        by_number = {artisan.registry_number: artisan for artisan in stored}
        # A number of a record merged into another stands for that one.
        by_number.update(survivors_of(numbers - by_number.keys()))
        by_id = {artisan.pk: artisan for artisan in stored}
        by_key: dict[str, list[Artisan]] = {}
        for artisan in stored:
            by_key.setdefault(artisan.name_key, []).append(artisan)
        for row in rows:
            if row.errors:
                continue
            number = row.values.get("registry_number")
            decision = decisions.get(row.number, "")
            if number:
                artisan = by_number.get(number)
                if artisan is None:
                    row.error(
                        str(self.header("registry_number")),
                        _(
                            "%(number)s is not in the registry (numbers are the registry's own: "
                            "leave it empty for a new artisan)"
                        )
                        % {"number": number},
                    )
                    continue
                self.compare(row, artisan)
            elif not row.values.get("name"):
                row.error(str(self.header("name")), _("empty: a new artisan needs a name"))
            elif decision.isdigit() and int(decision) in by_id:
                self.compare(row, by_id[int(decision)])
            else:
                key = name_key(row.values["name"])
                row.candidates = [artisan for artisan in by_key.get(key, []) if self.alike(row, artisan)]
                earlier = self.in_file.get(key)
                if earlier is not None and self.alike(row, earlier):
                    row.candidates.append(earlier)
                evidence = {name: row.values.get(name) for name in ("birth_year", "home_place")}
                self.in_file.setdefault(key, Seen(row.number, evidence))
                row.outcome = NEW if decision == "new" or not row.candidates else DUPLICATE
                row.changes = {key: (None, value) for key, value in row.values.items() if value not in (None, "", [])}

    def stored(self, *, numbers: set[str], ids: set[int], name_keys: set[str]) -> list[Artisan]:
        links = Prefetch("craft_links", ArtisanCraft.objects.select_related("craft").order_by("-is_primary", "pk"))
        found = []
        for lookup, values in (("registry_number__in", numbers), ("pk__in", ids), ("name_key__in", name_keys)):
            if values:
                found += (
                    Artisan.objects.filter(**{lookup: values}).select_related("home_place").prefetch_related(links)
                )
        return list({artisan.pk: artisan for artisan in found}.values())

    @staticmethod
    def values_of(artisan: Artisan, keys) -> dict:
        values = {}
        for key in keys:
            if key == "crafts":
                values[key] = [link.craft for link in artisan.craft_links.all()]
            elif key != "registry_number":
                values[key] = getattr(artisan, key)
        return values

    def compare(self, row: Row, artisan: Artisan) -> None:
        """The row's changes to ``artisan``: only the columns the file has, and only real changes
        (a cell that differs by letter forms, digits or ZWNJ is the same)."""
        row.record = artisan
        stored = self.values_of(artisan, row.values)
        row.changes = {
            key: (stored[key], value)
            for key, value in row.values.items()
            if key in stored and not same(stored[key], value) and not (value is None and key in KEPT_WHEN_EMPTY)
        }
        row.outcome = UPDATED if row.changes else UNCHANGED

    def alike(self, row: Row, other) -> bool:
        """Nothing tells the row's artisan and ``other`` (an artisan, or an earlier row) apart."""
        theirs = (
            other.values
            if isinstance(other, Seen)
            else {"birth_year": other.birth_year, "home_place": other.home_place}
        )
        return not told_apart(row.values, theirs, lambda place: self.provinces.get(place.pk))

    # Writing

    def write(self, rows: list[Row], batch) -> None:
        from common.models import ImportedRecord

        created = [row for row in rows if row.outcome == NEW]
        updated = [row for row in rows if row.outcome == UPDATED]
        records = []
        artisans = self.create(created, batch)
        # What a created record was made with is its first history row: the record needs no copy.
        records += [
            ImportedRecord(
                batch=batch, model="registry.artisan", object_id=artisan.pk, action=ImportedRecord.Action.CREATED
            )
            for artisan in artisans
        ]
        for row in updated:
            before = snapshot({key: old for key, (old, _new) in row.changes.items()})
            self.update(row.record, row.changes, batch)
            records.append(
                ImportedRecord(
                    batch=batch,
                    model="registry.artisan",
                    object_id=row.record.pk,
                    action=ImportedRecord.Action.UPDATED,
                    before=before,
                    after=snapshot({key: new for key, (_old, new) in row.changes.items()}),
                )
            )
        ImportedRecord.objects.bulk_create(records)

    def create(self, rows: list[Row], batch) -> list[Artisan]:
        if not rows:
            return []
        year = timezone.localdate().year
        prefix, _dash, first = next_registry_number(year).rpartition("-")
        artisans = []
        for sequence, row in enumerate(rows, start=int(first)):
            number = f"{prefix}-{sequence:05d}"
            values = {key: value for key, value in row.values.items() if key in FIELDS and value is not None}
            values.setdefault("status", PublicationStatus.DRAFT)
            base = slugify(romanize(values.get("name_latin") or values["name"]))[:150].strip("-") or "artisan"
            artisans.append(Artisan(registry_number=number, slug=f"{base}-{number.lower()}", **values))
        artisans = Artisan.objects.bulk_create(artisans, batch_size=500)
        links = ArtisanCraft.objects.bulk_create(
            [
                ArtisanCraft(artisan=artisan, craft=craft, is_primary=position == 0)
                for row, artisan in zip(rows, artisans, strict=True)
                for position, craft in enumerate(row.values.get("crafts") or [])
            ],
            batch_size=500,
        )
        for model, written in ((Artisan, artisans), (ArtisanCraft, links)):
            record_created(model, [row.pk for row in written], reason=batch.change_reason, user=batch.user)
        return artisans

    def update(self, artisan: Artisan, changes: dict, batch) -> None:
        """One save per artisan, as the admin's (its name keys and history follow): an import
        mostly creates, and an update of a few fields is rarer."""
        for key in changes:
            if key in FIELDS:
                setattr(artisan, key, changes[key][1] if changes[key][1] is not None else default_of(key))
        artisan._change_reason = batch.change_reason
        artisan._history_user = batch.user
        artisan.save()
        if "crafts" in changes:
            set_crafts(artisan, changes["crafts"][1] or [], batch.change_reason, batch.user)

    # Undoing

    def undo_blockers(self, records, batch) -> list[str]:
        """What stops the undo of an import's artisans: each artisan edited or deleted since, or given
        participations since, named with its registry number."""
        from exhibitions.models import Participation

        ids = touched(batch, "registry.artisan")
        found = {artisan.pk: artisan for artisan in Artisan.objects.filter(pk__in=ids).only("pk", "registry_number")}
        created = touched(batch, "registry.artisan", "created")
        busy = set(Participation.objects.filter(artisan__in=created).values_list("artisan", flat=True))
        edited = edited_since(Artisan.history.filter(id__in=ids), batch) | edited_since(
            ArtisanCraft.history.filter(artisan_id__in=ids), batch, "artisan_id"
        )
        blockers = []
        for record in records:
            artisan = found.get(record.object_id)
            if artisan is None:
                blockers.append(_("artisan #%(id)s was deleted since") % {"id": record.object_id})
            elif record.object_id in edited:
                blockers.append(_("%(number)s was edited since") % {"number": artisan.registry_number})
            elif record.object_id in busy:
                blockers.append(
                    _("%(number)s has participations recorded since") % {"number": artisan.registry_number}
                )
        return blockers

    def undo(self, records, batch, user) -> None:
        """Remove the artisans the import created and put back what it changed, each in the history
        as the undo of the import."""
        reason = f"undo of import batch {batch.pk}"
        created = [record.object_id for record in records if record.action == "created"]
        for start in range(0, len(created), 1000):
            chunk = created[start : start + 1000]
            started = timezone.now()
            Artisan.objects.filter(pk__in=chunk).delete()
            # Django's delete recorded each deletion: they say why, and who.
            for deleted in (Artisan.history.filter(id__in=chunk), ArtisanCraft.history.filter(artisan_id__in=chunk)):
                deleted.filter(history_type="-", history_date__gte=started).update(
                    history_change_reason=reason, history_user=user
                )
        places = {place.pk: place for place in Place.objects.filter(pk__in=self.places_in(records))}
        crafts = {craft.pk: craft for craft in CraftCategory.objects.all()}
        for record in records:
            if record.action != "updated":
                continue
            artisan = Artisan.objects.get(pk=record.object_id)
            for key, value in record.before.items():
                if key == "crafts":
                    continue
                setattr(artisan, key, places.get(value) if key == "home_place" else value)
            artisan._change_reason, artisan._history_user = reason, user
            artisan.save()
            if "crafts" in record.before:
                set_crafts(artisan, [crafts[pk] for pk in record.before["crafts"]], reason, user)

    @staticmethod
    def places_in(records) -> set[int]:
        return {record.before["home_place"] for record in records if record.before and record.before.get("home_place")}


def default_of(key: str):
    field = Artisan._meta.get_field(key)
    return None if field.null else field.get_default()


def set_crafts(artisan: Artisan, crafts: list[CraftCategory], reason: str, user) -> None:
    """The artisan's crafts become ``crafts``, the first the primary one; each change in the history."""
    links = {link.craft_id: link for link in ArtisanCraft.objects.filter(artisan=artisan)}
    wanted = [craft.pk for craft in crafts]

    def save(link, *, delete: bool = False) -> None:
        link._change_reason, link._history_user = reason, user
        link.delete() if delete else link.save()

    for craft_id, link in links.items():
        if craft_id not in wanted:
            save(link, delete=True)
        elif link.is_primary and craft_id != wanted[0]:
            link.is_primary = False  # before another becomes the primary one
            save(link)
    for position, craft_id in enumerate(wanted):
        link = links.get(craft_id) or ArtisanCraft(artisan=artisan, craft_id=craft_id)
        if link.pk is None or link.is_primary != (position == 0):
            link.is_primary = position == 0
            save(link)


def province_among(places: dict[int, Place], place: Place) -> int:
    """The id of the province ``place`` is in (or of the place itself), from ``places`` by id."""
    seen = set()
    while place is not None and place.pk not in seen:
        if place.kind == Place.Kind.PROVINCE:
            return place.pk
        seen.add(place.pk)
        place = places.get(place.parent_id)
    return next(iter(seen), 0)


def same(stored, new) -> bool:
    if isinstance(stored, list) or isinstance(new, list):
        return [getattr(item, "pk", item) for item in stored or []] == [
            getattr(item, "pk", item) for item in new or []
        ]
    if stored in (None, "") and new in (None, ""):
        return True
    if isinstance(stored, str) and isinstance(new, str):
        return folded(stored) == folded(new)
    return stored == new


def snapshot(values: dict) -> dict:
    """Values as JSON: records by id, lists of records by their ids."""
    out = {}
    for key, value in values.items():
        if isinstance(value, list):
            out[key] = [item.pk for item in value]
        else:
            out[key] = getattr(value, "pk", value)
    return out
