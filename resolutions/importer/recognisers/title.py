"""The type word and the title (trích yếu) under the header."""

import re

from portal.text import fold, normalise
from resolutions.importer.recognisers.header import type_line_at
from resolutions.importer.recognisers.lines import (
    is_blank,
    is_rule,
    is_upper,
    starts_lower,
    type_from_title,
    word_count,
)
from resolutions.importer.recognisers.patterns import (
    AUTHOR,
    BODY_OPENERS,
    CAPACITY,
    CONNECTORS,
    DRAFT,
    MARKER,
    MAX_TITLE,
    NUMBERING,
    RECIPIENTS,
    SOURCE,
    TITLE_CONTINUATIONS,
    WEB_NOISE,
)

# -- the title -------------------------------------------------------------------------------


def next_text(lines, index, stop):
    while index < stop and (is_blank(lines[index])):
        index += 1
    return index


def title_lines(lines, index, stop):
    """The lines of a title (trích yếu) from `index`; returns (texts, index after)."""
    texts = []
    first_upper = None
    while index < stop and len(texts) < 6:
        text = normalise(lines[index])
        if not text:
            # A blank line ends the title unless the phrase is obviously unfinished.
            after = next_text(lines, index, stop)
            if (
                texts
                and after < stop
                and after - index <= 2
                and not is_rule(lines[index + 1] if index + 1 < stop else "")
                and word_count(lines[after]) <= 40
                and (
                    fold(texts[-1]).rsplit(" ", 1)[-1] in CONNECTORS
                    or texts[-1].endswith((",", "-"))
                    or starts_lower(normalise(lines[after]))
                    or fold(normalise(lines[after])).startswith(TITLE_CONTINUATIONS)
                )
            ):
                index = after
                continue
            break
        if is_rule(text) or text in {"*", "***"}:
            break
        folded = fold(text)
        if DRAFT.match(folded):
            index += 1
            continue
        if NUMBERING.match(text) or MARKER.match(text) or is_structural(text):
            break
        if not texts and not is_upper(text):
            opener = folded.startswith(BODY_OPENERS) and not starts_lower(text)
            if len(text) > 250 or opener and (len(text) > 150 or text.endswith((":", ","))):
                break
        if texts:
            if len(text) > 250 or folded.startswith(BODY_OPENERS) and not is_upper(text):
                break
            if is_upper(text) != first_upper and not starts_lower(text):
                about = folded.startswith(TITLE_CONTINUATIONS)
                connected = fold(texts[-1]).rsplit(" ", 1)[-1] in CONNECTORS
                if not (first_upper and (connected or about)):
                    break
        else:
            first_upper = is_upper(text)
        texts.append(text)
        index += 1
    return texts, index


def is_structural(text):
    folded = fold(text)
    return bool(
        CAPACITY.match(folded)
        and is_upper(text)
        or RECIPIENTS.match(folded)
        or AUTHOR.match(folded)
        or SOURCE.match(folded)
        or WEB_NOISE.match(folded)
    )


def join_title(texts):
    title = normalise(" ".join(texts))
    title = re.sub(r"\s*-\s*$", "", title).strip(" *")
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"
    return title


def caps_title_at(lines, index, stop):
    index = next_text(lines, index, stop)
    if index >= stop:
        return None
    text = normalise(lines[index])
    if (
        is_upper(text)
        and word_count(text) >= 2
        and not NUMBERING.match(text)
        and not is_structural(text)
    ):
        return title_lines(lines, index, stop)
    return None


def locate_title(lines, start, stop):
    """(doc_type from a type line, title texts, index where the body starts) or None."""
    index = next_text(lines, start, stop)
    if index >= stop:
        return None
    type_line = type_line_at(lines, index)
    if type_line:
        slug, used = type_line
        texts, after = title_lines(lines, next_text(lines, index + used, stop), stop)
        if not texts:
            texts, after = [normalise(lines[index])], index + used
        return slug, texts, after
    caps = caps_title_at(lines, index, stop)
    if caps:
        return None, caps[0], caps[1]
    text = normalise(lines[index])
    if type_from_title(text) and word_count(text) <= 40 and not text.endswith((".", ":")):
        texts, after = title_lines(lines, index, stop)  # "Nghị quyết về …" in small letters
        return None, texts, after
    return None


def search_title(lines, stop):
    """Without a header: the first type line, else the first title in capitals."""
    limit = min(stop, max(40, stop * 3 // 5))
    for index in range(limit):
        if type_line_at(lines, index):
            return index, locate_title(lines, index, stop)
    for index in range(limit):
        text = normalise(lines[index])
        if (
            is_upper(text)
            and 3 <= word_count(text) <= 60
            and not NUMBERING.match(text)
            and not is_structural(text)
        ):
            return index, locate_title(lines, index, stop)
    return None, None
