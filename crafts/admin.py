from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from common.autocomplete import PreloadedAutocompleteMixin
from common.history_admin import HistoryAdmin
from common.i18n import search_fields_for
from common.pagination import RegistryPaginator
from common.privacy import PrivateFieldsMixin
from common.search import ScriptVariantSearchMixin

from .models import CraftCategory


@admin.register(CraftCategory)
class CraftCategoryAdmin(PrivateFieldsMixin, ScriptVariantSearchMixin, PreloadedAutocompleteMixin, HistoryAdmin):
    list_display = ["indented_name", "name_fa", "name_ar", "parent", "slug"]
    list_filter = ["depth"]
    list_select_related = ["parent"]
    paginator = RegistryPaginator
    search_fields = [*search_fields_for("name"), "slug"]
    ordering = ["tree_path"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name_en"]}
    fields = ["parent", "name_en", "name_fa", "name_ar", "slug", "description", "official_status"]

    @admin.display(description=_("name"), ordering="tree_path")
    def indented_name(self, obj):
        # One empty step per level (see static/css/admin.css): a class, not a style attribute, so
        # the page keeps to the Content-Security-Policy; any depth, and from the right in fa/ar.
        return format_html("{}{}", mark_safe('<span class="tree-step"></span>' * obj.depth), obj.name)
