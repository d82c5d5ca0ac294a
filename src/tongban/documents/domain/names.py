"""Safe display names for uploads.

The stored object is named by its hash; the name the applicant gave is kept only for display
and download, stripped of any path (``../../etc/passwd``, ``C:\\x\\y.pdf``), control and
reserved characters, and given the extension of what the file really is.
"""

import re
import unicodedata

MAX_STEM = 80
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\/]')


def safe_name(original: str, *, kind: str) -> str:
    name = unicodedata.normalize("NFC", original or "")
    name = re.split(r"[\\/]", name)[-1]  # drop any directory part, Windows or POSIX
    name = _UNSAFE.sub("_", name).strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip(" ._")[:MAX_STEM] or "file"
    return f"{stem}.{kind}"
