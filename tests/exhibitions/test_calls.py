"""Calls for participation: who may apply, the jury, decisions within the quotas, the waiting list,
and the applicant's own page."""

import datetime
import os
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from common.models import StaffPreferences
from common.roles import EDITOR, JUROR, VIEWER
from exhibitions import call_admin, calls
from exhibitions.models import Application, Call, Criterion, Quota, Score, Stall
from registry.models import PublicationStatus, RegistrationStatus, Sanction
from tests.admin_helpers import url
from tests.factories import (
    ArtisanFactory,
    CityFactory,
    CraftCategoryFactory,
    ExhibitionFactory,
    ExhibitionSeriesFactory,
    ParticipationFactory,
    ProvinceFactory,
)
from tests.query_counts import queries

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
FAIR_DAY = TODAY + datetime.timedelta(days=60)
Status = Application.Status


def verified(**kwargs):
    artisan = ArtisanFactory(
        registration_status=RegistrationStatus.VERIFIED,
        registration_valid_until=FAIR_DAY + datetime.timedelta(days=365),
        **kwargs,
    )
    return artisan


@pytest.fixture
def crafts():
    return {
        "kilim": CraftCategoryFactory(slug="kilim", name_en="Kilim", name_fa="گلیم", name_ar="كليم"),
        "pottery": CraftCategoryFactory(slug="pottery", name_en="Pottery", name_fa="سفال", name_ar="فخار"),
    }


@pytest.fixture
def call(crafts):
    exhibition = ExhibitionFactory(
        start_date=FAIR_DAY, end_date=FAIR_DAY + datetime.timedelta(days=6), status=PublicationStatus.DRAFT
    )
    call = Call.objects.create(
        exhibition=exhibition,
        opens_on=TODAY - datetime.timedelta(days=1),
        closes_on=TODAY + datetime.timedelta(days=10),
        places=3,
        rules_en="Bring three pieces.",
    )
    Quota.objects.create(call=call, craft=crafts["kilim"], places=2)
    Quota.objects.create(call=call, craft=crafts["pottery"], places=1)
    Criterion.objects.create(call=call, name_en="Quality", position=1)
    Criterion.objects.create(call=call, name_en="Authenticity", position=2)
    return call


def apply(call, craft, artisan=None, **kwargs):
    return Application.objects.create(
        call=call, artisan=artisan or verified(), craft=craft, pieces="Three kilims", **kwargs
    )


def member(django_user_model, group: str, username: str):
    user = django_user_model.objects.create_user(username, password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(member(django_user_model, EDITOR, "editor"))
    return client


# Who may apply


def test_an_eligible_artisan_has_nothing_against_them(call):
    assert calls.ineligible(call, verified()) == []


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"registration_status": RegistrationStatus.PENDING}, "has not been verified"),
        ({"registration_status": RegistrationStatus.REVOKED}, "was revoked"),
        ({"registration_valid_until": FAIR_DAY - datetime.timedelta(days=1)}, "before the fair's first day"),
        ({"consent_to_publish": False}, "not published with their consent"),
        ({"status": PublicationStatus.DRAFT}, "not published with their consent"),
    ],
)
def test_an_ineligible_artisan_is_told_why(call, changes, words):
    artisan = verified()
    for name, value in changes.items():
        setattr(artisan, name, value)
    assert any(words in reason for reason in calls.ineligible(call, artisan))


def test_a_call_for_some_provinces_refuses_the_others(call):
    ilam = ProvinceFactory(name_en="Ilam")
    call.home_provinces.add(ilam)
    assert calls.ineligible(call, verified(home_place=ilam)) == []
    assert calls.ineligible(call, verified()) == ["The call is open to artisans from Ilam only."]


def test_a_sanction_in_force_on_the_fair_day_refuses(call):
    artisan = verified()
    Sanction.objects.create(
        artisan=artisan, until=FAIR_DAY + datetime.timedelta(days=1), reason="Sold pieces not made by them"
    )
    reasons = calls.ineligible(call, artisan)
    assert len(reasons) == 1
    assert "suspended from fairs" in reasons[0]
    # The reason for the sanction is private: it is not said.
    assert "Sold" not in reasons[0]
    Sanction.objects.update(lifted_on=TODAY)
    assert calls.ineligible(call, artisan) == []


def test_the_admin_refuses_an_ineligible_application_with_the_reason(editor, call, crafts):
    artisan = ArtisanFactory(registration_status=RegistrationStatus.PENDING)
    data = {"call": call.pk, "artisan": artisan.pk, "craft": crafts["kilim"].pk, "pieces": "Two kilims"}
    response = editor.post(url("exhibitions_application", "add"), data)
    assert response.status_code == 200
    assert "The artisan cannot apply" in response.content.decode()
    assert "has not been verified" in response.content.decode()
    assert not Application.objects.exists()


def test_the_admin_takes_an_eligible_application_once(editor, call, crafts):
    artisan = verified()
    data = {"call": call.pk, "artisan": artisan.pk, "craft": crafts["kilim"].pk, "pieces": "Two kilims"}
    response = editor.post(url("exhibitions_application", "add"), data)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.status == Status.SUBMITTED
    assert len(application.token) >= 32
    again = editor.post(url("exhibitions_application", "add"), data)
    assert again.status_code == 200
    assert "already applied to this call" in again.content.decode()
    assert Application.objects.count() == 1


def test_an_application_outside_the_call_dates_or_its_crafts_is_refused(call):
    dolls = CraftCategoryFactory(slug="dolls", name_en="Dolls")
    assert calls.application_problems(call, verified(), dolls) == ["The call has no places for Dolls."]
    late = calls.application_problems(call, verified(), None, today=call.closes_on + datetime.timedelta(days=1))
    assert len(late) == 1
    assert late[0].startswith("The call takes applications from")


def test_a_sub_craft_competes_for_its_parents_places(call, crafts):
    sub = CraftCategoryFactory(slug="gabbeh", parent=crafts["kilim"])
    assert calls.quota_for(calls.quotas_of(call), sub).craft == crafts["kilim"]


# Decisions


def test_acceptances_stay_within_the_quota_of_the_craft_and_of_the_call(call, crafts):
    first, second, third = (apply(call, crafts["kilim"]) for _ in range(3))
    calls.decide(first, Status.ACCEPTED)
    calls.decide(second, Status.ACCEPTED)
    with pytest.raises(calls.DecisionRefused, match="The 2 places for Kilim are taken"):
        calls.decide(third, Status.ACCEPTED)
    potter = apply(call, crafts["pottery"])
    calls.decide(potter, Status.ACCEPTED)
    assert Application.objects.filter(status=Status.ACCEPTED).count() == 3
    third.refresh_from_db()
    assert third.status == Status.SUBMITTED


def test_a_call_without_quotas_counts_its_places_alone(call, crafts):
    call.quotas.all().delete()
    call.places = 2
    call.save()
    first, second, third = (apply(call, crafts["pottery"]) for _ in range(3))
    calls.decide(first, Status.ACCEPTED)
    calls.decide(second, Status.ACCEPTED)
    with pytest.raises(calls.DecisionRefused, match="All 2 places of the call are taken"):
        calls.decide(third, Status.ACCEPTED)


def test_a_decline_needs_a_reason(call, crafts):
    application = apply(call, crafts["kilim"])
    with pytest.raises(calls.DecisionRefused, match="reason"):
        calls.decide(application, Status.DECLINED)
    calls.decide(application, Status.DECLINED, reason="The pieces were machine-woven.")
    application.refresh_from_db()
    assert application.status == Status.DECLINED
    assert application.history.first().history_change_reason == "Decision: declined"


def test_a_withdrawal_offers_the_place_to_the_first_on_the_waiting_list_of_that_craft(call, crafts):
    accepted = [apply(call, crafts["kilim"]) for _ in range(2)]
    for application in accepted:
        calls.decide(application, Status.ACCEPTED)
    potter_waiting = apply(call, crafts["pottery"])
    second_waiting, first_waiting = apply(call, crafts["kilim"]), apply(call, crafts["kilim"])
    calls.decide(potter_waiting, Status.WAITLISTED)
    calls.decide(first_waiting, Status.WAITLISTED)
    calls.decide(second_waiting, Status.WAITLISTED)
    stall = Stall.objects.create(exhibition=call.exhibition, label="A1", artisan=accepted[0].artisan)

    calls.decide(accepted[0], Status.WITHDRAWN, reason="Ill")

    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    potter_waiting.refresh_from_db()
    stall.refresh_from_db()
    assert first_waiting.status == Status.ACCEPTED
    assert "waiting list" in first_waiting.reason
    assert second_waiting.status == Status.WAITLISTED
    assert potter_waiting.status == Status.WAITLISTED
    assert stall.artisan is None


def test_the_ranking_orders_each_craft_by_the_average_score(call, crafts, django_user_model):
    juror = member(django_user_model, JUROR, "juror")
    low, high, unscored = (apply(call, crafts["kilim"]) for _ in range(3))
    for application, value in ((low, 2), (high, 5)):
        for criterion in call.criteria.all():
            Score.objects.create(application=application, juror=juror, criterion=criterion, value=value)
    groups = calls.ranking(call)
    kilim = next(quota for quota in groups if quota and quota.craft == crafts["kilim"])
    assert [ranked.application for ranked in groups[kilim]] == [high, low, unscored]
    assert groups[kilim][0].total == 5.0


def test_the_ranking_page_decides_and_says_why_not(editor, call, crafts):
    applications = [apply(call, crafts["kilim"]) for _ in range(3)]
    page = url("exhibitions_call", "ranking", call.pk)
    assert editor.get(page).status_code == 200
    for application in applications[:2]:
        editor.post(page, {"application": application.pk, "decision": "accepted", "reason": ""})
    response = editor.post(
        page, {"application": applications[2].pk, "decision": "accepted", "reason": ""}, follow=True
    )
    assert "The 2 places for Kilim are taken" in response.content.decode()
    assert Application.objects.filter(status=Status.ACCEPTED).count() == 2


def test_the_change_form_refuses_an_acceptance_beyond_the_quota(editor, call, crafts):
    for _ in range(2):
        calls.decide(apply(call, crafts["kilim"]), Status.ACCEPTED)
    application = apply(call, crafts["kilim"])
    data = {"craft": crafts["kilim"].pk, "pieces": "Kilims", "status": "accepted", "reason": ""}
    response = editor.post(url("exhibitions_application", "change", application.pk), data)
    assert response.status_code == 200
    assert "The 2 places for Kilim are taken" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_clerks_accepting_the_last_place_at_once_get_one_acceptance_on_postgresql(crafts, call):
    calls.decide(apply(call, crafts["kilim"]), Status.ACCEPTED)
    contenders = [apply(call, crafts["kilim"]) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(application):
        try:
            barrier.wait()
            calls.decide(application, Status.ACCEPTED)
            outcomes.append("accepted")
        except calls.DecisionRefused:
            outcomes.append("refused")
        except Exception as error:  # reported by the assertion
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(application,)) for application in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted", "refused"]
    assert Application.objects.filter(status=Status.ACCEPTED).count() == 2


SETUP = """
import datetime, django
django.setup()
from django.utils import timezone
from crafts.models import CraftCategory
from exhibitions import call_admin, calls
from exhibitions.models import Application, Call, Exhibition, Quota
from registry.models import Artisan, Place
today = timezone.localdate()
iran = Place.objects.create(kind="country", name_en="Iran", slug="iran")
kilim = CraftCategory.objects.create(name_en="Kilim", slug="kilim")
start = today + datetime.timedelta(days=30)
fair = Exhibition.objects.create(title_en="Kut", slug="kut", place=iran, start_date=start)
call = Call.objects.create(exhibition=fair, opens_on=today, closes_on=today, places=2)
Quota.objects.create(call=call, craft=kilim, places=2)
ids = []
for n in range(3):
    artisan = Artisan.objects.create(name="هنرمند", slug=f"a{n}")
    ids.append(Application.objects.create(call=call, artisan=artisan, craft=kilim, pieces="Kilims").pk)
calls.decide(Application.objects.get(pk=ids[0]), "accepted")
print(ids[1], ids[2])
"""
DECIDER = """
import time, django
django.setup()
from exhibitions import call_admin, calls
from exhibitions.models import Application
application = Application.objects.get(pk={pk})
time.sleep(max(0, {start} - time.time()))
try:
    calls.decide(application, "accepted")
    print("accepted")
except calls.DecisionRefused:
    print("refused")
"""


def test_two_clerks_accepting_the_last_place_at_once_get_one_acceptance_on_sqlite(tmp_path):
    """Two processes on one SQLite file, as two gunicorn workers are."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "1",
        "DJANGO_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    run = {"env": env, "cwd": settings.BASE_DIR, "text": True, "capture_output": True, "check": True}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], **run)
    ids = subprocess.run([sys.executable, "-c", SETUP], **run).stdout.split()
    start = time.time() + 3
    deciders = [
        subprocess.Popen(
            [sys.executable, "-c", DECIDER.format(pk=pk, start=start)],
            env=env,
            cwd=settings.BASE_DIR,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for pk in ids
    ]
    outcomes = [decider.communicate() for decider in deciders]
    assert sorted(out.strip() for out, _err in outcomes) == ["accepted", "refused"], outcomes


# The jury


@pytest.fixture
def juror_client(client, django_user_model):
    juror = member(django_user_model, JUROR, "juror")
    client.force_login(juror)
    client.juror = juror
    return client


def scores_for(call, value=4):
    data = {}
    for criterion in call.criteria.all():
        data[f"value_{criterion.pk}"] = str(value)
        data[f"comment_{criterion.pk}"] = "Fine weave"
    return data


def test_a_juror_scores_each_criterion(juror_client, call, crafts):
    application = apply(call, crafts["kilim"])
    page = url("exhibitions_application", "score", application.pk)
    assert juror_client.get(page).status_code == 200
    response = juror_client.post(page, {**scores_for(call), "_save": "1"})
    assert response.status_code == 302
    assert list(Score.objects.values_list("value", flat=True)) == [4, 4]
    juror_client.post(page, {**scores_for(call, 5), "_save": "1"})
    assert list(Score.objects.values_list("value", flat=True)) == [5, 5]


def test_a_score_outside_1_to_5_is_refused(juror_client, call, crafts):
    application = apply(call, crafts["kilim"])
    response = juror_client.post(url("exhibitions_application", "score", application.pk), scores_for(call, 9))
    assert response.status_code == 200
    assert not Score.objects.exists()


def test_a_juror_sees_only_their_own_scores_until_the_call_closes(juror_client, call, crafts, django_user_model):
    other = member(django_user_model, JUROR, "other-juror")
    application = apply(call, crafts["kilim"])
    criterion = call.criteria.first()
    Score.objects.create(application=application, juror=other, criterion=criterion, value=1, comment="OTHER-COMMENT")
    page = url("exhibitions_application", "score", application.pk)
    assert "OTHER-COMMENT" not in juror_client.get(page).content.decode()
    assert "OTHER-COMMENT" not in juror_client.get(url("exhibitions_application", "changelist")).content.decode()
    Call.objects.filter(pk=call.pk).update(
        closes_on=TODAY - datetime.timedelta(days=1), opens_on=TODAY - datetime.timedelta(days=5)
    )
    assert "OTHER-COMMENT" in juror_client.get(page).content.decode()


def test_a_blind_jury_never_sees_the_name(juror_client, call, crafts):
    Call.objects.filter(pk=call.pk).update(blind_jury=True)
    artisan = verified(name="زهرا نامدار", name_latin="Zahra Namdar")
    application = apply(call, crafts["kilim"], artisan=artisan)
    pages = [
        url("exhibitions_application", "changelist"),
        url("exhibitions_application", "score", application.pk),
        # A search by name is not a road either (the page repeats only the word typed).
        url("exhibitions_application", "changelist") + "?q=Zahra",
    ]
    for page in pages:
        body = juror_client.get(page).content.decode()
        assert "Namdar" not in body
        assert "نامدار" not in body
        assert artisan.registry_number not in body
    assert juror_client.get(url("exhibitions_application", "change", application.pk)).status_code == 302
    assert juror_client.get(url("exhibitions_application", "history", application.pk)).status_code == 403
    assert juror_client.get(url("registry_artisan", "change", artisan.pk)).status_code == 403
    assert juror_client.get(url("exhibitions_call", "ranking", call.pk)).status_code == 403
    assert juror_client.get(url("exhibitions_application", "receipt", application.pk)).status_code == 403


def test_scores_freeze_when_the_results_are_announced(juror_client, call, crafts):
    application = apply(call, crafts["kilim"])
    calls.announce(call)
    juror_client.post(url("exhibitions_application", "score", application.pk), scores_for(call))
    assert not Score.objects.exists()


def test_the_viewer_reads_but_neither_decides_nor_scores_nor_sees_the_link(client, django_user_model, call, crafts):
    client.force_login(member(django_user_model, VIEWER, "viewer"))
    application = apply(call, crafts["kilim"])
    assert client.get(url("exhibitions_call", "ranking", call.pk)).status_code == 200
    client.post(url("exhibitions_call", "ranking", call.pk), {"application": application.pk, "decision": "accepted"})
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert client.get(url("exhibitions_application", "score", application.pk)).status_code == 403
    assert client.get(url("exhibitions_application", "receipt", application.pk)).status_code == 403
    body = client.get(url("exhibitions_application", "change", application.pk)).content.decode()
    assert application.token not in body


# The applicant's page


def test_the_receipt_holds_the_private_link(editor, call, crafts):
    application = apply(call, crafts["kilim"])
    response = editor.get(url("exhibitions_application", "receipt", application.pk))
    assert application.get_status_url() in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_status_page_tells_the_result_its_reason_and_the_scores_once_announced(
    client, call, crafts, django_user_model
):
    juror = member(django_user_model, JUROR, "juror")
    application = apply(call, crafts["kilim"])
    for criterion, value in zip(call.criteria.all(), (3, 5), strict=True):
        Score.objects.create(
            application=application, juror=juror, criterion=criterion, value=value, comment="JUROR-NOTE"
        )
    calls.decide(application, Status.DECLINED, reason="The pieces were machine-woven.")
    before = client.get(application.get_status_url())
    assert before.status_code == 200
    assert "machine-woven" not in before.content.decode()
    assert "no-store" in before["Cache-Control"]
    assert before["Referrer-Policy"] == "no-referrer"
    calls.announce(call)
    body = client.get(application.get_status_url()).content.decode()
    assert "declined" in body
    assert "machine-woven" in body
    assert "Quality" in body
    assert "3.0" in body
    assert "5.0" in body
    assert "JUROR-NOTE" not in body


def test_a_status_page_cannot_be_guessed(client, call, crafts):
    application = apply(call, crafts["kilim"])
    assert (
        client.get(
            reverse(
                "exhibitions:application-status",
                args=[application.token[:-1] + ("y" if application.token.endswith("x") else "x")],
            )
        ).status_code
        == 404
    )
    assert client.get(reverse("exhibitions:application-status", args=[str(application.pk)])).status_code == 404
    assert client.get(reverse("exhibitions:application-status", args=["x" * 500])).status_code == 404
    other = apply(call, crafts["kilim"])
    assert application.token != other.token


# Public pages


@pytest.mark.parametrize(("language", "kilim"), [("", "Kilim"), ("/fa", "گلیم"), ("/ar", "كليم")])
def test_the_open_calls_are_listed_with_their_rules(client, call, language, kilim):
    listing = client.get(f"{language}/calls/")
    assert call.exhibition.title_en in listing.content.decode()
    detail = client.get(f"{language}/calls/{call.exhibition.slug}/")
    body = detail.content.decode()
    assert detail.status_code == 200
    assert "Bring three pieces." in body
    assert kilim in body


def test_public_call_pages_show_no_applicant(client, call, crafts):
    application = apply(call, crafts["kilim"])
    for page in ("/calls/", f"/calls/{call.exhibition.slug}/"):
        body = client.get(page).content.decode()
        assert application.token not in body
        assert application.artisan.name_latin not in body


def test_an_archived_exhibitions_call_is_not_public(client, call):
    call.exhibition.status = PublicationStatus.ARCHIVED
    call.exhibition.save()
    assert client.get(f"/calls/{call.exhibition.slug}/").status_code == 404
    assert call.exhibition.title_en not in client.get("/calls/").content.decode()


# Queries


def test_the_calls_page_reads_the_same_queries_for_any_number_of_calls(client, django_assert_num_queries, crafts):
    for n in range(4):
        exhibition = ExhibitionFactory(start_date=FAIR_DAY, end_date=FAIR_DAY)
        call = Call.objects.create(exhibition=exhibition, opens_on=TODAY, closes_on=TODAY, places=3)
        Quota.objects.create(call=call, craft=crafts["kilim"], places=2)
        call.home_provinces.add(ProvinceFactory())
        if n == 0:
            with django_assert_num_queries(queries(reads=["open calls", "their quotas", "their provinces", "closed"])):
                client.get("/calls/")
    with django_assert_num_queries(queries(reads=["open calls", "their quotas", "their provinces", "closed"])):
        client.get("/calls/")


def test_the_status_page_reads_a_bounded_number_of_queries(client, django_assert_num_queries, call, crafts):
    application = apply(call, crafts["kilim"])
    calls.decide(application, Status.ACCEPTED)
    calls.announce(call)
    Stall.objects.create(exhibition=call.exhibition, label="A1", artisan=application.artisan)
    reads = ["application with its call and artisan", "stall", "criteria", "average per criterion"]
    with django_assert_num_queries(queries(reads=reads)):
        assert client.get(application.get_status_url()).status_code == 200


def test_the_ranking_marks_returning_exhibitors(editor, call, crafts):
    series = ExhibitionSeriesFactory()
    call.exhibition.series, call.exhibition.edition = series, 3
    call.exhibition.save()
    returning = apply(call, crafts["kilim"])
    for edition in (1, 2):
        ParticipationFactory(artisan=returning.artisan, exhibition=ExhibitionFactory(series=series, edition=edition))
    apply(call, crafts["kilim"])
    body = editor.get(url("exhibitions_call", "ranking", call.pk)).content.decode()
    assert body.count("returning: 2 editions") == 1


def test_the_provinces_of_a_call_are_picked_among_provinces_only(editor):
    province = ProvinceFactory(name_en="Ilam")
    CityFactory(name_en="Ilam city", parent=province)
    response = editor.get(
        "/admin/autocomplete/",
        {"app_label": "exhibitions", "model_name": "call", "field_name": "home_provinces", "term": "Ilam"},
    )
    assert [result["id"] for result in response.json()["results"]] == [str(province.pk)]


def test_a_jurors_pages_are_in_their_language(juror_client, call, crafts):
    StaffPreferences.objects.create(user=juror_client.juror, admin_language="fa")
    Call.objects.filter(pk=call.pk).update(blind_jury=True)
    application = apply(call, crafts["kilim"])
    juror_client.force_login(juror_client.juror)  # the language is read at login
    listing = juror_client.get(url("exhibitions_application", "changelist")).content.decode()
    scoring = juror_client.get(url("exhibitions_application", "score", application.pk)).content.decode()
    with translation.override("fa"):
        for text in ("Score…", "your scores", "(blind jury)"):
            assert gettext(text) != text
            assert gettext(text) in listing
        for text in ("Save and score the next", "pieces proposed", "criterion"):
            assert gettext(text) in scoring
    for text in ("Score…", "your scores", "(blind jury)", "Save and score the next"):
        assert text not in listing + scoring


@pytest.mark.parametrize("applications", [2, 12])
def test_the_ranking_page_reads_the_same_queries_for_any_number_of_applications(
    editor, django_assert_num_queries, call, crafts, django_user_model, applications
):
    juror = member(django_user_model, JUROR, "juror")
    criteria = list(call.criteria.all())
    for n in range(applications):
        application = apply(call, crafts["kilim" if n % 2 else "pottery"])
        for criterion in criteria:
            Score.objects.create(application=application, juror=juror, criterion=criterion, value=1 + n % 5)
        if n < 2:
            calls.decide(application, Status.ACCEPTED)
    reads = [
        "the call",
        "the user's permissions",
        "their groups' permissions",
        "its applications, with their artisans and crafts",
        "the average per application and criterion",
        "the jurors per application",
        "its quotas",
        "its acceptances",
        "its criteria",
    ]
    with django_assert_num_queries(queries(login=True, reads=reads)):
        assert editor.get(url("exhibitions_call", "ranking", call.pk)).status_code == 200


# Hostile input


def test_the_fair_pages_answer_a_made_up_address_or_form_with_404_or_a_message(editor, call, crafts):
    application = apply(call, crafts["kilim"])
    for page in ("score", "receipt"):
        for wrong in ("abc", "0", "99999", "1%00"):
            assert editor.get(f"/admin/exhibitions/application/{wrong}/{page}/").status_code in {403, 404}
    ranking = url("exhibitions_call", "ranking", call.pk)
    for data in (
        {"application": "abc", "decision": "accepted"},
        {"application": application.pk, "decision": "crowned"},
        {"decision": "accepted"},
        {"application": "99999", "decision": "accepted"},
    ):
        assert editor.post(ranking, data).status_code in {302, 404}
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert editor.get(url("exhibitions_call", "ranking", "abc")).status_code in {302, 404}


@pytest.mark.parametrize("token", ["%00", "a%00b", "x" * 65, "..%2F..", "%E2%80%8F"])
def test_a_strange_status_address_is_a_404(client, call, token):
    assert client.get(f"/applications/{token}/").status_code == 404


def test_the_ranking_shows_the_first_of_each_craft_and_every_decided_one(editor, call, crafts, monkeypatch):
    monkeypatch.setattr(call_admin, "RANKING_ROWS", 2)
    applications = [apply(call, crafts["kilim"]) for _ in range(4)]
    calls.decide(applications[3], Status.WAITLISTED)
    page = url("exhibitions_call", "ranking", call.pk)
    shown = editor.get(page).context["groups"]
    kilim = next(rows for quota, _taken, rows, _total in shown if quota and quota.craft == crafts["kilim"])
    assert [(rank, ranked.application) for rank, ranked, _averages in kilim] == [
        (1, applications[0]),
        (2, applications[1]),
        (4, applications[3]),
    ]
    every = editor.get(page + "?all").context["groups"]
    kilim = next(rows for quota, _taken, rows, _total in every if quota and quota.craft == crafts["kilim"])
    assert len(kilim) == 4
