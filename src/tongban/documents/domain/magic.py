"""Leading bytes and names that mark programs and scripts, wherever they turn up (an
upload itself or an entry inside a package)."""

EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE
    b"\x7fELF",  # Linux
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",  # Mach-O
    b"\xca\xfe\xba\xbe",  # Java class / universal binary
    b"#!",  # script with an interpreter line
)
# Extensions that a desktop runs, or hands to an interpreter, when the file is opened.
EXECUTABLE_EXTENSIONS = frozenset(
    {
        "apk", "app", "bat", "bash", "class", "cmd", "com", "cpl", "dll", "dylib",
        "elf", "exe", "hta", "jar", "js", "jse", "lnk", "msi", "php", "pl", "ps1",
        "py", "rb", "scr", "sh", "so", "vbe", "vbs", "wsf", "wsh",
    }
)  # fmt: skip


def is_executable(data: bytes) -> bool:
    return data.startswith(EXECUTABLE_MAGIC)


def has_executable_name(name: str) -> bool:
    _stem, dot, extension = name.rpartition(".")
    return bool(dot) and extension.lower() in EXECUTABLE_EXTENSIONS
