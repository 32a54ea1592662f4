"""Admin search that finds Persian text typed on an Arabic keyboard, and the other way round."""

from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Q

from .i18n import spelling_variants


class ScriptVariantSearchMixin:
    """Admin search that matches ي/ی and ك/ک, and Persian, Arabic or Latin digits, alike.

    A NUL byte in the address is refused as any other invalid filter is: PostgreSQL cannot
    compare text with it, and no stored value contains one (forms reject it).
    """

    def get_changelist_instance(self, request):
        if any("\0" in key or "\0" in value for key, values in request.GET.lists() for value in values):
            raise IncorrectLookupParameters("NUL byte in the query string")
        return super().get_changelist_instance(request)

    def get_search_results(self, request, queryset, search_term):
        if "\0" in search_term:  # the autocomplete's search term reaches here unchecked
            return queryset.none(), False
        variants = spelling_variants(search_term)
        if len(variants) == 1:
            return super().get_search_results(request, queryset, search_term)
        plain = self.model._default_manager.all()
        condition = Q()
        for variant in variants:
            matches, _duplicates = super().get_search_results(request, plain, variant)
            condition |= Q(pk__in=matches.values("pk"))
        return queryset.filter(condition), False
