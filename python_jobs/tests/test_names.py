"""player_lookup: the examples here are the contract the dbt macro must also satisfy."""

from __future__ import annotations

import pytest

from python_jobs.names import player_lookup, strip_bdb_prefix

CASES = [
    ("LeBron James", "lebronjames"),
    ("LeBron James Jr.", "lebronjamesjr"),
    ("LeBron James Jr", "lebronjamesjr"),
    ("Jaren Jackson, Jr.", "jarenjacksonjr"),
    ("Jaren Jackson,Jr", "jarenjacksonjr"),
    ("Gary Payton Junior", "garypaytonjr"),
    ("Gary Payton II", "garypaytonii"),
    ("Tim Hardaway Sr.", "timhardawaysr"),
    ("Tim Hardaway senior", "timhardawaysr"),
    ("Marcus Morris Sr", "marcusmorrissr"),
    ("Dāvis Bertāns", "davisbertans"),
    ("Nikola Jokić", "nikolajokic"),
    ("Luka Dončić", "lukadoncic"),
    ("Jonas Valančiūnas", "jonasvalanciunas"),
    ("Alperen Şengün", "alperensengun"),
    ("Furkan Korkmaz", "furkankorkmaz"),
    ("Ömer Yurtseven", "omeryurtseven"),
    ("Cedi Osman", "cediosman"),
    ("Kıvanç Yıldız", "kivancyildiz"),  # Turkish dotless ı
    ("İsmail Çelik", "ismailcelik"),  # Turkish dotted capital İ
    ("De'Aaron Fox", "deaaronfox"),
    ("Shai Gilgeous-Alexander", "shaigilgeousalexander"),
    ("Karl-Anthony Towns", "karlanthonytowns"),
    ("P.J. Washington", "pjwashington"),
    ("O.G. Anunoby", "oganunoby"),
    ("Ｌｅｂｒｏｎ　Ｊａｍｅｓ", "lebronjames"),  # NFKC full-width letters and space
    ("  Trae   Young ", "traeyoung"),
    ("JUNIOR Bridgeman", "juniorbridgeman"),  # 'junior' only counts as a trailing suffix
    ("Jrue Holiday", "jrueholiday"),
]


@pytest.mark.parametrize(("name", "expected"), CASES)
def test_player_lookup(name: str, expected: str) -> None:
    assert player_lookup(name) == expected


def test_lookup_is_idempotent() -> None:
    for name, expected in CASES:
        assert player_lookup(expected) == expected, name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1630552jalenjohnson", "jalenjohnson"), ("jalenjohnson", "jalenjohnson"), ("203999nikolajokic", "nikolajokic")],
)
def test_strip_bdb_prefix(raw: str, expected: str) -> None:
    assert strip_bdb_prefix(raw) == expected
