from django.urls import path

from . import views

app_name = "crafts"
urlpatterns = [
    path("", views.CraftListView.as_view(), name="list"),
    path("<slug:slug>/", views.CraftDetailView.as_view(), name="detail"),
]
