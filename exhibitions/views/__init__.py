from .exhibitions import ExhibitionDetailView, ExhibitionListView
from .home import HomeView
from .participations import ParticipationListView

__all__ = ["ExhibitionDetailView", "ExhibitionListView", "HomeView", "ParticipationListView"]
