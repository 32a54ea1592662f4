"""The registry's models: who and where. One module per subject; import them from here."""

from .artisans import Artisan, ArtisanCraft, ArtisanQuerySet, RegistrationStatus, next_registry_number
from .duplicates import DistinctArtisans
from .merges import ArtisanMerge
from .places import Place, PlaceQuerySet
from .registrations import Sanction, SanctionQuerySet, Verification, private_storage, valid_until
from .sources import Claim, ClaimQuerySet, Organisation, Person, Source
from .status import PublicationStatus
from .totals import ArtisanStretch, ArtisanTotal

__all__ = [
    "Artisan",
    "ArtisanCraft",
    "ArtisanMerge",
    "ArtisanQuerySet",
    "ArtisanStretch",
    "ArtisanTotal",
    "Claim",
    "ClaimQuerySet",
    "DistinctArtisans",
    "Organisation",
    "Person",
    "Place",
    "PlaceQuerySet",
    "PublicationStatus",
    "RegistrationStatus",
    "Sanction",
    "SanctionQuerySet",
    "Source",
    "Verification",
    "next_registry_number",
    "private_storage",
    "valid_until",
]
