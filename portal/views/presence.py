"""``POST /portal/tickets/<id>/presence/``: the ticket page's "who else is here" poll.
Authorised by the page's signed token; no session, no user, no SQL (``presence``)."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.timezone import session_free
from portal import presence


@session_free
@csrf_exempt  # no cookie authorises it: the token in the body does
@require_POST
def presence_view(request, pk):
    data = presence.read_token(request.POST.get("token", ""), pk)
    if data is None:
        return JsonResponse({"message": "invalid or expired presence token"}, status=403)
    state = request.POST.get("state", "viewing")
    if state not in presence.STATES:
        state = "viewing"
    return JsonResponse({"others": presence.touch(pk, data, state)})
