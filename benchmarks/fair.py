"""A fair's call at the registry's scale (``exhibitions.calls``): 2,000 applications (fewer on a
registry with fewer artisans) in six crafts, each scored by three jurors on three criteria; the
ranking page a clerk decides on, first view and warm, and the decisions themselves, each in the
transaction that locks the call and counts its places. All in a transaction rolled back, so the
database stays as it was."""

import random
import statistics
import time

from benchmarks.environment import db_name, run_worker, scale_env

APPLICATIONS = 2000
JURORS = 3
CRITERIA = ("quality", "authenticity", "market fit")
PLACES = {0: 4, 1: 3, 2: 2, 3: 2, 4: 2, 5: 2}
VIEWS = 5


def measure_fair(backend: str, scales: dict, args) -> dict:
    results = {}
    for scale in scales:
        env = scale_env(backend, db_name(scale, args.quick))
        results[scale] = row = run_worker("fair", env)
        print(
            f"[{scale}] fair: {row['applications']:,} applications, {row['scores']:,} scores; the ranking page "
            f"first {row['ranking_first_ms']:.0f} ms, warm p50 {row['ranking_p50_ms']:.0f} ms "
            f"({row['ranking_kb']:.0f} KB, {row['ranking_queries']} queries); a decision p50 "
            f"{row['decision_p50_ms']:.1f} ms, max {row['decision_max_ms']:.1f} ms "
            f"({row['accepted']} accepted, {row['refused']} refused by the quotas)",
            flush=True,
        )
    return results


def worker_fair() -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from crafts.models import CraftCategory
    from exhibitions import calls
    from exhibitions.models import Application, Call, Criterion, Exhibition, Quota, Score
    from registry.models import Artisan

    rng = random.Random(1)
    today = timezone.localdate()
    result = {}
    with transaction.atomic():
        exhibition = Exhibition.objects.filter(call__isnull=True).order_by("-pk").first()
        crafts = list(CraftCategory.objects.order_by("tree_path")[: len(PLACES)])
        call = Call.objects.create(exhibition=exhibition, opens_on=today, closes_on=today, places=sum(PLACES.values()))
        for index, craft in enumerate(crafts):
            Quota.objects.create(call=call, craft=craft, places=PLACES[index])
        criteria = [Criterion.objects.create(call=call, name_en=name, position=n) for n, name in enumerate(CRITERIA)]
        users = get_user_model().objects
        jurors = [users.create_user(f"bench-juror-{n}") for n in range(JURORS)]
        artisans = list(Artisan.objects.order_by("pk").values_list("pk", flat=True)[:APPLICATIONS])
        applications = Application.objects.bulk_create(
            Application(
                call=call, artisan_id=artisan, craft=rng.choice(crafts), pieces="Kilims", token=f"bench-{artisan}"
            )
            for artisan in artisans
        )
        Score.objects.bulk_create(
            Score(application=application, juror=juror, criterion=criterion, value=rng.randint(1, 5))
            for application in applications
            for juror in jurors
            for criterion in criteria
        )
        clerk = users.create_superuser("bench-clerk", password=None)
        client = Client()
        client.force_login(clerk)
        page = reverse("admin:exhibitions_call_ranking", args=[call.pk])
        statements = []

        def counted(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(counted):
            response = client.get(page)
        first = time.perf_counter() - started
        timings = []
        for _view in range(VIEWS):
            started = time.perf_counter()
            client.get(page)
            timings.append(time.perf_counter() - started)
        # Each craft's best, one more than its places: the last is refused by the quota.
        ranked = [
            ranked.application for quota, group in calls.ranking(call).items() for ranked in group[: quota.places + 1]
        ]
        decisions, accepted, refused = [], 0, 0
        for application in ranked:
            started = time.perf_counter()
            try:
                calls.decide(application, Application.Status.ACCEPTED, by=clerk)
                accepted += 1
            except calls.DecisionRefused:
                refused += 1
            decisions.append(time.perf_counter() - started)
        result = {
            "applications": len(applications),
            "scores": len(applications) * JURORS * len(criteria),
            "ranking_first_ms": first * 1000,
            "ranking_p50_ms": statistics.median(timings) * 1000,
            "ranking_kb": len(response.content) / 1024,
            "ranking_queries": len(statements),
            "decision_p50_ms": statistics.median(decisions) * 1000,
            "decision_max_ms": max(decisions) * 1000,
            "accepted": accepted,
            "refused": refused,
        }
        transaction.set_rollback(True)
    return result
