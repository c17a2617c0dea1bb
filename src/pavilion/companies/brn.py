"""Korean business registration numbers (사업자등록번호). Pure Python.

Ten digits written ``123-45-67890``: a 3-digit tax-office code, a 2-digit
kind code, a 4-digit serial and a check digit. The check digit is computed
with the weights 1,3,7,1,3,7,1,3,5 plus the tens of (9th digit × 5).
"""

import re

_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


class InvalidBRN(ValueError):
    """``code`` says what is wrong ("digits" or "check_digit"), for a message in
    the reader's language; the English text is for logs and the command line."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def check_digit(first_nine: str) -> int:
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True))
    total += (digits[8] * 5) // 10
    return (10 - total % 10) % 10


def normalise(value) -> str:
    """Return the 10 digits of a valid number; raise InvalidBRN otherwise.

    Accepts hyphens and spaces ("123-45-67890"), and numbers that lost their
    formatting in a spreadsheet (an int).
    """
    text = re.sub(r"[\s\-]", "", str(value or ""))
    if not re.fullmatch(r"\d{10}", text):
        raise InvalidBRN("digits", "must be 10 digits, e.g. 123-45-67890")
    if check_digit(text[:9]) != int(text[9]):
        raise InvalidBRN(
            "check_digit", "check digit does not match: not a valid business registration number"
        )
    return text


def is_valid(value) -> bool:
    try:
        normalise(value)
    except InvalidBRN:
        return False
    return True


def format_brn(digits: str) -> str:
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}" if len(digits) == 10 else digits


def make_valid(first_nine: str) -> str:
    """Complete nine digits with their check digit (for demo data and tests)."""
    return first_nine + str(check_digit(first_nine))
