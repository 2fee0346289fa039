"""What changed between the version a member acknowledged and the one published now."""

import difflib

from django.utils.html import escape
from django.utils.safestring import mark_safe


def _words_diff(old, new):
    """One changed line, with removed words in <del> and added words in <ins>."""
    old_words, new_words = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(old_words[a1:a2])))
            continue
        if op in ("replace", "delete"):
            parts.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if op in ("replace", "insert"):
            parts.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    return " ".join(parts)


def text_changes(old_text, new_text):
    """The changed lines only, each as (kind, html): kind is "added", "removed" or "changed"."""
    old_lines, new_lines = old_text.splitlines(), new_text.splitlines()
    changes = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        old_part, new_part = old_lines[a1:a2], new_lines[b1:b2]
        if op == "replace" and len(old_part) == len(new_part):
            for old, new in zip(old_part, new_part, strict=True):
                changes.append(("changed", mark_safe(_words_diff(old, new))))
            continue
        for line in old_part:
            changes.append(("removed", mark_safe(f"<del>{escape(line)}</del>")))
        for line in new_part:
            changes.append(("added", mark_safe(f"<ins>{escape(line)}</ins>")))
    return changes


def section_changes(old_sections, new_sections):
    """The sections that differ between two versions' `text_sections()`, in the new order
    (removed sections last): [(heading, kind, changes)], kind "changed", "added" or "removed",
    changes as `text_changes` gives them."""
    old = dict(old_sections)
    new_headings = {heading for heading, _lines in new_sections}
    result = []
    for heading, lines in new_sections:
        if heading not in old:
            result.append((heading, "added", text_changes("", "\n".join(lines))))
        elif old[heading] != lines:
            result.append(
                (heading, "changed", text_changes("\n".join(old[heading]), "\n".join(lines)))
            )
    for heading, lines in old_sections:
        if heading not in new_headings:
            result.append((heading, "removed", text_changes("\n".join(lines), "")))
    return result
