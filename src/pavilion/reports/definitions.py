"""How each figure of the report is counted, in one sentence the page prints under it.

The long definitions are in docs/kpis.md; these short ones make the headline
cards and the funnel read without contradiction: the cards count events
(at the show, or ever), the funnel counts live deals by how far they have got
so far, and lost deals are counted apart.
"""

from django.utils.translation import gettext_lazy as _

FIGURE_DEFINITIONS = {
    "companies": _("Participations of the edition with status confirmed."),
    "visitors": _(
        "Distinct badges scanned at the pavilion, each once, plus hand tallies of "
        "visitors nobody scanned."
    ),
    "consultations": _(
        "Every consultation logged for the edition, lost ones included; the amount is "
        "the sum of the estimated amounts."
    ),
    "pursued": _(
        "Consultations whose stage is now negotiating, MoU or contract (on-site "
        "contracts included, lost deals not)."
    ),
    "onsite_contract": _("Contracts signed between the first and the last day of the show."),
    "mou": _(
        "Consultations with an MoU date, whatever happened next (a later contract or loss "
        "included)."
    ),
    "after_show_contract": _(
        "Contracts signed after the last day of the show, with the realised amount."
    ),
    "award_companies": _("Confirmed companies with at least one innovation award."),
    "satisfaction": _("Mean overall satisfaction (1–5) of the post-show survey."),
    "lost": _("Consultations at stage lost, counted apart from the funnel."),
    "investment_talks": _("Consultations of kind investment or M&A."),
    "invested": _("Consultations cited by a fund's investment; the amount is those investments'."),
}

# The funnel's steps say themselves that they count live deals by how far
# they have got so far (at the show or after it); lost deals stand apart.
FUNNEL_LABELS = {
    "consulted": _("Live deals (all but lost)"),
    "follow_up": _("Reached follow-up so far"),
    "negotiating": _("Reached negotiation so far"),
    "mou": _("Reached MoU or contract so far"),
    "contract": _("Contract signed so far (at or after the show)"),
    "lost": _("Lost (apart)"),
}

FUNNEL_DEFINITIONS = {
    "consulted": _("Every consultation not lost, whatever its stage now."),
    "follow_up": _("Live deals now at follow-up or any later stage."),
    "negotiating": _("Live deals now negotiating, at MoU or with a contract."),
    "mou": _(
        "Live deals now at MoU or contract; differs from the MoUs figure, which also "
        "counts MoUs of deals lost later and not contracts without an MoU."
    ),
    "contract": _(
        "Live deals with a contract, on-site and after the show together "
        "(on-site contracts + follow-up results)."
    ),
    "lost": _("Deals given up; not part of the funnel."),
}
