from mlverify.claims import load_registry
from mlverify.engine import verify, verify_many


def test_parallel_results_match_sequential_ones_in_order():
    targets = [t for c in list(load_registry())[:3] for t in (c, *c.wrong_variants)]
    seen = []
    parallel = verify_many(targets, seed=0, max_examples=20, jobs=2, on_result=seen.append)
    sequential = [verify(t, seed=0, max_examples=20) for t in targets]
    assert [r.id for r in parallel] == [t.id for t in targets]
    assert [r.status for r in parallel] == [r.status for r in sequential]
    assert sorted(r.id for r in seen) == sorted(t.id for t in targets)


def test_map_in_processes_keeps_the_order_of_its_items():
    from mlverify.engine import map_in_processes

    items = list(range(40))
    assert map_in_processes(lambda k: k * k, items, jobs=2) == [k * k for k in items]  # a closure: never pickled
