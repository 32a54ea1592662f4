"""Query pieces the exhibition pages, filters and exports share."""

from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import Participation


def public_participation_count() -> Coalesce:
    """For each exhibition, its participations the public may see (never the private ones)."""
    counts = (
        Participation.objects.published()
        .filter(exhibition=OuterRef("pk"))
        .order_by()
        .values("exhibition")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts), 0, output_field=models.IntegerField())
