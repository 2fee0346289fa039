"""How a Party document is laid out on paper (Hướng dẫn 36-HD/VPTW, 2018): the rules the page,
its print and its Word file share.

The type name ("NGHỊ QUYẾT") is printed on a line of its own, in capitals, with the trích yếu
below it in normal case ("về lãnh đạo…"). A page title usually starts with the type word
("Nghị quyết về lãnh đạo…") so that it reads well in listings; on paper that word is the type
line and is not repeated. A title that names its type further in ("CÁC GIẢI PHÁP…") is printed
once, as written. A công văn has no type line: its trích yếu ("V/v …") sits under its number.
"""

import re
from dataclasses import dataclass

from django.utils.text import slugify

from portal.text import fold, normalise

DRAFT_MARK = "DỰ THẢO"
# Words kept in capitals when a title in capitals is put in sentence case: abbreviations
# without a vowel (BCH, TH, HĐND), Roman numerals, words with digits.
_ROMAN = re.compile(r"^[IVXLC]+$")
_VOWELS = set("aeiouy")


@dataclass(frozen=True)
class Heading:
    """What is printed for the title: the type line (None when there is none) and the trích
    yếu; `beside_number`: the trích yếu of a công văn, printed under the number."""

    type_line: str | None
    excerpt: str
    beside_number: bool = False

    @property
    def printed_title(self):
        """The trích yếu as printed, which the importer reads back as the title."""
        return f"V/v {self.excerpt}" if self.beside_number else self.excerpt


def heading(doc_type, type_word, title):
    """The printed heading of a document of `doc_type` whose type name is `type_word` (empty
    for types printed without one) and whose title (as on paper) is `title`."""
    words = normalise(title).split(" ")
    words = _without(words, _DRAFT_WORDS)
    if doc_type == "cong-van":
        words = _without(_without(words, (("cong", "van"),)), _ABOUT_WORDS)
        return Heading(None, " ".join(words), beside_number=True)
    if not type_word:
        return Heading(None, " ".join(words))
    word = tuple(fold(type_word).split())
    rest = _without(words, (word,))
    if rest is not words:
        return Heading(type_word, " ".join(rest).lstrip(" :-–"))
    folded = [fold(w) for w in words]
    if any(tuple(folded[i : i + len(word)]) == word for i in range(len(folded))):
        return Heading(None, " ".join(words))  # "CÁC GIẢI PHÁP…": no separate type line
    return Heading(type_word, " ".join(words))


_DRAFT_WORDS = (("du", "thao"), ("(du", "thao)"))
_ABOUT_WORDS = (("v/v",), ("v/v:",), ("ve", "viec"), ("ve", "viec:"))


def _without(words, leads):
    """`words` without the first of `leads` (tuples of folded words) they start with; the same
    list when they start with none."""
    folded = [fold(word) for word in words]
    for lead in leads:
        if tuple(folded[: len(lead)]) == lead:
            return words[len(lead) :]
    return words


def is_all_caps(text):
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and all(c.isupper() for c in letters)


def sentence_case(text, reference=""):
    """A title in capitals as a sentence: the first letter in capitals, abbreviations kept, and
    every word that `reference` (the document's own text) writes with a capital inside a
    sentence, such as names of places and bodies ("Bạc Liêu", "Đảng bộ")."""
    capitalised = set(re.findall(r"(?<=[\w,\-–] )([^\W\d_][\w]*)", reference or ""))
    capitalised = {word for word in capitalised if word[0].isupper() and not word.isupper()}
    words = []
    for index, word in enumerate(text.split(" ")):
        letters = fold(word).strip('.,;:()-–"“”')
        keep = (
            any(ch.isdigit() for ch in word)
            or (_ROMAN.match(word.strip(".,;:()")) and index > 0)
            or (len(letters) > 1 and not (set(letters) & _VOWELS))
        )
        if keep:
            words.append(word)
            continue
        lower = word.lower()
        if index == 0 or lower.capitalize() in capitalised:
            lower = lower[:1].upper() + lower[1:]
        words.append(lower)
    return " ".join(words)


def page_title(type_word, printed, reference=""):
    """A title for listings, search and the browser tab from the title as printed: in sentence
    case if printed in capitals, with the type word in front of a bare trích yếu ("về…")."""
    if is_all_caps(printed):
        return sentence_case(printed, reference)
    if type_word and printed[:1].islower():
        return f"{type_word.capitalize()} {printed}"
    return printed


def file_stem(number, issued_on, title):
    """The Word file's name without its extension: number and date ("05-NQ-ĐU_2026-09-08"),
    the title's first words when there is no number."""
    first = number.replace("/", "-") if number else slugify(fold(title))[:40] or "van-ban"
    first = re.sub(r"[^\w\-]+", "-", first).strip("-")
    return f"{first}_{issued_on.isoformat()}" if issued_on else first
