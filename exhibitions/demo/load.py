from collections import Counter
from collections.abc import Callable

from django.db.models import Q

from common.translated import in_languages
from crafts.models import CraftCategory
from registry.models import Claim, Organisation, Person, Place, Source
from registry.places import add_missing, load_country, lookup_country, upsert

from ..models import Exhibition, ExhibitionOfficial, ExhibitionOrganiser, ExhibitionSeries, Outcome
from . import exhibition_facts, facts
from .fair import load_fair
from .samples import load_samples


def load_demo(*, samples: bool = True, log: Callable[[str], None] = lambda line: None) -> Counter:
    """Load the facts of the seed articles (and, unless told not to, the sample artisans).

    Rows are found again by slug, ISO code or title, so a second run changes nothing.
    Returns counts keyed "<thing> created|updated|unchanged".
    """
    counts = Counter()

    def report(section: str, before: Counter) -> None:
        parts = {}
        for key, n in sorted((counts - before).items()):
            thing, status = key.rsplit(" ", 1)
            parts.setdefault(thing, []).append(f"{n} {status}")
        log(f"{section}: " + "; ".join(f"{thing} {', '.join(done)}" for thing, done in parts.items()))

    before = counts.copy()
    for code in ("IR", "IQ"):
        for status, n in load_country(lookup_country(code)).items():
            counts[f"places {status}"] += n
    places = _places(counts)
    report("Places", before)

    before = counts.copy()
    crafts = _crafts(counts)
    report("Crafts", before)

    before = counts.copy()
    organisations = _organisations(places, counts)
    people = {slug: _count(counts, "people", *_person(slug, names)) for slug, names in facts.PEOPLE.items()}
    sources = _sources(organisations, counts)
    claims = _claims(places, sources, counts)
    report("Organisations, people, sources and claims", before)

    before = counts.copy()
    refs = {
        "places": places,
        "crafts": crafts,
        "organisations": organisations,
        "people": people,
        "sources": sources,
        "claims": claims,
        "series": _series(places, organisations, sources, counts),
    }
    _exhibitions(refs, counts)
    report("Exhibitions", before)

    if samples:
        before = counts.copy()
        load_samples(places=places, crafts=crafts, counts=counts)
        report("Sample artisans", before)
        before = counts.copy()
        load_fair(places=places, crafts=crafts, counts=counts)
        report("Sample fair", before)
    return counts


def _count(counts: Counter, thing: str, obj, status: str):
    counts[f"{thing} {status}"] += 1
    return obj


def _person(slug: str, names: tuple[str, str, str]) -> tuple[Person, str]:
    name_en, name_fa, name_ar = names
    return upsert(Person, {"slug": slug}, {"name_en": name_en, "name_fa": name_fa, "name_ar": name_ar})


def _places(counts: Counter) -> dict[str, Place]:
    countries = ["IR", "IQ"]
    loaded = Place.objects.filter(Q(code__in=countries) | Q(parent__code__in=countries)).exclude(code="")
    places = {place.code: place for place in loaded}
    for slug, (kind, parent, name_en, name_fa, name_ar, description) in facts.PLACES.items():
        places[slug] = _count(
            counts,
            "places",
            *upsert(
                Place,
                {"slug": slug},
                {
                    "kind": kind,
                    "parent": places[parent],
                    "name_en": name_en,
                    "name_fa": name_fa,
                    "name_ar": name_ar,
                    **in_languages("description", description),
                },
            ),
        )
    for code, description in facts.PLACE_DESCRIPTIONS.items():
        places[code] = _count(
            counts, "places", *upsert(Place, {"code": code}, in_languages("description", description))
        )
    ilam = places[facts.ILAM]
    add_missing(ilam.neighbours, *(places[code] for code in facts.ILAM_NEIGHBOURS))
    # "Trade, tourism and cultural exchange between the two neighbors."
    add_missing(places["IR"].neighbours, places["IQ"])
    return places


def _crafts(counts: Counter) -> dict[str, CraftCategory]:
    crafts = {}
    # Parents come before their children in the table, so each parent exists when needed.
    for slug, (parent, name_en, name_fa, name_ar, description, official_status) in facts.CRAFTS.items():
        crafts[slug] = _count(
            counts,
            "crafts",
            *upsert(
                CraftCategory,
                {"slug": slug},
                {
                    "parent": crafts[parent] if parent else None,
                    "name_en": name_en,
                    "name_fa": name_fa,
                    "name_ar": name_ar,
                    **in_languages("description", description),
                    **in_languages("official_status", official_status),
                },
            ),
        )
    return crafts


def _organisations(places: dict[str, Place], counts: Counter) -> dict[str, Organisation]:
    organisations = {}
    for slug, (kind, place, parent, name_en, name_fa, name_ar, website) in facts.ORGANISATIONS.items():
        organisations[slug] = _count(
            counts,
            "organisations",
            *upsert(
                Organisation,
                {"slug": slug},
                {
                    "kind": kind,
                    "place": places[place],
                    "parent": organisations[parent] if parent else None,
                    "name_en": name_en,
                    "name_fa": name_fa,
                    "name_ar": name_ar,
                    "website": website,
                },
            ),
        )
    return organisations


def _sources(organisations: dict[str, Organisation], counts: Counter) -> dict[str, Source]:
    sources = {}
    for key, (title, publisher, reported_by, published_on, note) in facts.SOURCES.items():
        sources[key] = _count(
            counts,
            "sources",
            *upsert(
                Source,
                {"title": title, "published_on": published_on},
                {
                    "publisher": organisations[publisher] if publisher else None,
                    "reported_by": organisations[reported_by] if reported_by else None,
                    "language": Source.Language.ENGLISH,
                    "note": note,
                },
            ),
        )
    return sources


def _claims(places: dict[str, Place], sources: dict[str, Source], counts: Counter) -> dict[str, list[Claim]]:
    claims = {}
    for topic, source, value, place, statement in facts.CLAIMS:
        claim = _count(
            counts,
            "claims",
            *upsert(
                Claim,
                {"topic": topic, "source": sources[source], "value": value},
                {**in_languages("statement", statement), "place": places[place]},
            ),
        )
        claims.setdefault(topic, []).append(claim)
    return claims


def _series(places, organisations, sources, counts: Counter) -> dict[str, ExhibitionSeries]:
    series = {}
    for slug, data in exhibition_facts.SERIES.items():
        values = {key: data[key] for key in ("name_en", "name_fa", "name_ar", "frequency")}
        values |= in_languages("description", data["description"])
        values["host_place"] = places[data["host_place"]]
        row = _count(counts, "exhibition series", *upsert(ExhibitionSeries, {"slug": slug}, values))
        add_missing(row.organisers, *(organisations[key] for key in data["organisers"]))
        add_missing(row.sources, *(sources[key] for key in data["sources"]))
        series[slug] = row
    return series


def _exhibitions(refs: dict[str, dict], counts: Counter) -> None:
    organisations, people, sources = refs["organisations"], refs["people"], refs["sources"]
    plain = ("title_en", "title_fa", "title_ar", "date_precision", "status")
    optional = ("start_date", "end_date", "occasion_en", "occasion_fa", "occasion_ar", "participants_reported")
    for slug, data in exhibition_facts.EXHIBITIONS.items():
        values = {key: data[key] for key in plain}
        values |= in_languages("description", data["description"]) | in_languages("venue", data.get("venue", ""))
        values |= {key: data.get(key) for key in optional}
        for key in ("occasion_en", "occasion_fa", "occasion_ar"):
            values[key] = values[key] or ""
        values["place"] = refs["places"][data["place"]]
        values["series"] = refs["series"][data["series"]] if "series" in data else None
        exhibition = _count(counts, "exhibitions", *upsert(Exhibition, {"slug": slug}, values))
        add_missing(exhibition.sources, *(sources[key] for key in data["sources"]))
        add_missing(exhibition.crafts_shown, *(refs["crafts"][key] for key in data.get("crafts_shown", ())))
        add_missing(exhibition.claims, *(claim for topic in data["claims"] for claim in refs["claims"][topic]))

        for organisation, role, source in data["organisers"]:
            _count(
                counts,
                "organisers",
                *upsert(
                    ExhibitionOrganiser,
                    {"exhibition": exhibition, "organisation": organisations[organisation], "role": role},
                    {"source": sources[source]},
                ),
            )
        for person, side, organisation, source, title_en, title_fa, title_ar, *note in data["officials"]:
            _count(
                counts,
                "officials",
                *upsert(
                    ExhibitionOfficial,
                    {"exhibition": exhibition, "person": people[person], "title_en": title_en},
                    {
                        "side": side,
                        "organisation": organisations[organisation],
                        "source": sources[source],
                        "title_fa": title_fa,
                        "title_ar": title_ar,
                        **in_languages("note", note[0] if note else ""),
                    },
                ),
            )
        for kind, source, description in data["outcomes"]:
            # An outcome has no natural key; its exhibition, source and kind find it again.
            _count(
                counts,
                "outcomes",
                *upsert(
                    Outcome,
                    {"exhibition": exhibition, "kind": kind, "source": sources[source]},
                    in_languages("description", description),
                ),
            )
