"""The state of a meeting request between the viewer and the page's company or partner."""

from django import template

from pavilion.meetings import queries

register = template.Library()


@register.simple_tag
def request_seen(user, edition, *, company=None, partner=None):
    """The viewer's own request with ``company`` (a partner's) or ``partner`` (an
    exhibitor's) at ``edition``, as the viewer reads it; None if there is none."""
    if edition is None:
        return None
    if user.is_partner_contact and company is not None:
        req = queries.request_between(edition, company=company, partner=user.partner)
    elif user.is_exhibitor and partner is not None:
        req = queries.request_between(edition, company=user.company, partner=partner)
    else:
        return None
    return queries.seen_by(user, req) if req is not None else None
