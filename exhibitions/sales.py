"""What a fair's participants sold and gained, added up: per currency, per craft, and the orders and
trade contacts they reported.

The admin's page shows every total to those who may see sales. The public page, when an office
publishes them (``Exhibition.publish_sales_totals``), shows only totals of the public participants
that add up at least ``FEWEST_SELLERS_SHOWN`` sellers: a total of one or two is their own sales.
A participation counts under each craft it showed, or its artisan's primary craft if it showed none.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext

from common.i18n import format_number
from crafts.models import CraftCategory
from registry.models import ArtisanCraft

from .models import Currency, Exhibition, Participation, ParticipationResult, Sale

FEWEST_SELLERS_SHOWN = 3
CURRENCY_ORDER = list(Currency.values)


def format_amount(amount: Decimal) -> str:
    """An amount in the page's digits; a whole one (dinars, rials) without decimals."""
    return format_number(int(amount) if amount == amount.to_integral_value() else amount)


@dataclass
class Total:
    """The sales of some participations in one currency; ``sellers`` are their ids."""

    currency: str
    amount: Decimal = Decimal(0)
    sellers: set[int] = field(default_factory=set)
    craft: CraftCategory | None = None
    label: str = ""  # the craft's name, or what the row without a craft stands for

    def add(self, seller: int, amount: Decimal) -> None:
        self.amount += amount
        self.sellers.add(seller)

    @property
    def currency_label(self) -> str:
        return Currency(self.currency).label

    @property
    def amount_display(self) -> str:
        return format_amount(self.amount)

    @property
    def seller_count(self) -> int:
        return len(self.sellers)


@dataclass
class SalesTotals:
    per_currency: list[Total]
    per_craft: list[Total]
    sales: list[tuple[int, int, str, Decimal]]  # participation, artisan, currency, amount
    orders_taken: int = 0
    trade_contacts: int = 0
    results: int = 0  # participations with their results recorded


def sales_totals(participations: QuerySet[Participation]) -> SalesTotals:
    """Every total of the sales of ``participations``, for the staff. Two or three queries."""
    sales = list(
        Sale.objects.filter(participation__in=participations)
        .order_by()
        .values_list("participation", "participation__artisan", "currency", "amount")
    )
    crafts = crafts_counted(sales)
    per_currency: dict[str, Total] = {}
    per_craft: dict[tuple[int | None, str], Total] = {}
    for participation, _artisan, currency, amount in sales:
        per_currency.setdefault(currency, Total(currency)).add(participation, amount)
        for craft in crafts.get(participation) or [None]:
            key = (craft.pk if craft else None, currency)
            label = craft.name if craft else gettext("no craft recorded")
            per_craft.setdefault(key, Total(currency, craft=craft, label=label)).add(participation, amount)
    return SalesTotals(
        per_currency=sorted(per_currency.values(), key=lambda total: CURRENCY_ORDER.index(total.currency)),
        per_craft=sorted(per_craft.values(), key=craft_order),
        sales=sales,
    )


def crafts_counted(sales) -> dict[int, list[CraftCategory]]:
    """{participation id: the crafts its sales count under}: those it showed, or else its artisan's
    primary craft; none if neither is recorded."""
    counted = defaultdict(list)
    shown = Participation.crafts_shown.through.objects.filter(
        participation__in={participation for participation, *_rest in sales}
    ).select_related("craftcategory")
    for link in shown:
        counted[link.participation_id].append(link.craftcategory)
    artisans = {participation: artisan for participation, artisan, *_rest in sales if participation not in counted}
    # No query when every participation showed its crafts: an empty IN reads nothing.
    primary = {
        link.artisan_id: link.craft
        for link in ArtisanCraft.objects.filter(artisan__in=set(artisans.values()), is_primary=True).select_related(
            "craft"
        )
    }
    for participation, artisan in artisans.items():
        if artisan in primary:
            counted[participation].append(primary[artisan])
    return counted


def craft_order(total: Total) -> tuple:
    return (total.craft is None, total.craft.tree_path if total.craft else "", CURRENCY_ORDER.index(total.currency))


def exhibition_totals(exhibition: Exhibition) -> SalesTotals:
    """The admin's page: every participation's sales and results, drafts and unconsented artisans included."""
    participations = Participation.objects.filter(exhibition=exhibition)
    totals = sales_totals(participations)
    results = ParticipationResult.objects.filter(participation__in=participations).aggregate(
        orders=Sum("orders_taken"), contacts=Sum("trade_contacts"), count=Count("pk")
    )
    totals.orders_taken = results["orders"] or 0
    totals.trade_contacts = results["contacts"] or 0
    totals.results = results["count"]
    return totals


def public_totals(exhibition: Exhibition) -> SalesTotals:
    """What the public page may show: totals of the public participations, each of at least
    ``FEWEST_SELLERS_SHOWN`` sellers. Crafts with fewer are added up as "other crafts" if together
    they have enough; if not, the currency's crafts are left out, as its total less the crafts shown
    would be those few sellers' sales."""
    totals = sales_totals(Participation.objects.published().filter(exhibition=exhibition))
    per_currency = [total for total in totals.per_currency if total.seller_count >= FEWEST_SELLERS_SHOWN]
    per_craft = []
    for currency_total in per_currency:
        currency = currency_total.currency
        kept = [
            total
            for total in totals.per_craft
            if total.currency == currency and total.craft is not None and total.seller_count >= FEWEST_SELLERS_SHOWN
        ]
        rest = currency_total.sellers.difference(*(total.sellers for total in kept))
        if 0 < len(rest) < FEWEST_SELLERS_SHOWN:
            continue
        per_craft += kept
        if rest:
            other = Total(currency, label=gettext("other crafts"))
            for participation, _artisan, sale_currency, amount in totals.sales:
                if sale_currency == currency and participation in rest:
                    other.add(participation, amount)
            per_craft.append(other)
    return SalesTotals(per_currency=per_currency, per_craft=sorted(per_craft, key=craft_order), sales=[])
