"""Who may see and decide requests to join a company (issue #11)."""

from django.db.models import Q, QuerySet

from pavilion.accounts import permissions
from pavilion.companies.models import JoinRequest


def visible_join_requests(user) -> QuerySet[JoinRequest]:
    """Operators: their organisation's. A company member: those to join its
    company. The applicant: their own."""
    if not (user and user.is_authenticated and user.is_active):
        return JoinRequest.objects.none()
    rows = JoinRequest.objects.select_related("company", "user")
    if permissions.is_operator(user):
        return rows.filter(company__organisation_id=user.organisation_id)
    condition = Q(user=user)
    if user.is_exhibitor:
        condition |= Q(company_id=user.company_id)
    return rows.filter(condition)


def can_decide_join_request(user, join_request: JoinRequest) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if permissions.can_manage_organisation(user, join_request.company.organisation_id):
        return True
    return bool(
        user.is_exhibitor
        and user.company_id == join_request.company_id
        and user.pk != join_request.user_id
    )
