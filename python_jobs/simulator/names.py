"""Fictional player names with the spellings that trip up real feeds: accents, Turkish letters,
apostrophes, hyphens and generational suffixes."""

from __future__ import annotations

import numpy as np

from python_jobs.names import player_lookup

FIRST = (
    "Jalen Marcus Tyrese Darius Devin Jaylen Malik Andre Keon Isaiah Trey Cameron Jordan Miles Aaron "
    "Brandon Caleb Derrick Elijah Grant Jamal Kendall Lonnie Myles Nico Quentin Reggie Terrance Xavier "
    "Zion Bogdan Luka Nikola Dario Goran Jusuf Mikal Kristaps Rui Yuta Shai Giannis Thanasis Evan Cole "
    "Jonah Tariq Amari Bilal Khalid Dejounte Moses Jarrett Scoot Ausar Bennedict Kobe Gradey Cason Dyson "
    "Keegan Walker Jabari Ochai Onyeka Precious Santi Tari Usman Vit Wendell Yves Zach Alperen Cedi"
).split()
FIRST_SPECIAL = ("De'Aaron", "D'Angelo", "Ja'Kobe", "Dāvis", "Kıvanç", "İsmail", "Ömer", "Théo", "Nicolás", "José")
LAST = (
    "Johnson Williams Brown Jones Miller Davis Wilson Anderson Thomas Taylor Moore Jackson Martin Lee "
    "Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker Adams "
    "Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart "
    "Morris Murphy Cook Rogers Morgan Cooper Peterson Bailey Reed Kelly Howard Cox Ward Richardson Watson "
    "Brooks Wood James Bennett Gray Hughes Price Sanders Myers Long Ross Foster Powell Jenkins Perry "
    "Russell Sullivan Bell Coleman Butler Henderson Barnes Fisher Vasquez Simmons Graham Reynolds Hayes"
).split()
LAST_SPECIAL = (
    "Jokić", "Dončić", "Bertāns", "Valančiūnas", "Şengün", "Nurkić", "Porziņģis", "Schröder", "Hernangómez",
    "Pöltl", "Yıldız", "Çelik", "O'Neale", "O'Brien", "Gilgeous-Alexander", "Towns-Bridges", "Nance-Okoro",
    "Théis", "Muñoz", "Ğazi",
)
SUFFIXES = ("Jr.", "III", "II", "Sr.")


def generate_names(rng: np.random.Generator, count: int, taken: set[str]) -> list[str]:
    """`count` display names whose lookups are new (a lookup collision would merge two players)."""
    out: list[str] = []
    while len(out) < count:
        first = rng.choice(FIRST_SPECIAL) if rng.random() < 0.05 else rng.choice(FIRST)
        last = rng.choice(LAST_SPECIAL) if rng.random() < 0.12 else rng.choice(LAST)
        name = f"{first} {last}"
        roll = rng.random()
        if roll < 0.08:
            name += " " + SUFFIXES[int(rng.integers(0, len(SUFFIXES)))]
        lookup = player_lookup(name)
        if lookup in taken:
            continue
        taken.add(lookup)
        out.append(name)
    return out
