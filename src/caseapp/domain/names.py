"""Initials: the masked form of a person's name used in lists, reports, letters and anything that leaves the office.

Titles of nobility, religion and descent are left out: in a small community "W.O.H." for "Wa Ode Hasniah" says
"a woman of Buton/Muna noble descent whose name starts with H", which narrows a child victim down to a few
families. Left out are Buton/Muna La/Wa Ode, Bugis-Makassar Andi and Daeng, Balinese caste and birth-order
markers (I Gusti, Ida Bagus, Anak Agung, Cokorda, Ni, Wayan, Made, …), Javanese Raden, Acehnese Teuku/Cut,
the pilgrimage titles Haji/Hajjah (H., Hj.), academic titles, and the particles bin/binti/van/de/al.
"""

from __future__ import annotations

# Lowercase words, compared after dots and other punctuation are stripped ("Hj." -> "hj").
TITLES_AND_PARTICLES = frozenset({
    # Buton / Muna (Sulawesi Tenggara)
    "wa", "la", "ode",
    # Bugis / Makassar / Mandar
    "andi", "daeng", "puang", "karaeng", "opu",
    # Bali / Lombok
    "i", "ni", "gusti", "ngurah", "ida", "bagus", "anak", "agung", "cokorda", "tjokorda", "dewa", "desak",
    "wayan", "made", "nyoman", "ketut", "putu", "kadek", "komang", "gede", "lalu", "baiq",
    # Java / Sunda / Aceh / Malay
    "raden", "rr", "ajeng", "mas", "teuku", "tengku", "cut", "tuan", "syarifah", "sayyid", "habib",
    # pilgrimage and religious titles
    "h", "hj", "haji", "hajjah", "hajah", "kh", "ustadz", "ustaz", "ustadzah",
    # academic and professional titles
    "dr", "drs", "dra", "ir", "prof", "st", "sh", "se", "spd", "skm", "amd",
    # particles of descent
    "bin", "binti", "van", "de", "al", "el",
})

_STRIP = ".,'\"()-`’"


def name_words(name: str) -> list[str]:
    """The words of a name, punctuation stripped, dots treated as separators ('Hj.Siti' -> 'Hj', 'Siti').

    Degrees written after a comma ("Siti Aminah, S.Pd.") are not part of the name.
    """
    words = []
    for part in (name or "").split(",")[0].replace(".", ". ").split():
        word = part.strip(_STRIP)
        if word and word[0].isalpha():
            words.append(word)
    return words


def initials(name: str) -> str:
    """'Siti Aminah' -> 'S.A.', 'Wa Ode Hasniah' -> 'H.', 'Hj. Siti Nur binti Ahmad' -> 'S.N.A.'; '' for no name.

    When a name is nothing but titles (e.g. only "La Ode" was written down), the last word still gives one
    letter, so a name never looks empty.
    """
    words = name_words(name)
    kept = [w for w in words if w.casefold() not in TITLES_AND_PARTICLES]
    if not kept and words:
        kept = words[-1:]
    return "".join(f"{w[0].upper()}." for w in kept)
