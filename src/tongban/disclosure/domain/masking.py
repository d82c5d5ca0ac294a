"""Masking of personal data on public pages (results publicity, DOMAIN §10.1): a natural
person's name keeps its first character (张三 → 张*, 格桑 → 格*, a Tibetan name keeps its
first syllable); identity numbers are shown as ``core.domain.masking`` masks them.
Organisations' names are published in full (行政许可 results name the legal person)."""

TSHEG = "\u0f0b"  # Tibetan syllable separator


def mask_person_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    if TSHEG in name:
        return name.split(TSHEG, 1)[0] + TSHEG + "*"
    return name[0] + "*" * max(1, min(len(name) - 1, 3))
