"""``people.selectors.unit_level`` on rows it should never get, but may (a corrupted unit tree)."""

import signal

from people.selectors import unit_level


def _row(unit_id, parent, total=1):
    return {"org_unit": unit_id, "name": f"Eenheid {unit_id}", "parent": parent, "total": total}


def test_a_unit_that_is_its_own_ancestor_ends_the_path_instead_of_hanging():
    """Two units each other's parent (bad data the rules keep out): the path above stops where it
    comes round again, as ``roll_up`` and ``org_unit_ancestors`` stop, and the dashboard still answers."""
    rows = [_row(1, 2), _row(2, 1), _row(3, 1)]

    def hung(*_):
        raise TimeoutError("unit_level kept climbing")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(2)
    try:
        level = unit_level(rows, focus=1)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert level["focus"]["org_unit"] == 1
    assert [row["org_unit"] for row in level["path"]] == [2]
    assert sorted(row["org_unit"] for row in level["rows"]) == [2, 3]
