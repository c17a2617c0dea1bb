"""Country lists read in the reader's alphabet: 가나, 가봉… in Korean, not Korean
names in the order of their English ones (Afghanistan, Albania…)."""

from django.utils import translation

from pavilion.partners.models import Partner


def _names(language: str) -> list[str]:
    with translation.override(language):
        field = Partner._meta.get_field("country").formfield()
        return [str(label) for value, label in field.choices if value]


def test_countries_are_in_korean_order_for_a_korean_reader():
    names = _names("ko")
    hangul = [n for n in names if "가" <= n[0] <= "힣"]
    assert len(hangul) > 200
    assert hangul == sorted(hangul)  # Hangul syllables' code points follow 가나다 order
    assert names[0].startswith("가")


def test_countries_are_in_english_order_for_an_english_reader():
    names = _names("en")
    assert names[0] == "Afghanistan" and names.index("Kenya") < names.index("Kuwait")
