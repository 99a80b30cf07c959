"""The rating page a solved ticket's link opens (no login).

GET shows the form, the link's score preselected (mail scanners fetch links: nothing is
saved on GET); POST saves through ``tickets.services.ticket_record_rating``. A link that is
tampered with or expired reads as "not found"; one whose area stopped asking, whose
resolution is no longer current or already rated, as refused (403) with the reason.
"""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.web import use_language
from surveys.links import enabled_for, read_token
from tickets import services
from tickets.errors import NotAllowed, NotFound, ValidationFailed
from tickets.models import Ticket
from tickets.services.rating import MAX_COMMENT, current_resolution_key, rated

TEMPLATE = "surveys/rate.html"


class RatingForm(forms.Form):
    score = forms.ChoiceField(
        label=gettext_lazy("How was the help you got?"),
        choices=[("good", gettext_lazy("Good")), ("bad", gettext_lazy("Bad"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Anything you want to tell us? (optional)"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RateView(View):
    def _ticket(self, token) -> tuple[Ticket, str]:
        ticket_id, key = read_token(token)
        ticket = Ticket.objects.select_related("area").filter(pk=ticket_id).first()
        if ticket is None:
            raise NotFound()
        use_language(self.request, ticket.requester_language)
        if not enabled_for(ticket.area_id):
            raise NotAllowed(_("This area does not ask for ratings."))
        if key != current_resolution_key(ticket):
            raise NotAllowed(_("This ticket is no longer solved as it was when the link was sent."))
        if rated(ticket, key):
            raise NotAllowed(_("This resolution has already been rated. Thank you!"))
        return ticket, key

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotFound:
            return self._page({"invalid": True}, status=404)
        except NotAllowed as exc:
            return self._page({"refused": str(exc.message)}, status=403)

    def _page(self, ctx, status=200):
        return render(self.request, TEMPLATE, ctx, status=status)

    def get(self, request, token):
        ticket, _key = self._ticket(token)
        score = request.GET.get("score")
        form = RatingForm(initial={"score": score} if score in ("good", "bad") else None)
        return self._page({"ticket": ticket, "form": form})

    def post(self, request, token):
        ticket, key = self._ticket(token)
        form = RatingForm(request.POST)
        if not form.is_valid():
            return self._page({"ticket": ticket, "form": form}, status=400)
        try:
            services.ticket_record_rating(
                ticket_id=ticket.pk,
                resolution_key=key,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationFailed as exc:
            for field, msgs in exc.errors.items():
                form.add_error(field if field in form.fields else None, msgs)
            return self._page({"ticket": ticket, "form": form}, status=400)
        return self._page({"ticket": ticket, "thanks": True})
