"""The language of a requester's pages about one ticket: the one its requester opened it in
(``Ticket.requester_language``, what their e-mails are written in), unless this visitor chose
one (the language cookie ``set_language`` writes). So a link from an English e-mail opens an
English page on any device."""

from django.conf import settings
from django.utils import translation


def use_ticket_language(request, ticket) -> None:
    language = ticket.requester_language
    if not language or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language
