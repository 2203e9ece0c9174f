"""The bundled CSV files agree with pycountry and hold one urban and one rural commune per province."""

import csv
import re
from collections import defaultdict

import pycountry

from guichet.territory.services import COMMUNES_DEMO_CSV, SUBDIVISIONS_CSV, official_parent

ARABIC = re.compile("[\u0621-\u064a]")
# Prefectures and provinces that are wholly urban, so the demo lists two urban communes for them.
NO_RURAL_COMMUNE = {"MA-CAS", "MA-MDF", "MA-MED", "MA-NOU", "MA-RAB", "MA-SAL"}


def read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_subdivisions_are_exactly_those_of_pycountry():
    rows = {row["code"]: row for row in read(SUBDIVISIONS_CSV)}
    expected = {s.code: s for s in pycountry.subdivisions.get(country_code="MA")}
    assert rows.keys() == expected.keys()
    for code, subdivision in expected.items():
        assert rows[code]["parent_code"] == official_parent(subdivision), code
        assert rows[code]["kind"] == subdivision.type.lower(), code
    kinds = [row["kind"] for row in rows.values()]
    assert kinds.count("region") == 12
    assert kinds.count("province") + kinds.count("prefecture") == 75


def test_subdivision_names_are_bare_names_in_both_languages():
    for row in read(SUBDIVISIONS_CSV):
        assert row["name_fr"] and "(" not in row["name_fr"], row
        assert ARABIC.search(row["name_ar"]) and not re.search("[A-Za-z]", row["name_ar"]), row
        assert not row["name_ar"].startswith(("جهة", "إقليم", "عمالة")), row


def test_demo_communes_cover_every_province_with_a_chef_lieu_and_a_rural_commune():
    provinces = {row["code"] for row in read(SUBDIVISIONS_CSV) if row["kind"] != "region"}
    rows = read(COMMUNES_DEMO_CSV)
    kinds = defaultdict(list)
    for row in rows:
        assert row["province_code"] in provinces, row
        assert row["code"].startswith(row["province_code"] + "-"), row
        assert row["kind"] in {"urban", "rural"}, row
        assert row["name_fr"] and ARABIC.search(row["name_ar"]), row
        kinds[row["province_code"]].append(row["kind"])
    assert len({row["code"] for row in rows}) == len(rows)
    assert kinds.keys() == provinces
    assert all(len(found) >= 2 for found in kinds.values())
    # Fahs-Anjra has no urban commune at all: its demo rows are two rural communes.
    assert {code for code, found in kinds.items() if "urban" not in found} == {"MA-FAH"}
    assert {code for code, found in kinds.items() if "rural" not in found} == NO_RURAL_COMMUNE
