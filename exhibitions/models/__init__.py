"""The exhibitions' models: what was shown where, and the counts the database keeps of it. One
module per subject; import them from here."""

from .exhibitions import (
    Exhibition,
    ExhibitionOfficial,
    ExhibitionOrganiser,
    ExhibitionQuerySet,
    ExhibitionSeries,
    NewestFirstIndex,
    Outcome,
    Participation,
    ParticipationQuerySet,
)
from .totals import (
    UNDATED,
    ArtisanYear,
    CraftSpanCraftsTotal,
    CraftSpanProvinceTotal,
    CraftsTotal,
    ExhibitionTotal,
    ParticipationTotal,
    ProvinceTotal,
    SpanCraftsTotal,
    SpanProvinceCraftsTotal,
    SpanProvinceTotal,
    SpanTotal,
    YearArtisans,
)

__all__ = [
    "UNDATED",
    "ArtisanYear",
    "CraftSpanCraftsTotal",
    "CraftSpanProvinceTotal",
    "CraftsTotal",
    "Exhibition",
    "ExhibitionOfficial",
    "ExhibitionOrganiser",
    "ExhibitionQuerySet",
    "ExhibitionSeries",
    "ExhibitionTotal",
    "NewestFirstIndex",
    "Outcome",
    "Participation",
    "ParticipationQuerySet",
    "ParticipationTotal",
    "ProvinceTotal",
    "SpanCraftsTotal",
    "SpanProvinceCraftsTotal",
    "SpanProvinceTotal",
    "SpanTotal",
    "YearArtisans",
]
