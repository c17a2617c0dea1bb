"""Two neighbourhoods solved side by side: their results always fit together, and the
schedule does not depend on which of the two HiGHS finishes first."""

import random
import time

from bench.scheduling.generator import generate
from pavilion.scheduling import lns
from pavilion.scheduling import solver as solver_module
from pavilion.scheduling.bound import upper_bound
from pavilion.scheduling.index import Indexed
from pavilion.scheduling.search import Search
from pavilion.scheduling.solver import solve
from pavilion.scheduling.state import State
from pavilion.scheduling.validate import violations


def _search(problem, seed=1):
    state = State(Indexed.of(problem))
    for m in range(len(problem.meetings)):
        mask = state.candidates(m)
        if mask:
            state.place(m, (mask & -mask).bit_length() - 1)
    state.journal.clear()
    search = Search(state, bound=None, seed=seed, fairness=True, hints={})
    search.budget = 1500.0  # large: two neighbourhoods drawn at random overlap
    return search


def _fits(state, model, result) -> bool:
    """Whether the result can be placed in the state as it is now."""
    if any(state.placed.get(m, (None,))[0] != slot for m, slot in model.current.items()):
        return False  # moved by the first result
    mark = state.mark()
    try:
        for m in model.current:
            state.remove(m)
        for m, slot in sorted(result.found.items()):
            if not state.candidates(m) >> slot & 1:
                return False
            state.place(m, slot)
        return True
    finally:
        state.rollback(mark)


def _pairs(search, rounds, *, apart: bool):
    """Build two models from one schedule (the second apart from the first, or not), solve
    both, apply the first; yield whether the second's result still fits."""
    state = search.state
    for _ in range(rounds):
        first = lns.build_mip(state, search.neighbourhood(), counted=search.counted)
        if apart:
            second = lns.build_mip(
                state,
                search.neighbourhood(first.people),
                counted=search.counted,
                claimed=first.claimed,
            )
        else:
            second = lns.build_mip(state, search.neighbourhood(), counted=search.counted)
        one, two = lns.run_mip(first, seconds=30), lns.run_mip(second, seconds=30)
        lns.apply(state, first, one, counted=search.counted)
        if two.found is not None:
            yield _fits(state, second, two)
        lns.apply(state, second, two, counted=search.counted)


def test_a_model_built_apart_from_the_one_being_solved_always_fits_after_it():
    # Few tables (the bottleneck) and popular partners: the two results compete for both.
    problem = generate("small", seed=3, family="popular")
    search = _search(problem)
    fits = list(_pairs(search, 60, apart=True))
    assert len(fits) >= 15
    assert all(fits)
    state = search.state
    assert violations(problem, solver_module._solution(problem, state.idx, state, 0.0)) == []


def test_control_two_models_built_without_keeping_apart_clash():
    problem = generate("small", seed=3, family="popular")
    fits = list(_pairs(_search(problem), 40, apart=False))
    assert not all(fits)


def test_the_schedule_is_the_same_whichever_neighbourhood_highs_finishes_first(monkeypatch):
    monkeypatch.setattr(solver_module.Search, "EXACT_VARIABLES", 0)
    monkeypatch.setattr(solver_module.Search, "SIDE_BY_SIDE_VARIABLES", 0)  # two in flight
    problem = generate("small", seed=2, family="fragmented")  # not at the bound in 12
    bound = upper_bound(problem)
    steady = solve(problem, time_limit=60, bound=bound, iterations=12, seed=5)
    run_mip, jitter = lns.run_mip, random.Random(7)

    def late(model, **kwargs):
        time.sleep(jitter.random() * 0.05)  # either of the two in flight may finish first
        return run_mip(model, **kwargs)

    monkeypatch.setattr(lns, "run_mip", late)
    jittered = solve(problem, time_limit=60, bound=bound, iterations=12, seed=5)
    assert jittered.stats["neighbourhoods"] == steady.stats["neighbourhoods"] == 12
    assert jittered.assignments == steady.assignments
