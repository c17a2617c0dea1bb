"""Weighted scores, shared ranks for ties, and capacity-limited selection (pure Python)."""

from decimal import Decimal

import pytest

from pavilion.planning.ranking import CriterionWeight, rank, review_score, select

# Innovation counts three times as much as export readiness; both out of 5.
INNOVATION = CriterionWeight(1, Decimal(3), 5)
EXPORT = CriterionWeight(2, Decimal(1), 5)
CRITERIA = [INNOVATION, EXPORT]


def test_weights_change_the_order():
    innovative = {1: 5, 2: 1}  # (3·5/5 + 1·1/5) / 4 = 0.80
    exporter = {1: 1, 2: 5}  # (3·1/5 + 1·5/5) / 4 = 0.40
    assert review_score(CRITERIA, innovative) == Decimal("80.00")
    assert review_score(CRITERIA, exporter) == Decimal("40.00")
    flat = [CriterionWeight(1, Decimal(1), 5), CriterionWeight(2, Decimal(1), 5)]
    # With equal weights the two are tied: only the weights tell them apart.
    assert review_score(flat, innovative) == review_score(flat, exporter)
    ranked = rank(CRITERIA, {10: [exporter], 11: [innovative]})
    assert [r.application_id for r in ranked] == [11, 10]


def test_scores_are_normalised_by_each_criteria_maximum():
    criteria = [CriterionWeight(1, Decimal(1), 10), CriterionWeight(2, Decimal(1), 5)]
    assert review_score(criteria, {1: 10, 2: 0}) == Decimal("50.00")


def test_an_application_score_is_the_mean_of_its_reviews():
    ranked = rank(CRITERIA, {7: [{1: 5, 2: 5}, {1: 0, 2: 0}]})
    assert ranked[0].score == Decimal("50.00")
    assert ranked[0].reviews == 2


def test_out_of_range_score_is_refused():
    with pytest.raises(ValueError):
        review_score(CRITERIA, {1: 6, 2: 0})


def test_ties_share_a_rank_and_unreviewed_rank_last():
    ranked = rank(
        CRITERIA,
        {1: [{1: 5, 2: 5}], 2: [{1: 4, 2: 4}], 3: [{1: 4, 2: 4}], 4: [{1: 1, 2: 1}], 5: []},
    )
    assert [(r.application_id, r.rank) for r in ranked] == [
        (1, 1),
        (2, 2),
        (3, 2),
        (4, 4),
        (5, None),
    ]


def test_selection_fills_the_capacity_in_rank_order():
    ranked = rank(CRITERIA, {1: [{1: 5, 2: 5}], 2: [{1: 4, 2: 4}], 3: [{1: 1, 2: 1}]})
    result = select(ranked, 2)
    assert result.selected == [1, 2]
    assert result.not_selected == [3]
    assert result.tied == []


def test_a_tie_at_the_cut_is_left_to_the_operator():
    ranked = rank(
        CRITERIA, {1: [{1: 5, 2: 5}], 2: [{1: 4, 2: 4}], 3: [{1: 4, 2: 4}], 4: [{1: 1, 2: 1}]}
    )
    result = select(ranked, 2)
    assert result.selected == [1]
    assert sorted(result.tied) == [2, 3]
    assert result.seats_left == 1
    assert result.not_selected == [4]


def test_a_tie_inside_the_capacity_is_selected_whole():
    ranked = rank(CRITERIA, {1: [{1: 4, 2: 4}], 2: [{1: 4, 2: 4}], 3: [{1: 1, 2: 1}]})
    result = select(ranked, 2)
    assert sorted(result.selected) == [1, 2]
    assert result.tied == []


def test_unreviewed_applications_are_never_selected():
    ranked = rank(CRITERIA, {1: [{1: 1, 2: 1}], 2: []})
    assert select(ranked, 5).selected == [1]
    assert select(ranked, 5).not_selected == [2]
