from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from common.admin_language import choose_admin_language
from exhibitions.urls import craft_urlpatterns, registry_urlpatterns

admin.site.site_header = _("Artisan and exhibition registry")
admin.site.site_title = _("Artisan registry")
admin.site.index_title = _("Records")

urlpatterns = [
    path("admin/language/", choose_admin_language, name="admin-language"),
    path("admin/", admin.site.urls),
]
# English at /…, Persian at /fa/…, Arabic at /ar/….
urlpatterns += i18n_patterns(
    path("", include(registry_urlpatterns)),
    path("crafts/", include(craft_urlpatterns)),
    path("", include("exhibitions.urls")),
    prefix_default_language=False,
)
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
