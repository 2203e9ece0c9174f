"""Training and scoring on a small generated population whose duplicates are known."""

import pytest

from guichet.matching import comparisons, engine
from guichet.matching.records import prepare_record
from guichet.matching.tests.population import population

U_PAIRS = 100_000


@pytest.fixture(scope="module")
def generated():
    records, truth = population(600, 80)
    return [prepare_record(record) for record in records], truth


@pytest.fixture(scope="module")
def trained(generated):
    return engine.train(generated[0], seed=3, u_pairs=U_PAIRS)


def _parameters(settings):
    return (
        settings["probability_two_random_records_match"],
        [
            [(level.get("m_probability"), level.get("u_probability")) for level in comparison["comparison_levels"]]
            for comparison in settings["comparisons"]
        ],
    )


def test_the_same_records_and_seed_give_the_same_parameters(generated, trained):
    again = engine.train(generated[0], seed=3, u_pairs=U_PAIRS)
    assert _parameters(again) == _parameters(trained)
    exact_name = trained["comparisons"][0]["comparison_levels"][1]
    assert exact_name["m_probability"] > exact_name["u_probability"]  # really trained, not left empty


def test_the_known_duplicates_are_found_across_scripts_and_dates(generated, trained):
    result = engine.score(generated[0], trained, threshold=0.5)
    found = {(pair.record_id_l, pair.record_id_r) for pair in result.pairs}
    truth = generated[1]
    assert len(found & truth) >= 0.95 * len(truth)
    assert len(found & truth) >= 0.95 * len(found)


def test_pairs_are_above_the_threshold_best_first_and_clusters_connect_them(generated, trained):
    result = engine.score(generated[0], trained, threshold=0.9)
    probabilities = [pair.match_probability for pair in result.pairs]
    assert probabilities and min(probabilities) >= 0.9
    assert probabilities == sorted(probabilities, reverse=True)
    for pair in result.pairs:
        assert pair.record_id_l < pair.record_id_r
        assert result.clusters[pair.record_id_l] == result.clusters[pair.record_id_r]
    for record_id, cluster_id in result.clusters.items():
        assert cluster_id <= record_id
    looser = engine.score(generated[0], trained, threshold=0.5)
    assert len(looser.pairs) >= len(result.pairs)


def test_clusters_join_chains_of_pairs():
    pairs = [engine.Pair("b", "c", 0.9), engine.Pair("a", "b", 0.8), engine.Pair("x", "y", 0.7)]
    assert engine._clusters(pairs) == {"a": "a", "b": "a", "c": "a", "x": "x", "y": "x"}


SAME_WOMAN = [
    {
        "record_id": "w1",
        "given_name_latin": "Fatima Zahra",
        "family_name_latin": "El Idrissi",
        "sex": "F",
        "birth_date": "1990-04-07",
        "commune": "Rabat",
        "phone": "0661234567",
    },
    {
        "record_id": "w2",
        "given_name_latin": "FATIMA-ZAHRA",
        "family_name_latin": "IDRISSI",
        "sex": "F",
        "birth_date": "1990-07-04",
        "commune": "Salé",
        "phone": "+212661234567",
    },
    {
        "record_id": "w3",
        "given_name_arabic": "فاطمة الزهراء",
        "family_name_arabic": "الإدريسي",
        "sex": "F",
        "birth_date": "1990-04-07",
        "commune": "Rabat",
    },
    {
        "record_id": "w4",
        "given_name_latin": "Fatma Zahra",
        "family_name_latin": "Drissi",
        "sex": "F",
        "birth_date": "1990",
        "birth_date_approx": "year",
        "commune": "Rabat",
        "phone": "0661234567",
    },
]


def test_the_same_woman_in_four_centres_spellings_and_scripts_is_one_cluster(generated, trained):
    records = generated[0] + [prepare_record(record) for record in SAME_WOMAN]
    result = engine.score(records, trained, threshold=0.5)
    assert {result.clusters.get(record["record_id"]) for record in SAME_WOMAN} == {"w1"}
    assert not any(pair.record_id_l.startswith("w") != pair.record_id_r.startswith("w") for pair in result.pairs)


def test_without_any_sure_duplicate_the_model_keeps_the_expected_m_and_every_u_is_set():
    records = [prepare_record(record) for record in population(200, 0, seed=8)[0]]
    settings = engine.train(records, seed=1, u_pairs=20_000)
    assert settings["probability_two_random_records_match"] == pytest.approx(2 / (200 * 199))
    for comparison in settings["comparisons"]:
        levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
        assert [level["m_probability"] for level in levels] == comparisons.EXPECTED_M[comparison["output_column_name"]]
        assert all(0 < level["u_probability"] <= 1 for level in levels)
    result = engine.score(
        [*records, prepare_record(dict(population(200, 0, seed=8)[0][0], record_id="copy"))], settings
    )
    assert [(pair.record_id_l, pair.record_id_r) for pair in result.pairs] == [("copy", "p00000")]
