"""Player-name normalisation: the one definition of `player_lookup`.

Every source spells names its own way ("Dāvis Bertāns" / "Davis Bertans", "Jr." / "Jr" / ", Jr."),
so all joins go through this key. The dbt macro that recomputes the lookup in staging must agree
with `player_lookup` exactly (python_jobs/tests/test_names.py holds the shared examples).
"""

from __future__ import annotations

import re
import unicodedata

# Turkish dotless/dotted i do not decompose to "i" (İ casefolds to "i̇", ı stays ı), so map them first.
_TURKISH = str.maketrans({"ı": "i", "İ": "I"})
# A trailing generational suffix, optionally after a comma, with or without the period.
_SUFFIX = re.compile(r"[\s,]+(junior|senior|jr\.?|sr\.?)\s*$")
_NON_ALNUM = re.compile(r"[^a-z0-9]")
_DIGIT_PREFIX = re.compile(r"^[0-9]+")


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def player_lookup(name: str) -> str:
    """Normalise a display name to the join key: 'LeBron James Jr.' -> 'lebronjamesjr'."""
    text = unicodedata.normalize("NFKC", name).translate(_TURKISH)
    text = _strip_diacritics(text).casefold().strip()
    text = _SUFFIX.sub(lambda m: " " + m.group(1)[:1] + "r", text)
    # Letters outside a-z that survive (e.g. 'ø', 'ß' -> 'ss' via casefold) are dropped, as in production.
    return _NON_ALNUM.sub("", text)


def strip_bdb_prefix(lookup: str) -> str:
    """BigDataBall (from Oct 2024) prefixes the NBA person id: '1630552jalenjohnson' -> 'jalenjohnson'."""
    return _DIGIT_PREFIX.sub("", lookup)
