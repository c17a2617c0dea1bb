"""Finding our companies in the show's exhibitor list by registration number and name."""

from pavilion.planning.matching import Candidate, match_exhibitor, normalise_name

OURS = [
    Candidate(1, ("대전로보틱스", "Daejeon Robotics"), "1234567891"),
    Candidate(2, ("한빛퀀텀", "Hanbit Quantum"), "2208162517"),
]


def test_legal_forms_punctuation_and_case_are_ignored():
    assert normalise_name("(주)대전로보틱스") == normalise_name("대전로보틱스 주식회사")
    assert normalise_name("DAEJEON ROBOTICS CO., LTD.") == normalise_name("Daejeon Robotics")
    assert normalise_name("Incheon Income Inc.") == "incheonincome"


def test_registration_number_matches_whatever_the_name():
    found = match_exhibitor("Totally Different Name", "123-45-67891", OURS)
    assert (found.company_id, found.state, found.reason) == (1, "matched", "brn")


def test_same_name_in_either_language_matches():
    assert match_exhibitor("Daejeon Robotics Inc.", "", OURS).state == "matched"
    assert match_exhibitor("㈜한빛퀀텀", "", OURS).company_id == 2


def test_same_name_with_another_number_needs_review():
    found = match_exhibitor("Daejeon Robotics", "999-99-99999", OURS)
    assert (found.company_id, found.state, found.reason) == (1, "uncertain", "name_brn_differs")


def test_similar_name_needs_review():
    found = match_exhibitor("Daejeon Robotic", "", OURS)
    assert (found.company_id, found.state) == (1, "uncertain")
    assert found.score < 1


def test_unrelated_name_does_not_match():
    found = match_exhibitor("Sunrise Appliances", "", OURS)
    assert (found.company_id, found.state) == (None, "none")
