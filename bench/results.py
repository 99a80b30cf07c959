"""Shared by the benchmark scripts: keep one section of bench/RESULTS.md up to date."""

import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(section: str, text: str) -> None:
    """Replace (or append) the ``## <section>`` block of bench/RESULTS.md with ``text``."""
    current = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    block = f"## {section}\n\n{text}\n"
    pattern = re.compile(rf"## {re.escape(section)}\n.*?(?=\n## |\Z)", re.S)
    if pattern.search(current):
        current = pattern.sub(block.rstrip("\n") + "\n", current)
    else:
        current = current.rstrip("\n") + "\n\n" + block
    RESULTS.write_text(current)
