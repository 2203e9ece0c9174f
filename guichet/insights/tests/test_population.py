"""Population per territory and year from CSV: every row checked, all written or none, errors in the reader's words."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from guichet.insights.models import Level, Population
from guichet.insights.services import population_load

DEMO = Path(__file__).resolve().parents[1] / "data" / "population_demo.csv"


def test_a_good_file_loads_the_nation_regions_provinces_and_communes(territory):
    result = population_load(
        source=b"territory_code,year,population\nMA,2014,33848242\nMA-06,2014,6861739\nMA-SET,2014,634184\n"
        b"C-ANFA,2024,100000\n",
        origin="RGPH 2014",
    )
    assert result.ok and result.created == 4
    assert Population.objects.get(level=Level.NATION, territory_id=0).population == 33848242
    assert Population.objects.get(level=Level.REGION, territory_id=territory["casa_settat"].pk).source == "RGPH 2014"
    assert Population.objects.get(level=Level.COMMUNE, territory_id=territory["anfa"].pk).year == 2024


def test_loading_again_replaces_the_figure(territory):
    population_load(source=b"territory_code,year,population\nMA-06,2014,1\n")
    result = population_load(source=b"territory_code,year,population\nMA-06,2014,2\n")
    assert (result.created, result.updated) == (0, 1)
    assert Population.objects.get().population == 2


def test_one_wrong_row_writes_nothing_and_every_problem_is_told(territory):
    with translation.override("fr"):
        result = population_load(
            source=b"territory_code,year,population\nMA-06,2014,6861739\nMA-77,2014,5\nMA-04,20x4,-3\nMA-06,2014,7\n"
        )
    assert not result.ok
    assert Population.objects.count() == 0
    messages = [str(problem) for problem in result.errors]
    assert messages == [
        "Ligne 3 : aucune région, province ou commune n’a le code « MA-77 ».",
        "Ligne 4 : « 20x4 » n’est pas une année entre 1900 et 2100.",
        "Ligne 4 : la population « -3 » n’est pas un nombre entier d’habitants.",
        "Ligne 5 : MA-06 en 2014 figure déjà sur une ligne précédente.",
    ]


def test_wrong_columns_are_refused(territory):
    result = population_load(source=b"code,year,inhabitants\nMA-06,2014,1\n")
    assert not result.ok and Population.objects.count() == 0


def test_the_demo_file_loads_on_the_full_territory(db):
    call_command("load_territory")
    call_command("load_population", str(DEMO))
    assert Population.objects.filter(level=Level.REGION).count() == 12
    assert Population.objects.get(level=Level.NATION).population == 33848242


def test_the_command_refuses_a_bad_file_as_a_whole(territory, tmp_path):
    bad = tmp_path / "population.csv"
    bad.write_text("territory_code,year,population\nMA-06,2014,abc\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load_population", str(bad))
    assert Population.objects.count() == 0
