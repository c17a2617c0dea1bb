"""Reminders of tomorrow's meetings (filled in below)."""


def send_reminders(*, now=None) -> int:
    return 0
