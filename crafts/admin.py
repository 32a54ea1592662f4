from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from common.admin_base import RegistryAdmin
from common.i18n import search_fields_for

from .models import CraftCategory


@admin.register(CraftCategory)
class CraftCategoryAdmin(RegistryAdmin):
    list_display = ["indented_name", "name_fa", "name_ar", "parent", "slug"]
    list_filter = ["depth"]
    list_select_related = ["parent"]
    # The whole tree on one page: a few dozen crafts.
    list_per_page = 100
    search_fields = [*search_fields_for("name"), "slug"]
    ordering = ["tree_path"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name_en"]}
    fields = [
        "parent",
        "name_en",
        "name_fa",
        "name_ar",
        "slug",
        *CraftCategory.description.column_names(),
        *CraftCategory.official_status.column_names(),
    ]
    slug_sources = ("name_en", "name_fa", "name_ar")

    @admin.display(description=_("name"), ordering="tree_path")
    def indented_name(self, obj):
        # One empty step per level (see static/css/admin.css): a class, not a style attribute, so
        # the page keeps to the Content-Security-Policy; any depth, and from the right in fa/ar.
        return format_html("{}{}", mark_safe('<span class="tree-step"></span>' * obj.depth), obj.name)
