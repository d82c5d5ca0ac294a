"""Identity numbers are masked to the division prefix and the last four characters."""

import pytest

from tongban.core.domain.masking import mask_identifier, mask_identifiers_in_text


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        (
            "540102199001010028",
            "5401**********0028",
        ),  # resident ID, the example
        ("11540100MB0T12340N", "1154**********340N"),  # credit code
        ("E1234567", "********"),  # too short to show anything safely
        ("", ""),
    ],
)
def test_mask_identifier(value: str, masked: str) -> None:
    assert mask_identifier(value) == masked


def test_numbers_inside_log_text_are_masked() -> None:
    text = "lookup 54010219900101002X failed for 13800000001"
    assert (
        mask_identifiers_in_text(text)
        == "lookup 5401**********002X failed for 13800000001"
    )
