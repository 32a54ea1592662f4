"""An admin site whose artisan admin offers the private fields on every road: as columns, sorting,
search, list filters and autocomplete. The private-field rule must still keep them from a viewer.

Used by tests/common/test_private_fields.py with `@pytest.mark.urls`.
"""

from django.contrib import admin
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from exhibitions.admin import ArtisanAdmin, ParticipationAdmin
from exhibitions.models import Participation
from registry.models import Artisan

PRIVATE = list(Artisan.privacy.fields)


class CarelessArtisanAdmin(ArtisanAdmin):
    list_display = [*ArtisanAdmin.list_display, "phone", "email", "national_id", "phone_column"]
    list_filter = [*ArtisanAdmin.list_filter, "email", ("national_id", admin.EmptyFieldListFilter)]
    search_fields = [*ArtisanAdmin.search_fields, "national_id", "=phone", "internal_notes"]
    ordering = ["national_id"]
    history_list_display = ["phone"]

    @admin.display(description="phone (computed)", ordering="phone")
    def phone_column(self, obj):
        return obj.phone


class CarelessParticipationAdmin(ParticipationAdmin):
    list_filter = [*ParticipationAdmin.list_filter, "artisan__national_id"]
    search_fields = [*ParticipationAdmin.search_fields, "artisan__phone"]


site = admin.AdminSite(name="careless")
# Every other model as on the real site, so that autocomplete fields have their targets.
for model, model_admin in admin.site._registry.items():
    if model not in (Artisan, Participation):
        site.register(model, type(model_admin))
site.register(Artisan, CarelessArtisanAdmin)
site.register(Participation, CarelessParticipationAdmin)

urlpatterns = [path("careless-admin/", site.urls), *site_urlpatterns]
