from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .admin_helpers import PreloadedAutocompleteMixin, ScriptVariantSearchMixin
from .i18n import search_fields_for
from .models import CraftCategory
from .pagination import RegistryPaginator


@admin.register(CraftCategory)
class CraftCategoryAdmin(ScriptVariantSearchMixin, PreloadedAutocompleteMixin, admin.ModelAdmin):
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
        # padding-inline-start indents from the right in Persian and Arabic.
        return format_html('<span style="padding-inline-start: {}em">{}</span>', obj.depth * 1.5, obj.name)
