"""The audit hash chain finds an edited row and a removed row."""

from tongban.core.domain.hashchain import GENESIS, ChainRow, chain_hash, find_break


def _chain(payloads: list[dict]) -> list[ChainRow]:
    rows, prev = [], GENESIS
    for index, payload in enumerate(payloads, start=1):
        digest = chain_hash(prev, payload)
        rows.append(ChainRow(index, prev, digest, payload))
        prev = digest
    return rows


def test_an_intact_chain_has_no_break() -> None:
    assert find_break(_chain([{"a": 1}, {"a": 2}, {"a": 3}])) is None


def test_an_edited_row_is_named_by_its_hash() -> None:
    rows = _chain([{"a": 1}, {"a": 2}, {"a": 3}])
    rows[1] = ChainRow(2, rows[1].prev_hash, rows[1].stored_hash, {"a": 999})
    broken = find_break(rows)
    assert (broken.row_id, broken.reason) == (2, "hash")


def test_a_removed_row_breaks_the_link_of_the_next() -> None:
    rows = _chain([{"a": 1}, {"a": 2}, {"a": 3}])
    del rows[1]
    broken = find_break(rows)
    assert (broken.row_id, broken.reason) == (3, "link")


def test_key_order_does_not_change_the_hash() -> None:
    assert chain_hash(GENESIS, {"a": 1, "b": "藏"}) == chain_hash(
        GENESIS, {"b": "藏", "a": 1}
    )
