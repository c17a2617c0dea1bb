"""The periodic jobs: `pavilion remind` runs them once; the worker's ticker queues them."""

from pavilion import cli
from pavilion.notifications import periodic, ticker


def test_pavilion_remind_runs_every_job_once(db, capsys):
    assert "meeting_reminders" in periodic.JOBS
    assert cli.main(["remind"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["meeting_reminders: 0", "retries: 0"]


def test_a_failing_job_does_not_stop_the_others(db, monkeypatch):
    def broken(now=None):
        raise RuntimeError("boom")

    monkeypatch.setitem(periodic.JOBS, "broken", broken)
    done = periodic.run_all()
    assert done["broken"] == -1 and done["retries"] == 0 and done["meeting_reminders"] == 0


def test_the_ticker_can_be_turned_off():
    assert ticker.start(0) is None
