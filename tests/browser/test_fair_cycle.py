"""A fair's call for participation from start to finish, in the Persian admin of a real browser: a
clerk opens the call with places per craft and the jury's criteria and enters five applications
(one refused, with its reason); two jurors score them, each in their own browser; the clerk decides
within the quotas, a withdrawal gives the place to the first on the waiting list, stalls are
allotted and the results announced; then applicants read their own pages through the private links
on their receipts.

The call's strings are not translated yet: elements are found by name, id and CSS, and messages
are compared with what the rules say in Persian, whatever locale/ holds by then.
"""

import datetime
from types import SimpleNamespace

import jdatetime
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone, translation

from common import roles
from common.models import StaffPreferences
from exhibitions import calls
from exhibitions.models import Application, Call, Score, Stall
from registry.models import PublicationStatus, RegistrationStatus
from tests.factories import ArtisanFactory, CraftCategoryFactory, ExhibitionFactory

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-3d91"
TODAY = timezone.localdate()
FAIR_DAY = TODAY + datetime.timedelta(days=60)
Status = Application.Status

FAIR = "نمایشگاه صنایع دستی ایلام"
CRAFTS = {"kilim": "گلیم", "pottery": "سفال"}
# The applicants in the order they apply, with the craft each competes for.
MARYAM, FATEMEH, KOBRA, ZAHRA = "مریم زرگوشی", "فاطمه ارکوازی", "کبری کریمی", "زهرا نامدار"
APPLICANTS = {MARYAM: "kilim", FATEMEH: "kilim", KOBRA: "kilim", ZAHRA: "pottery"}
PENDING = "سمیه رحیمی"  # whose registration is not verified yet
CRITERIA = [("Quality", "کیفیت"), ("Authenticity", "اصالت")]
# Each juror's (quality, authenticity) for each applicant, and the comment they write.
SCORES = {
    "juror-1": {MARYAM: (5, 5), FATEMEH: (4, 4), KOBRA: (3, 4), ZAHRA: (2, 3)},
    "juror-2": {MARYAM: (5, 4), FATEMEH: (4, 3), KOBRA: (3, 3), ZAHRA: (2, 2)},
}
COMMENTS = {"juror-1": "گره‌ها محکم است", "juror-2": "رنگ‌ها طبیعی است"}
DECLINED_BECAUSE = "لعاب سفال‌ها صنعتی بود، نه دست‌ساز."


@pytest.fixture
def staff():
    """The office's roles as the data migration makes them (an earlier transactional test's flush
    emptied the groups), a clerk who edits and two jurors, all reading the admin in Persian."""
    roles.create_roles(MigrationLoader(connection).project_state().apps, SimpleNamespace(connection=connection))
    for username, role in [("clerk", roles.EDITOR), ("juror-1", roles.JUROR), ("juror-2", roles.JUROR)]:
        user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        StaffPreferences.objects.create(user=user, admin_language="fa")


@pytest.fixture
def fair():
    for slug, name in CRAFTS.items():
        CraftCategoryFactory(slug=slug, name_en=slug.title(), name_fa=name)
    exhibition = ExhibitionFactory(
        title_en="Ilam crafts fair",
        title_fa=FAIR,
        slug="ilam-crafts-fair",
        start_date=FAIR_DAY,
        end_date=FAIR_DAY + datetime.timedelta(days=6),
        status=PublicationStatus.DRAFT,
    )
    valid_until = FAIR_DAY + datetime.timedelta(days=365)
    for name in APPLICANTS:
        ArtisanFactory(
            name=name,
            name_latin="",
            registration_status=RegistrationStatus.VERIFIED,
            registration_valid_until=valid_until,
        )
    pending = ArtisanFactory(name=PENDING, name_latin="", registration_status=RegistrationStatus.PENDING)
    return SimpleNamespace(exhibition=exhibition, pending=pending)


def solar_hijri(date: datetime.date) -> str:
    return jdatetime.date.fromgregorian(date=date).strftime("%Y/%m/%d")


def log_in(page, username: str) -> None:
    page.goto(reverse("admin:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    submit(page, page.locator("#login-form [type=submit]"))
    expect(page.locator("html")).to_have_attribute("lang", "fa")


def own_browser(browser, live_server, username: str):
    page = browser.new_context(base_url=live_server.url, locale="fa-IR").new_page()
    log_in(page, username)
    return page


def submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def choose(page, field, typed: str, shown: str) -> None:
    """Pick in a select2 autocomplete (`field` holds it) the result that shows `shown`, searching for `typed`."""
    field.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=shown).click()
    expect(field.locator(".select2-selection__rendered")).to_contain_text(shown)


def rows(page, group: str):
    return page.locator(f"#{group}-group tbody tr.form-row:not(.empty-form)")


def open_the_call(page) -> None:
    page.goto(reverse("admin:exhibitions_call_add"))
    choose(page, page.locator(".field-exhibition"), "ایلام", FAIR)
    page.locator("#id_opens_on").fill(solar_hijri(TODAY - datetime.timedelta(days=1)))
    page.locator("#id_closes_on").fill(solar_hijri(TODAY + datetime.timedelta(days=14)))
    page.locator("#id_places").fill("3")
    page.locator("#id_rules_fa").fill("سه قطعه از کارهای خود را بیاورید.")
    for n, (craft, places) in enumerate([(CRAFTS["kilim"], "2"), (CRAFTS["pottery"], "1")]):
        page.locator("#quotas-group .add-row a").click()
        choose(page, rows(page, "quotas").nth(n).locator(".field-craft"), craft, craft)
        page.locator(f"input[name='quotas-{n}-places']").fill(places)
    for n, (name_en, name_fa) in enumerate(CRITERIA):
        page.locator("#criteria-group .add-row a").click()
        page.locator(f"input[name='criteria-{n}-name_en']").fill(name_en)
        page.locator(f"input[name='criteria-{n}-name_fa']").fill(name_fa)
        page.locator(f"input[name='criteria-{n}-position']").fill(str(n + 1))
    submit(page, page.locator("input[name=_save]"))
    expect(page.locator(".messagelist .success")).to_be_visible()


def enter_application(page, call: Call, name: str, craft: str) -> None:
    page.goto(reverse("admin:exhibitions_application_add"))
    choose(page, page.locator(".field-call"), "ایلام", FAIR)
    choose(page, page.locator(".field-artisan"), name, name)
    choose(page, page.locator(".field-craft"), craft, craft)
    page.locator("#id_pieces").fill(f"سه قطعه {craft}")
    submit(page, page.locator("input[name=_save]"))


def score_all(page, call: Call, username: str, first: Application) -> None:
    """A juror scores every application in turn, from the first one's on, with "save and score the next"."""
    criteria = list(call.criteria.all())
    page.goto(reverse("admin:exhibitions_application_changelist") + f"?call__id__exact={call.pk}")
    submit(page, page.locator(f"#result_list a[href$='/{first.pk}/score/']"))
    for _ in range(len(APPLICANTS)):
        applicant = page.locator(".application-summary dd").nth(1).inner_text().strip()
        for criterion, value in zip(criteria, SCORES[username][applicant], strict=True):
            page.locator(f"input[name='value_{criterion.pk}'][value='{value}']").check()
        page.locator(f"textarea[name='comment_{criteria[0].pk}']").fill(COMMENTS[username])
        submit(page, page.locator("input[name=_next]"))
        expect(page.locator(".messagelist .success")).to_be_visible()


def decide(page, application: Application, decision: str, reason: str = "") -> None:
    row = page.locator(f"#application-{application.pk}")
    row.locator("select[name=decision]").select_option(decision)
    row.locator("textarea[name=reason]").fill(reason)
    submit(page, row.locator("form.decision [type=submit]"))


def in_persian(text) -> str:
    with translation.override("fa"):
        return str(text)


def ineligible_in_persian(call: Call, artisan) -> list[str]:
    with translation.override("fa"):
        return calls.ineligible(call, artisan)


def refusal_in_persian(call: Call, application: Application) -> str:
    with translation.override("fa"), pytest.raises(calls.DecisionRefused) as refused:
        calls.check_room(call, application)
    return str(refused.value)


def averages(page) -> list[tuple[str, str]]:
    """The status page's (criterion, average) rows, the average's decimal separator read as a point:
    the page writes "." where common.i18n.format_number writes Persian's "٫"."""
    cells = page.locator("section[aria-labelledby=scores] tbody tr td")
    texts = [text.strip() for text in cells.all_inner_texts()]
    return [(name, average.replace("٫", ".")) for name, average in zip(texts[::2], texts[1::2], strict=True)]


def test_a_fair_call_from_opening_to_the_applicants_own_pages(browser, live_server, page, staff, fair):
    clerk = page
    log_in(clerk, "clerk")

    # The call: three places, two of them for kilim and one for pottery, and two criteria.
    open_the_call(clerk)
    call = Call.objects.get()
    assert (call.exhibition, call.places) == (fair.exhibition, 3)
    assert (call.opens_on, call.closes_on) == (TODAY - datetime.timedelta(days=1), TODAY + datetime.timedelta(days=14))
    assert sorted(call.quotas.values_list("craft__slug", "places")) == [("kilim", 2), ("pottery", 1)]
    assert list(call.criteria.values_list("name_fa", flat=True)) == ["کیفیت", "اصالت"]

    # Five applications: the one whose registration is pending is refused, with the reason.
    enter_application(clerk, call, PENDING, CRAFTS["kilim"])
    reasons = ineligible_in_persian(call, fair.pending)
    assert len(reasons) == 1
    expect(clerk.locator(".errorlist.nonfield")).to_contain_text(reasons[0])
    assert not Application.objects.exists()
    receipts = {}
    for name, craft in APPLICANTS.items():
        enter_application(clerk, call, name, CRAFTS[craft])
        expect(clerk.locator(".messagelist .success")).to_be_visible()
        receipts[name] = clerk.locator(".messagelist a[href$='/receipt/']").get_attribute("href")
    applications = {a.artisan.name: a for a in Application.objects.select_related("artisan", "craft")}
    assert {name: a.craft.slug for name, a in applications.items()} == APPLICANTS

    # The jurors score in their own browsers; while the call is open neither sees the other's scores.
    first = applications[MARYAM]
    juror_1 = own_browser(browser, live_server, "juror-1")
    score_all(juror_1, call, "juror-1", first)
    juror_2 = own_browser(browser, live_server, "juror-2")
    juror_2.goto(reverse("admin:exhibitions_application_score", args=[first.pk]))
    expect(juror_2.locator("#score-form input[type=radio]:checked")).to_have_count(0)
    expect(juror_2.locator("#content-main")).not_to_contain_text(COMMENTS["juror-1"])
    score_all(juror_2, call, "juror-2", first)
    juror_1.goto(reverse("admin:exhibitions_application_score", args=[first.pk]))
    checked = juror_1.locator("#score-form input[type=radio]:checked")
    assert [int(value) for value in checked.evaluate_all("inputs => inputs.map(input => input.value)")] == list(
        SCORES["juror-1"][MARYAM]
    )
    expect(juror_1.locator("#content-main")).not_to_contain_text(COMMENTS["juror-2"])
    for juror in (juror_1, juror_2):
        juror.context.close()
    assert {
        (score.juror.username, score.application.artisan.name, score.criterion.name_en, score.value)
        for score in Score.objects.select_related("juror", "application__artisan", "criterion")
    } == {
        (juror, name, criterion, value)
        for juror, given in SCORES.items()
        for name, values in given.items()
        for (criterion, _fa), value in zip(CRITERIA, values, strict=True)
    }

    # The ranking, best first in each craft; two weavers accepted, the third refused beyond the quota.
    maryam, fatemeh, kobra, zahra = (applications[name] for name in APPLICANTS)
    ranking = reverse("admin:exhibitions_call_ranking", args=[call.pk])
    clerk.goto(ranking)
    kilim = clerk.locator("table.ranking").first.locator("tbody tr")
    expect(kilim).to_have_count(3)
    assert [row.get_attribute("id") for row in kilim.all()] == [
        f"application-{a.pk}" for a in (maryam, fatemeh, kobra)
    ]
    decide(clerk, maryam, Status.ACCEPTED)
    expect(clerk.locator(".messagelist .success")).to_be_visible()
    decide(clerk, fatemeh, Status.ACCEPTED)
    expect(clerk.locator(".messagelist .success")).to_be_visible()
    decide(clerk, kobra, Status.ACCEPTED)
    expect(clerk.locator(".messagelist .error")).to_have_text(refusal_in_persian(call, kobra))
    kobra.refresh_from_db()
    assert kobra.status == Status.SUBMITTED

    # The third weaver waits; the potter is declined with a reason.
    decide(clerk, kobra, Status.WAITLISTED)
    expect(clerk.locator(f"#application-{kobra.pk} .status-waitlisted")).to_be_visible()
    decide(clerk, zahra, Status.DECLINED, DECLINED_BECAUSE)
    expect(clerk.locator(f"#application-{zahra.pk} .status-declined")).to_contain_text(DECLINED_BECAUSE)

    # A weaver withdraws: her place goes to the first on the waiting list.
    decide(clerk, fatemeh, Status.WITHDRAWN)
    expect(clerk.locator(".messagelist .success")).to_be_visible()
    expect(clerk.locator(f"#application-{kobra.pk} .status-accepted")).to_be_visible()
    assert dict(Application.objects.values_list("artisan__name", "status")) == {
        MARYAM: Status.ACCEPTED,
        FATEMEH: Status.WITHDRAWN,
        KOBRA: Status.ACCEPTED,
        ZAHRA: Status.DECLINED,
    }

    # Stalls for the two accepted, in the exhibition's stall rows.
    clerk.goto(reverse("admin:exhibitions_exhibition_change", args=[fair.exhibition.pk]))
    for n, (label, name) in enumerate([("B1", MARYAM), ("B2", KOBRA)]):
        clerk.locator("#stalls-group .add-row a").click()
        clerk.locator(f"input[name='stalls-{n}-label']").fill(label)
        choose(clerk, rows(clerk, "stalls").nth(n).locator(".field-artisan"), name, name)
    submit(clerk, clerk.locator("input[name=_save]"))
    expect(clerk.locator(".messagelist .success")).to_be_visible()
    assert dict(Stall.objects.values_list("label", "artisan__name")) == {"B1": MARYAM, "B2": KOBRA}

    # The potter's page, through the link on her receipt, tells nothing until the results are announced.
    links = {}
    for name in (ZAHRA, KOBRA):
        clerk.goto(receipts[name])
        links[name] = clerk.locator(".status-url code").inner_text().strip()
    applicant = browser.new_context(base_url=live_server.url, locale="fa-IR").new_page()
    applicant.goto(links[ZAHRA])
    expect(applicant.locator("dl.facts")).to_contain_text(ZAHRA)
    expect(applicant.locator("body")).not_to_contain_text(DECLINED_BECAUSE)
    expect(applicant.locator("section[aria-labelledby=scores]")).to_have_count(0)

    clerk.goto(ranking)
    submit(clerk, clerk.locator("form[action$='/announce/'] [type=submit]"))
    expect(clerk.locator(".messagelist .success")).to_be_visible()
    call.refresh_from_db()
    assert call.decided_at is not None

    # Announced: her status, its reason and her average per criterion.
    applicant.reload()
    expect(applicant.locator(".application-status")).to_contain_text(in_persian(Status.DECLINED.label))
    expect(applicant.locator("dl.facts")).to_contain_text(DECLINED_BECAUSE)
    assert averages(applicant) == [("کیفیت", "۲.۰"), ("اصالت", "۲.۵")]

    # Another applicant's link shows hers and nothing of the potter's.
    applicant.goto(links[KOBRA])
    expect(applicant.locator("dl.facts")).to_contain_text(KOBRA)
    expect(applicant.locator(".application-status")).to_contain_text(in_persian(Status.ACCEPTED.label))
    expect(applicant.locator("dl.facts")).to_contain_text("B2")
    shown = applicant.locator("body").inner_text()
    assert (ZAHRA in shown, DECLINED_BECAUSE in shown) == (False, False)

    # The public page of calls lists the call and names nobody who applied.
    applicant.goto("/fa/calls/")
    expect(applicant.locator("article.call")).to_contain_text(FAIR)
    shown = applicant.locator("body").inner_text()
    assert [name for name in [*APPLICANTS, PENDING] if name in shown] == []
    applicant.context.close()
