from django.urls import path

from . import views

app_name = "exhibitions"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("exhibitions/", views.ExhibitionListView.as_view(), name="list"),
    path("exhibitions/<slug:slug>/", views.ExhibitionDetailView.as_view(), name="detail"),
    path("participations/", views.ParticipationListView.as_view(), name="participation-list"),
    path("calls/", views.CallListView.as_view(), name="call-list"),
    path("calls/<slug:slug>/", views.CallDetailView.as_view(), name="call-detail"),
    path("applications/<str:token>/", views.ApplicationStatusView.as_view(), name="application-status"),
]

# The artisan, place and craft pages show participations and exhibitions, so their views live here;
# their addresses and names are those of the registry's and the crafts' pages (see config/urls.py).
registry_urlpatterns = (
    [
        path("artisans/", views.ArtisanListView.as_view(), name="artisan-list"),
        path("artisans/<slug:slug>/", views.ArtisanDetailView.as_view(), name="artisan-detail"),
        path("places/<slug:slug>/", views.PlaceDetailView.as_view(), name="place-detail"),
    ],
    "registry",
)
craft_urlpatterns = (
    [
        path("", views.CraftListView.as_view(), name="list"),
        path("<slug:slug>/", views.CraftDetailView.as_view(), name="detail"),
    ],
    "crafts",
)
