"""A job's outcome reaches the window with the runner no longer busy.

The worker thread signals the outcome and then, separately, that it finished; the window acts on the outcome (a
wizard shows its next page, a dialog re-enables its buttons). Were the runner still busy then, an officer's next
step in the new window (closing it, starting the next job) could be silently ignored.
"""

from __future__ import annotations

from caseapp.ui.jobs import Cancelled, JobRunner


def test_the_success_callback_sees_the_runner_idle(qtbot):
    runner, seen = JobRunner(), []
    runner.start(lambda: 42, on_success=lambda r: seen.append(("ok", r, runner.busy)))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [("ok", 42, False)]
    runner.wait(5000)


def test_a_failure_and_a_cancel_also_leave_the_runner_idle_before_the_callback(qtbot):
    runner, seen = JobRunner(), []

    def fails():
        raise ValueError("tidak")

    def cancelled():
        raise Cancelled()

    runner.start(fails, on_error=lambda e: seen.append(("error", type(e).__name__, runner.busy)))
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    runner.start(cancelled, on_cancelled=lambda: seen.append(("cancelled", runner.busy)))
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert seen == [("error", "ValueError", False), ("cancelled", False)]
    runner.wait(5000)


def test_a_job_started_from_the_callback_keeps_the_runner_busy(qtbot):
    runner, seen = JobRunner(), []
    runner.start(lambda: 1, on_success=lambda r: runner.start(lambda: 2, on_success=lambda r2: seen.append(r2)))
    qtbot.waitUntil(lambda: runner.busy or bool(seen), timeout=5000)
    qtbot.waitUntil(lambda: seen == [2] and not runner.busy, timeout=5000)
    runner.wait(5000)
