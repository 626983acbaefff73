"""The per-day token budget runs out and refills on a new UTC day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from broadsheet.ai import TokenBudget


def test_budget_runs_out_and_refills_on_a_new_day():
    now = [datetime(2025, 3, 1, 23, 0, tzinfo=UTC)]
    budget = TokenBudget(1000, clock=lambda: now[0])
    budget.spend(900)
    assert budget.remaining() == 100
    assert not budget.can_spend(200)
    now[0] += timedelta(hours=2)
    assert budget.can_spend(1000)
