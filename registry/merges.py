"""Where a merged artisan's registry number and page lead, and who may merge artisans. The merge
itself moves participations, so it is the exhibitions app's (``exhibitions.merges``)."""

from common.privacy import may_read_private_fields

from .models import Artisan, ArtisanMerge


def may_merge(user) -> bool:
    """Merging reads and combines private data, so it needs the right to see it, besides changing artisans."""
    return user.has_perm("registry.change_artisan") and may_read_private_fields(user, Artisan)


def merged_into(slug: str) -> Artisan | None:
    """The public record that the record once at ``slug`` was merged into, if there is one."""
    merge = ArtisanMerge.objects.standing().filter(absorbed_slug=slug).order_by("-merged_at").first()
    if merge is None or Artisan.objects.filter(slug=slug).exists():
        return None
    return Artisan.objects.published().filter(pk=merge.survivor_id).first()


def survivors_of(numbers) -> dict[str, Artisan]:
    """{number: artisan} for the numbers of absorbed records among ``numbers``."""
    merges = ArtisanMerge.objects.standing().filter(absorbed_number__in=numbers).select_related("survivor")
    return {merge.absorbed_number: merge.survivor for merge in merges}
