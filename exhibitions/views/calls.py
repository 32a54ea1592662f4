"""The public pages of calls for participation, and an applicant's own page, reached by the private
link on their receipt."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from registry.models import Place
from registry.querysets import select_lineage

from ..calls import applicant_scores, fair_day
from ..models import Application, Call, Quota, Stall

QUOTAS = Prefetch("quotas", queryset=Quota.objects.select_related("craft"), to_attr="quota_list")
PROVINCES = Prefetch("home_provinces", queryset=Place.objects.order_by("name_en"), to_attr="province_list")


def public_calls():
    return (
        Call.objects.public().select_related(select_lineage("exhibition__place")).prefetch_related(QUOTAS, PROVINCES)
    )


class CallListView(ListView):
    """Calls open today, then those about to open; the last ten that closed below them."""

    template_name = "exhibitions/call_list.html"
    context_object_name = "open_calls"

    def get_queryset(self):
        return public_calls().filter(closes_on__gte=timezone.localdate()).order_by("closes_on", "pk")

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        closed = public_calls().filter(closes_on__lt=today).order_by("-closes_on", "pk")[:10]
        return super().get_context_data(**kwargs, today=today, closed_calls=closed)


class CallDetailView(DetailView):
    template_name = "exhibitions/call_detail.html"
    context_object_name = "call"

    def get_object(self, queryset=None):
        return get_object_or_404(public_calls(), exhibition__slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        call = self.object
        return super().get_context_data(
            **kwargs,
            is_open=call.is_open(),
            fair_day=fair_day(call),
            exhibition_public=call.exhibition.status == "published",
        )


@method_decorator(never_cache, name="dispatch")
class ApplicationStatusView(DetailView):
    """One applicant's result, its reason and their scores, for whoever holds the link: the address
    is the secret, so the page is never cached, indexed or sent on as a referrer."""

    template_name = "exhibitions/application_status.html"
    context_object_name = "application"

    def get_object(self, queryset=None):
        token = self.kwargs["token"]
        if len(token) > 64 or "\0" in token:  # PostgreSQL cannot compare text with a NUL
            raise Http404
        return get_object_or_404(
            Application.objects.select_related("call__exhibition", "artisan", "craft"), token=token
        )

    def get_context_data(self, **kwargs):
        application = self.object
        announced = application.call.decided_at is not None
        stall = None
        if announced and application.status == Application.Status.ACCEPTED:
            stall = Stall.objects.filter(exhibition=application.call.exhibition, artisan=application.artisan).first()
        return super().get_context_data(
            **kwargs,
            announced=announced,
            received=timezone.localdate(application.created_at),
            scores=applicant_scores(application),
            stall=stall,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
