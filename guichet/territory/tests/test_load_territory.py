"""load_territory: the 12 regions and 75 provinces, parented as in pycountry, named in French and Arabic."""

import re
from io import StringIO

import pycountry
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from guichet.territory.models import Province, Region
from guichet.territory.services import SUBDIVISIONS_CSV, official_parent

pytestmark = pytest.mark.django_db
ARABIC = re.compile("[\u0621-\u064a]")


def load(*args):
    out = StringIO()
    call_command("load_territory", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_creates_the_regions_and_provinces_of_pycountry():
    assert "87 created, 0 updated, 0 unchanged" in load()

    assert Region.objects.count() == 12
    assert Province.objects.count() == 75
    provinces = {p.code: p for p in Province.objects.select_related("region")}
    for subdivision in pycountry.subdivisions.get(country_code="MA"):
        if subdivision.type == "Region":
            continue
        province = provinces[subdivision.code]
        assert province.region.code == official_parent(subdivision)
        assert province.kind == subdivision.type.lower()


def test_provinces_pycountry_misplaces_are_in_their_real_region():
    load()
    assert Province.objects.get(code="MA-NOU").region.code == "MA-06"  # Nouaceur: Casablanca-Settat
    assert Province.objects.get(code="MA-CHT").region.code == "MA-09"  # Chtouka-Aït Baha: Souss-Massa


def test_every_name_is_filled_in_both_languages():
    load()
    for place in [*Region.objects.all(), *Province.objects.all()]:
        assert place.name_fr and "(" not in place.name_fr
        assert ARABIC.search(place.name_ar), place.code
    casablanca_settat = Region.objects.get(code="MA-06")
    assert casablanca_settat.name_fr == "Casablanca-Settat"
    with translation.override("ar"):
        assert str(casablanca_settat) == "الدار البيضاء سطات"


def test_loading_again_changes_nothing_and_repairs_edited_names():
    load()
    ids = set(Province.objects.values_list("pk", flat=True))
    assert "0 created, 0 updated, 87 unchanged" in load()

    Region.objects.filter(code="MA-01").update(name_ar="خطأ")
    assert "0 created, 1 updated, 86 unchanged" in load()
    assert Region.objects.get(code="MA-01").name_ar == "طنجة تطوان الحسيمة"
    assert set(Province.objects.values_list("pk", flat=True)) == ids


def test_a_file_that_disagrees_with_pycountry_writes_nothing(tmp_path):
    lines = SUBDIVISIONS_CSV.read_text(encoding="utf-8").splitlines()
    casablanca = next(i for i, line in enumerate(lines) if line.startswith("MA-CAS,"))
    lines[casablanca] = lines[casablanca].replace("MA-06", "MA-07")
    lines.append("MA-XYZ,MA-06,province,Nowhere,لا مكان")
    path = tmp_path / "subdivisions.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError, match="2 errors"):
        call_command("load_territory", "--file", str(path), stdout=StringIO(), stderr=err)

    assert f"Line {casablanca + 1}: the parent of “MA-CAS” is “MA-06” in pycountry, not “MA-07”." in err.getvalue()
    assert f"Line {len(lines)}: “MA-XYZ” is not a subdivision of Morocco" in err.getvalue()
    assert not Region.objects.exists()
