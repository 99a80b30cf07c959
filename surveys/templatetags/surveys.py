"""``{% rating_offer ticket as offer %}``: the rating links of a solved ticket, for the
requester's page and the solved e-mail (``absolute=True``). ``None`` when there is none."""

from django import template

from surveys.links import offer_for

register = template.Library()


@register.simple_tag
def rating_offer(ticket, absolute=False):
    return offer_for(ticket, absolute=bool(absolute))
