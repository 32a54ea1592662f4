from .artisans import ArtisanDetailView, ArtisanListView
from .crafts import CraftDetailView, CraftListView
from .exhibitions import ExhibitionDetailView, ExhibitionListView
from .home import HomeView
from .participations import ParticipationListView
from .places import PlaceDetailView

__all__ = [
    "ArtisanDetailView",
    "ArtisanListView",
    "CraftDetailView",
    "CraftListView",
    "ExhibitionDetailView",
    "ExhibitionListView",
    "HomeView",
    "ParticipationListView",
    "PlaceDetailView",
]
