"""Around a fair: its stalls and their printable list, the next edition and its invitations, and what
each participant sold, which only the editor sees and the public reads only as totals."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common.roles import EDITOR, VIEWER
from exhibitions import calls, editions
from exhibitions.models import (
    Application,
    Call,
    Exhibition,
    ExhibitionOrganiser,
    Invitation,
    Participation,
    ParticipationResult,
    Sale,
    Stall,
)
from registry.models import PublicationStatus
from tests.admin_helpers import form_data, url
from tests.exhibitions.test_views import EXHIBITION_PAGE_READS
from tests.factories import (
    ArtisanCraftFactory,
    ArtisanFactory,
    CityFactory,
    CraftCategoryFactory,
    ExhibitionFactory,
    ExhibitionSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    SourceFactory,
)
from tests.query_counts import queries

pytestmark = pytest.mark.django_db

State = Invitation.State
TODAY = timezone.localdate()


def member(django_user_model, group: str, username: str):
    user = django_user_model.objects.create_user(username, password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(member(django_user_model, EDITOR, "editor"))
    return client


@pytest.fixture
def viewer(django_user_model):
    client = Client()
    client.force_login(member(django_user_model, VIEWER, "viewer"))
    return client


def accept(exhibition, artisan, craft=None) -> Application:
    """``artisan`` accepted by the exhibition's call (made if it has none)."""
    call, _created = Call.objects.get_or_create(
        exhibition=exhibition,
        defaults={"opens_on": TODAY, "closes_on": TODAY + datetime.timedelta(days=10), "places": 20},
    )
    return Application.objects.create(
        call=call,
        artisan=artisan,
        craft=craft or CraftCategoryFactory(),
        pieces="Three kilims",
        status=Application.Status.ACCEPTED,
    )


def confirmed_guest(exhibition, **artisan) -> Invitation:
    return Invitation.objects.create(exhibition=exhibition, artisan=ArtisanFactory(**artisan), state=State.CONFIRMED)


def inline(response, model):
    return next(inline for inline in response.context["inline_admin_formsets"] if inline.formset.model is model)


def post_stalls(client, exhibition, *rows: dict):
    """The exhibition's change form as it stands, with ``rows`` as its stalls (new rows after the saved ones)."""
    page = client.get(url("exhibitions_exhibition", "change", exhibition.pk))
    data = form_data(page)
    saved = int(data["stalls-INITIAL_FORMS"])
    data["stalls-TOTAL_FORMS"] = str(saved + len(rows))
    for number, row in enumerate(rows, start=saved):
        data |= {f"stalls-{number}-{name}": value for name, value in row.items()}
    return client.post(url("exhibitions_exhibition", "change", exhibition.pk), data)


# Stalls


def test_a_stall_goes_to_an_accepted_artisan_or_a_confirmed_guest(editor):
    exhibition = ExhibitionFactory()
    accepted = accept(exhibition, ArtisanFactory()).artisan
    guest = confirmed_guest(exhibition).artisan

    response = post_stalls(
        editor,
        exhibition,
        {"label": "A1", "zone": "Hall A", "size": "3 × 2 m", "artisan": accepted.pk},
        {"label": "A2", "zone": "Hall A", "artisan": guest.pk},
    )

    assert response.status_code == 302
    assert list(exhibition.stalls.order_by("label").values_list("label", "artisan")) == [
        ("A1", accepted.pk),
        ("A2", guest.pk),
    ]


def test_a_stall_is_refused_to_an_artisan_the_fair_does_not_expect_with_the_reason(editor):
    exhibition = ExhibitionFactory()
    stranger = ArtisanFactory(name="مریم کریمی", name_latin="Maryam Karimi")
    invited = Invitation.objects.create(exhibition=exhibition, artisan=ArtisanFactory(), state=State.INVITED)

    response = post_stalls(
        editor, exhibition, {"label": "A1", "artisan": stranger.pk}, {"label": "A2", "artisan": invited.artisan_id}
    )

    assert response.status_code == 200
    errors = inline(response, Stall).formset.errors
    assert errors[0]["artisan"] == [
        "مریم کریمی (Maryam Karimi) is neither accepted nor a confirmed guest of this exhibition."
    ]
    assert "artisan" in errors[1]
    assert not Stall.objects.exists()


def test_one_artisan_gets_one_stall_however_it_is_asked_for(editor):
    exhibition = ExhibitionFactory()
    artisan = confirmed_guest(exhibition, name="مریم کریمی", name_latin="Maryam Karimi").artisan
    Stall.objects.create(exhibition=exhibition, label="A1", artisan=artisan)

    beside_a_saved_stall = post_stalls(editor, exhibition, {"label": "A2", "artisan": artisan.pk})
    Stall.objects.filter(label="A1").update(artisan=None)
    two_new_rows = post_stalls(
        editor, exhibition, {"label": "B1", "artisan": artisan.pk}, {"label": "B2", "artisan": artisan.pk}
    )

    assert beside_a_saved_stall.status_code == 200
    assert inline(beside_a_saved_stall, Stall).formset.errors[1]["artisan"] == [
        "مریم کریمی (Maryam Karimi) already has stall A1 at this exhibition."
    ]
    assert two_new_rows.status_code == 200
    assert inline(two_new_rows, Stall).formset.errors[2]["artisan"] == [
        "مریم کریمی (Maryam Karimi) already has stall B1 at this exhibition."
    ]
    assert list(exhibition.stalls.values_list("label", "artisan")) == [("A1", None)]


def test_a_stall_label_is_used_once_per_exhibition(editor):
    exhibition = ExhibitionFactory()
    Stall.objects.create(exhibition=exhibition, label="A1")
    Stall.objects.create(exhibition=ExhibitionFactory(), label="B1")

    taken = post_stalls(editor, exhibition, {"label": "A1"})
    elsewhere = post_stalls(editor, exhibition, {"label": "B1"})

    assert taken.status_code == 200
    assert inline(taken, Stall).formset.errors[1]["label"] == ["Stall A1 is on this exhibition's plan already."]
    assert elsewhere.status_code == 302
    assert sorted(exhibition.stalls.values_list("label", flat=True)) == ["A1", "B1"]


def test_assign_stall_refuses_the_unexpected_and_a_second_stall():
    exhibition = ExhibitionFactory()
    guest = confirmed_guest(exhibition).artisan
    first = Stall.objects.create(exhibition=exhibition, label="A1")
    second = Stall.objects.create(exhibition=exhibition, label="A2")
    editions.assign_stall(first, guest)

    with pytest.raises(calls.DecisionRefused, match="already has stall A1"):
        editions.assign_stall(second, guest)
    with pytest.raises(calls.DecisionRefused, match="neither accepted nor a confirmed guest"):
        editions.assign_stall(second, ArtisanFactory())
    editions.assign_stall(first, None)
    editions.assign_stall(second, guest)

    assert list(exhibition.stalls.values_list("label", "artisan")) == [("A1", None), ("A2", guest.pk)]


def test_the_stall_list_prints_each_stall_with_its_artisan_number_and_craft(editor):
    exhibition = ExhibitionFactory(title_en="Ilam crafts in Kut")
    kilim = CraftCategoryFactory(name_en="Kilim")
    pottery = CraftCategoryFactory(name_en="Pottery")
    accepted = accept(exhibition, ArtisanFactory(name="مریم کریمی", name_latin="Maryam Karimi"), kilim).artisan
    guest = confirmed_guest(exhibition, name="علی رضایی", name_latin="Ali Rezaei").artisan
    ArtisanCraftFactory(artisan=guest, craft=pottery, is_primary=True)
    Stall.objects.create(exhibition=exhibition, label="B10", zone="Hall B", size="3 × 2 m", artisan=guest)
    Stall.objects.create(exhibition=exhibition, label="B2", zone="Hall B", artisan=accepted)
    Stall.objects.create(exhibition=exhibition, label="A1", zone="Hall A")

    response = editor.get(reverse("admin:exhibitions_exhibition_stalls", args=[exhibition.pk]))

    assert [(stall.label, stall.artisan, stall.craft) for stall in response.context["stalls"]] == [
        ("A1", None, None),
        ("B2", accepted, kilim),
        ("B10", guest, pottery),
    ]
    content = response.text
    assert '<link rel="stylesheet" href="/static/css/admin_print.css" media="print">' in content
    assert f"<td><bdi>{guest.registry_number}</bdi></td>" in content
    assert "<td><bdi>مریم کریمی</bdi>" in content
    assert "<td><bdi>Pottery</bdi></td>" in content
    assert "3 stalls, 2 given" in content


def test_the_stall_list_is_linked_from_the_exhibition_page_and_reads_right_to_left_in_persian(editor, settings):
    settings.ADMIN_LANGUAGE = "fa"
    exhibition = ExhibitionFactory()
    Stall.objects.create(exhibition=exhibition, label="A1")
    stalls = reverse("admin:exhibitions_exhibition_stalls", args=[exhibition.pk])

    change_page = editor.get(url("exhibitions_exhibition", "change", exhibition.pk))
    response = editor.get(stalls)

    assert f'href="{stalls}"' in change_page.text
    assert '<html lang="fa" dir="rtl"' in response.text
    assert "۱۴۰۴" in response.text  # the dates in the Solar Hijri calendar


def test_the_stall_list_is_for_those_who_may_see_the_exhibition(client, django_user_model):
    exhibition = ExhibitionFactory()
    client.force_login(django_user_model.objects.create_user("clerk", password="not-used", is_staff=True))

    response = client.get(reverse("admin:exhibitions_exhibition_stalls", args=[exhibition.pk]))

    assert response.status_code == 403


# The next edition


@pytest.fixture
def series():
    """Two editions of a series: Maryam took part in both, Ali in the second only."""
    series = ExhibitionSeriesFactory(slug="wasit-fair", name_en="Wasit handicrafts fair", name_fa="نمایشگاه واسط")
    kut = CityFactory(name_en="Kut")
    maryam, ali = ArtisanFactory(name_latin="Maryam"), ArtisanFactory(name_latin="Ali")
    first = ExhibitionFactory(series=series, edition=1, place=kut, start_date=datetime.date(2024, 10, 1))
    second = ExhibitionFactory(
        series=series,
        edition=2,
        place=kut,
        venue_en="Kut exhibition grounds",
        title_en="Wasit handicrafts fair (edition 2)",
        start_date=datetime.date(2025, 10, 10),
    )
    ParticipationFactory(exhibition=first, artisan=maryam)
    ParticipationFactory(exhibition=second, artisan=maryam)
    ParticipationFactory(exhibition=second, artisan=ali)
    ParticipationFactory(exhibition=second, artisan__status=PublicationStatus.ARCHIVED)
    chamber = OrganisationFactory(name_en="Chamber of commerce")
    ExhibitionOrganiser.objects.create(exhibition=second, organisation=chamber, role=ExhibitionOrganiser.Role.SPONSOR)
    return {"series": series, "second": second, "maryam": maryam, "ali": ali, "kut": kut, "chamber": chamber}


def test_the_next_edition_is_a_draft_with_the_last_ones_place_organisers_and_participants_invited(series):
    exhibition = editions.prepare_next_edition(series["series"])

    assert (exhibition.edition, exhibition.status, exhibition.date_precision) == (
        3,
        PublicationStatus.DRAFT,
        Exhibition.DatePrecision.UNKNOWN,
    )
    assert (exhibition.title_en, exhibition.title_fa) == (
        "Wasit handicrafts fair (edition 3)",
        "نمایشگاه واسط (دوره ۳)",
    )
    assert (exhibition.slug, exhibition.place, exhibition.venue_en) == (
        "wasit-fair-edition-3",
        series["kut"],
        "Kut exhibition grounds",
    )
    assert list(exhibition.organiser_links.values_list("organisation", "role")) == [
        (series["chamber"].pk, ExhibitionOrganiser.Role.SPONSOR)
    ]
    assert sorted(exhibition.invitations.values_list("artisan__name_latin", "state", "editions_attended")) == [
        ("Ali", State.INVITED, 1),
        ("Maryam", State.INVITED, 2),
    ]
    assert exhibition.history.get().history_change_reason == "Next edition prepared"


def test_the_next_edition_is_prepared_once(series):
    editions.prepare_next_edition(series["series"])

    with pytest.raises(calls.DecisionRefused, match="still a draft nobody has taken part in"):
        editions.prepare_next_edition(series["series"])

    assert series["series"].exhibitions.count() == 3


def test_a_series_without_editions_starts_from_its_host_place_and_organisers():
    series = ExhibitionSeriesFactory(slug="ilam-week", name_en="Ilam week")
    series.organisers.add(OrganisationFactory())

    exhibition = editions.prepare_next_edition(series)

    assert (exhibition.edition, exhibition.place, exhibition.title_en) == (
        1,
        series.host_place,
        "Ilam week (edition 1)",
    )
    assert list(exhibition.organiser_links.values_list("organisation", flat=True)) == list(
        series.organisers.values_list("pk", flat=True)
    )
    assert not exhibition.invitations.exists()


def test_the_series_action_prepares_the_next_edition_and_opens_it(editor, series):
    response = editor.post(
        url("exhibitions_exhibitionseries", "changelist"),
        {"action": "prepare_next_edition", "_selected_action": [series["series"].pk]},
        follow=True,
    )

    exhibition = Exhibition.objects.get(edition=3)
    assert response.redirect_chain == [(url("exhibitions_exhibition", "change", exhibition.pk), 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "Wasit handicrafts fair (edition 3) is prepared as a draft: set its dates, then publish it. "
        "2 artisans of the last edition are invited."
    ]
    assert len(inline(response, Invitation).formset.forms) == 2


def test_the_series_action_takes_one_series(editor, series):
    other = ExhibitionSeriesFactory()

    response = editor.post(
        url("exhibitions_exhibitionseries", "changelist"),
        {"action": "prepare_next_edition", "_selected_action": [series["series"].pk, other.pk]},
        follow=True,
    )

    assert [str(message) for message in response.context["messages"]] == [
        "Select one series to prepare its next edition."
    ]
    assert not Exhibition.objects.filter(edition=3).exists()


# Invitations


def invitations_action(client, action: str, *invitations):
    return client.post(
        url("exhibitions_invitation", "changelist"),
        {"action": action, "_selected_action": [invitation.pk for invitation in invitations]},
        follow=True,
    )


def test_the_invitation_list_shows_each_guest_as_returning_filtered_by_exhibition_and_state(viewer, series):
    exhibition = editions.prepare_next_edition(series["series"])
    Invitation.objects.create(exhibition=ExhibitionFactory(), artisan=series["maryam"], state=State.CONFIRMED)

    response = viewer.get(
        url("exhibitions_invitation", "changelist"), {"exhibition__id__exact": exhibition.pk, "state": "invited"}
    )

    rows = response.context["cl"].result_list
    assert sorted(invitation.artisan.name_latin for invitation in rows) == ["Ali", "Maryam"]
    assert "returning: 2 editions" in response.text
    assert "returning: 1 edition" in response.text
    assert response.context["action_form"] is None  # the actions change invitations: not the viewer's


def test_confirmed_guests_may_get_a_stall_and_declined_ones_give_theirs_up(editor):
    exhibition = ExhibitionFactory()
    invitation = Invitation.objects.create(exhibition=exhibition, artisan=ArtisanFactory())

    confirmed = invitations_action(editor, "confirmed", invitation)
    stall = Stall.objects.create(exhibition=exhibition, label="A1")
    editions.assign_stall(stall, invitation.artisan)
    declined = invitations_action(editor, "declined", invitation)

    invitation.refresh_from_db()
    stall.refresh_from_db()
    assert [str(message) for message in confirmed.context["messages"]] == ["Invitations confirmed: 1."]
    assert [str(message) for message in declined.context["messages"]] == [
        "Invitations declined: 1. Their stalls, if they had any, are free again."
    ]
    assert (invitation.state, stall.artisan) == (State.DECLINED, None)


def test_only_taking_part_makes_a_participation_that_the_public_page_counts(editor, client):
    exhibition = ExhibitionFactory()
    invitation = Invitation.objects.create(exhibition=exhibition, artisan=ArtisanFactory(), state=State.CONFIRMED)
    Stall.objects.create(exhibition=exhibition, label="C3", artisan=invitation.artisan)

    before = client.get(exhibition.get_absolute_url())
    response = invitations_action(editor, "took_part", invitation)
    after = client.get(exhibition.get_absolute_url())

    invitation.refresh_from_db()
    participation = Participation.objects.get()
    assert [str(message) for message in response.context["messages"]] == ["1 participation was recorded."]
    assert (participation.artisan, participation.exhibition, participation.stand) == (
        invitation.artisan,
        exhibition,
        "C3",
    )
    assert invitation.state == State.TOOK_PART
    assert (before.context["exhibition"].participation_count, after.context["exhibition"].participation_count) == (
        0,
        1,
    )
    assert "1 recorded here" in after.text


def test_a_guest_who_took_part_keeps_that_state(editor):
    invitation = Invitation.objects.create(exhibition=ExhibitionFactory(), artisan=ArtisanFactory())
    editions.record_attendance(invitation.exhibition, [invitation.artisan])

    response = invitations_action(editor, "declined", invitation)

    invitation.refresh_from_db()
    assert invitation.state == State.TOOK_PART
    assert [str(message) for message in response.context["messages"]] == [
        "Invitations declined: 0. Their stalls, if they had any, are free again.",
        "1 artisan has taken part already; their invitation stays as it is.",
    ]


def test_an_invitation_added_on_the_exhibition_page_counts_the_editions_attended(editor, series):
    exhibition = ExhibitionFactory(series=series["series"], edition=3)
    page = editor.get(url("exhibitions_exhibition", "change", exhibition.pk))

    response = editor.post(
        url("exhibitions_exhibition", "change", exhibition.pk),
        form_data(page) | {"invitations-TOTAL_FORMS": "1", "invitations-0-artisan": series["maryam"].pk},
    )

    assert response.status_code == 302
    assert list(exhibition.invitations.values_list("artisan", "state", "editions_attended")) == [
        (series["maryam"].pk, State.INVITED, 2)
    ]


# Results and sales


@pytest.fixture
def fair():
    """A published fair with publish_sales_totals off, and three sellers of kilims."""
    kilim = CraftCategoryFactory(name_en="Kilim", slug="kilim")
    exhibition = ExhibitionFactory(title_en="Ilam crafts in Kut")
    sellers = []
    for amount in ("1111", "2222", "4444"):
        participation = ParticipationFactory(exhibition=exhibition)
        participation.crafts_shown.add(kilim)
        Sale.objects.create(participation=participation, currency="IRR", amount=Decimal(amount))
        sellers.append(participation)
    Sale.objects.create(participation=sellers[0], currency="USD", amount=Decimal("25.50"))
    ParticipationResult.objects.create(participation=sellers[0], orders_taken=4, trade_contacts=2, note="Secret")
    return {"exhibition": exhibition, "sellers": sellers, "kilim": kilim}


def test_results_and_sales_are_edited_on_the_participation_page_by_the_editor_only(editor, viewer, fair):
    participation = fair["sellers"][0]
    change = url("exhibitions_participation", "change", participation.pk)

    for_editor = editor.get(change)
    for_viewer = viewer.get(change)

    shown = [inline.formset.model for inline in for_editor.context["inline_admin_formsets"]]
    assert shown == [ParticipationResult, Sale]
    assert [form.instance.amount for form in inline(for_editor, Sale).formset.forms] == [
        Decimal("1111.00"),
        Decimal("25.50"),
    ]
    assert for_viewer.status_code == 200
    assert for_viewer.context["inline_admin_formsets"] == []
    for hidden in ("Secret", "1111", "25.50", "orders taken", "trade contacts"):
        assert hidden not in for_viewer.text


def test_the_editor_records_a_sale_inline_and_one_per_currency(editor):
    participation = ParticipationFactory()
    change = url("exhibitions_participation", "change", participation.pk)
    page = editor.get(change)
    sale = {"sales-TOTAL_FORMS": "1", "sales-0-currency": "IQD", "sales-0-amount": "150000"}

    saved = editor.post(change, form_data(page) | sale)
    page = editor.get(change)
    again = editor.post(
        change, form_data(page) | {"sales-TOTAL_FORMS": "2", "sales-1-currency": "IQD", "sales-1-amount": "5"}
    )

    assert saved.status_code == 302
    assert again.status_code == 200
    assert list(participation.sales.values_list("currency", "amount")) == [("IQD", Decimal("150000.00"))]


def test_the_sales_page_adds_up_per_currency_and_craft_for_the_editor(editor, fair):
    pottery = CraftCategoryFactory(name_en="Pottery", slug="pottery")
    potter = ParticipationFactory(exhibition=fair["exhibition"], artisan__consent_to_publish=False)
    ArtisanCraftFactory(artisan=potter.artisan, craft=pottery, is_primary=True)
    Sale.objects.create(participation=potter, currency="IRR", amount=Decimal("1000"))

    response = editor.get(reverse("admin:exhibitions_exhibition_sales", args=[fair["exhibition"].pk]))

    totals = response.context["totals"]
    assert [(total.currency, total.amount_display, total.seller_count) for total in totals.per_currency] == [
        ("IRR", "8777", 4),
        ("USD", "25.50", 1),
    ]
    assert [(total.label, total.currency, total.amount_display) for total in totals.per_craft] == [
        ("Kilim", "IRR", "7777"),
        ("Kilim", "USD", "25.50"),
        ("Pottery", "IRR", "1000"),
    ]
    assert (totals.orders_taken, totals.trade_contacts, totals.results) == (4, 2, 1)
    assert "Sales per craft" in response.text


def test_the_sales_page_and_its_link_are_not_for_the_viewer(editor, viewer, fair):
    exhibition = fair["exhibition"]
    Stall.objects.create(exhibition=exhibition, label="Z9", artisan=fair["sellers"][0].artisan)
    Invitation.objects.create(exhibition=exhibition, artisan=ArtisanFactory(), editions_attended=3)
    sales = reverse("admin:exhibitions_exhibition_sales", args=[exhibition.pk])
    stalls = reverse("admin:exhibitions_exhibition_stalls", args=[exhibition.pk])
    change = url("exhibitions_exhibition", "change", exhibition.pk)

    for_viewer = viewer.get(change)

    assert viewer.get(sales).status_code == 403
    assert f'href="{sales}"' not in for_viewer.text
    assert f'href="{stalls}"' in for_viewer.text
    assert "Z9" in for_viewer.text
    assert "returning: 3 editions" in for_viewer.text
    assert f'href="{sales}"' in editor.get(change).text


# The public page


def test_the_public_page_shows_no_sales_unless_the_office_publishes_them(client, fair):
    response = client.get(fair["exhibition"].get_absolute_url())

    assert response.context["sales"] is None
    assert "Sales at the fair" not in response.text
    assert "7777" not in response.text


def test_the_public_page_shows_published_totals_per_currency_and_craft_never_per_artisan(client, fair):
    Exhibition.objects.filter(pk=fair["exhibition"].pk).update(publish_sales_totals=True)

    response = client.get(fair["exhibition"].get_absolute_url())

    sales = response.context["sales"]
    assert [(total.currency, total.amount_display, total.seller_count) for total in sales.per_currency] == [
        ("IRR", "7777", 3)
    ]
    assert [(total.label, total.currency, total.amount_display) for total in sales.per_craft] == [
        ("Kilim", "IRR", "7777")
    ]
    assert "Sales at the fair" in response.text
    assert "<td>Iranian rial (IRR)</td>" in response.text
    for own in ("1111", "2222", "4444", "25.50", "Secret"):  # one seller's sales, or the only USD seller's
        assert own not in response.text


def test_the_public_page_leaves_out_the_crafts_when_the_rest_would_be_one_sellers(client, fair):
    Exhibition.objects.filter(pk=fair["exhibition"].pk).update(publish_sales_totals=True)
    potter = ParticipationFactory(exhibition=fair["exhibition"])
    potter.crafts_shown.add(CraftCategoryFactory(name_en="Pottery"))
    Sale.objects.create(participation=potter, currency="IRR", amount=Decimal("5555"))

    sales = client.get(fair["exhibition"].get_absolute_url()).context["sales"]

    assert [(total.currency, total.amount_display) for total in sales.per_currency] == [("IRR", "13332")]
    assert sales.per_craft == []


def test_the_public_totals_count_only_public_participants_in_persian_digits(client, fair):
    Exhibition.objects.filter(pk=fair["exhibition"].pk).update(publish_sales_totals=True)
    hidden = ParticipationFactory(exhibition=fair["exhibition"], artisan__consent_to_publish=False)
    Sale.objects.create(participation=hidden, currency="IRR", amount=Decimal("1000000"))

    response = client.get(f"/fa{fair['exhibition'].get_absolute_url()}")

    assert [total.amount_display for total in response.context["sales"].per_currency] == ["۷٬۷۷۷"]
    assert "۷٬۷۷۷" in response.text


@pytest.mark.parametrize("rows", [3, 6])
def test_the_public_page_with_totals_runs_the_same_queries_for_any_number_of_sellers(
    client, django_assert_num_queries, rows
):
    exhibition = ExhibitionFactory(series=ExhibitionSeriesFactory(), publish_sales_totals=True)
    for _row in range(rows):
        shown = ParticipationFactory(exhibition=exhibition)
        shown.crafts_shown.add(CraftCategoryFactory())
        Sale.objects.create(participation=shown, currency="IQD", amount=Decimal("1000"))
        unshown = ParticipationFactory(exhibition=exhibition)
        ArtisanCraftFactory(artisan=unshown.artisan, is_primary=True)
        Sale.objects.create(participation=unshown, currency="USD", amount=Decimal("10"))

    with django_assert_num_queries(
        queries(
            reads=[
                *EXHIBITION_PAGE_READS,
                "the sales of the public participants",
                "the crafts the sellers showed",
                "the primary crafts of those who showed none",
            ],
            remembered={"number of participants, for the pages": 1},
        )
    ):
        response = client.get(exhibition.get_absolute_url())

    assert [total.seller_count for total in response.context["sales"].per_currency] == [rows, rows]


# Exports


@pytest.mark.parametrize(
    "path",
    ["/exhibitions/{slug}/?format=csv", "/participations/?format=csv", "/exhibitions/?format=csv"],
)
def test_public_exports_hold_no_sales(client, fair, path):
    Exhibition.objects.filter(pk=fair["exhibition"].pk).update(publish_sales_totals=True)

    response = client.get(path.format(slug=fair["exhibition"].slug))

    body = b"".join(response.streaming_content).decode() if response.streaming else response.text
    assert response.status_code == 200
    assert fair["sellers"][0].artisan.name_latin in body or "Ilam crafts in Kut" in body
    for sold in ("1111", "2222", "4444", "7777", "25.5", "IRR", "sales"):
        assert sold not in body


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_staff_participants_export_holds_no_sales(editor, fair, extension):
    source = SourceFactory()
    fair["sellers"][0].sources.add(source)

    response = editor.get(
        reverse(f"admin:exhibitions_exhibition_participants_{extension}", args=[fair["exhibition"].pk])
    )

    body = b"".join(response.streaming_content) if response.streaming else response.content
    if extension == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    else:
        cells = body.decode("utf-8-sig").replace("\r\n", ",").split(",")
    assert fair["sellers"][0].artisan.name_latin in cells
    for sold in ("1111", "1111.00", "2222", "4444", "25.50", "IRR", "USD", "orders taken"):
        assert sold not in cells
