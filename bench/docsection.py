"""Rewrites one benchmark's marked section of docs/benchmarks.md (shared by the bench scripts)."""
import pathlib

DOC = pathlib.Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def rewrite(mark_start, mark_end, section):
    """Replaces the text from `mark_start` to `mark_end` with `section` (which carries both marks).

    Stops the script, naming the marker, when the page has no such section.
    """
    text = DOC.read_text()
    if mark_start not in text:
        raise SystemExit(f"docs/benchmarks.md has no {mark_start} section to rewrite")
    start, end = text.index(mark_start), text.index(mark_end) + len(mark_end)
    DOC.write_text(text[:start] + section + text[end:])
