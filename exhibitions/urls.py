from django.urls import path

from . import views

app_name = "exhibitions"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("exhibitions/", views.ExhibitionListView.as_view(), name="list"),
    path("exhibitions/<slug:slug>/", views.ExhibitionDetailView.as_view(), name="detail"),
    path("participations/", views.ParticipationListView.as_view(), name="participation-list"),
]
