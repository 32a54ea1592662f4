from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.ArtisanListView.as_view(), name="artisan-list"),
    path("<slug:slug>/", views.ArtisanDetailView.as_view(), name="artisan-detail"),
]
