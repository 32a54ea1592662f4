from .artisans import ArtisanDetailView, ArtisanListView
from .calls import ApplicationStatusView, CallDetailView, CallListView
from .crafts import CraftDetailView, CraftListView
from .exhibitions import ExhibitionDetailView, ExhibitionListView
from .home import HomeView
from .participations import ParticipationListView
from .places import PlaceDetailView

__all__ = [
    "ApplicationStatusView",
    "ArtisanDetailView",
    "ArtisanListView",
    "CallDetailView",
    "CallListView",
    "CraftDetailView",
    "CraftListView",
    "ExhibitionDetailView",
    "ExhibitionListView",
    "HomeView",
    "ParticipationListView",
    "PlaceDetailView",
]
