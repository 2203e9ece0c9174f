"""manage.py match_file: a CSV of persons in, its likely duplicates and their clusters out."""

import csv

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from guichet.matching import engine
from guichet.matching.csvfile import INPUT_COLUMNS
from guichet.matching.models import MatchModel
from guichet.matching.records import prepare_record
from guichet.matching.services import model_current, model_store
from guichet.matching.tests.population import population

U_PAIRS = 100_000


@pytest.fixture(scope="module")
def generated():
    return population(600, 80, seed=11)


@pytest.fixture(scope="module")
def trained_settings(generated):
    return engine.train([prepare_record(record) for record in generated[0]], seed=5, u_pairs=U_PAIRS)


def _write_csv(path, records, columns=INPUT_COLUMNS):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)


def _read(path):
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.django_db
def test_the_stored_model_finds_the_known_pairs_and_writes_the_columns_asked_for(tmp_path, generated, trained_settings):
    records, truth = generated
    model_store(settings=trained_settings, record_count=len(records), seed=5)
    source, out = tmp_path / "people.csv", tmp_path / "pairs.csv"
    _write_csv(source, records)
    call_command("match_file", str(source), "--out", str(out))
    rows = _read(out)
    assert rows and list(rows[0]) == ["record_id_l", "record_id_r", "match_probability"]
    found = {(row["record_id_l"], row["record_id_r"]) for row in rows}
    assert len(found & truth) >= 0.95 * len(truth)
    assert len(found & truth) >= 0.95 * len(found)
    assert all(float(row["match_probability"]) >= 0.5 for row in rows)
    clusters = {row["record_id"]: row["cluster_id"] for row in _read(tmp_path / "pairs_clusters.csv")}
    for left, right in found:
        assert clusters[left] == clusters[right]
    assert set(clusters) == {record_id for pair in found for record_id in pair}


@pytest.mark.django_db
def test_the_threshold_is_respected(tmp_path, generated, trained_settings):
    model_store(settings=trained_settings, record_count=600, seed=5)
    source = tmp_path / "people.csv"
    _write_csv(source, generated[0])
    call_command("match_file", str(source), "--out", str(tmp_path / "loose.csv"), "--threshold", "0.5")
    call_command("match_file", str(source), "--out", str(tmp_path / "strict.csv"), "--threshold", "0.999")
    loose, strict = _read(tmp_path / "loose.csv"), _read(tmp_path / "strict.csv")
    assert all(float(row["match_probability"]) >= 0.999 for row in strict)
    assert {(r["record_id_l"], r["record_id_r"]) for r in strict} < {
        (r["record_id_l"], r["record_id_r"]) for r in loose
    }


@pytest.mark.django_db
def test_train_on_the_file_itself_needs_no_stored_model(tmp_path, generated):
    records, truth = generated
    source, out, clusters = tmp_path / "people.csv", tmp_path / "pairs.csv", tmp_path / "groups.csv"
    _write_csv(source, records)
    call_command("match_file", str(source), "--out", str(out), "--clusters", str(clusters), "--train")
    found = {(row["record_id_l"], row["record_id_r"]) for row in _read(out)}
    assert len(found & truth) >= 0.9 * len(truth)
    assert _read(clusters) and list(_read(clusters)[0]) == ["record_id", "cluster_id"]
    assert not MatchModel.objects.exists()  # a file's model is not the registry's


@pytest.mark.django_db
def test_without_a_stored_model_the_command_says_to_train_first(tmp_path, generated):
    source, out = tmp_path / "people.csv", tmp_path / "pairs.csv"
    _write_csv(source, generated[0][:20])
    with translation.override("fr"), pytest.raises(CommandError, match="match_train"):
        call_command("match_file", str(source), "--out", str(out))
    assert not out.exists()


@pytest.mark.django_db
def test_a_missing_column_is_named_in_french_and_nothing_is_written(tmp_path, generated):
    source, out = tmp_path / "people.csv", tmp_path / "pairs.csv"
    _write_csv(source, generated[0][:5], columns=[c for c in INPUT_COLUMNS if c != "birth_date"])
    with translation.override("fr"), pytest.raises(CommandError, match="1 erreur"):
        call_command("match_file", str(source), "--out", str(out), "--train", stderr=(errors := _Buffer()))
    assert "birth_date" in errors.text and "manquent" in errors.text
    assert not out.exists() and not (tmp_path / "pairs_clusters.csv").exists()


@pytest.mark.django_db
def test_a_bad_date_names_its_line_in_arabic_and_nothing_is_written(tmp_path, generated):
    records = [dict(record) for record in generated[0][:5]]
    records[2]["birth_date"] = "14/03/1985"
    records[3]["birth_date_approx"] = "about"
    source, out = tmp_path / "people.csv", tmp_path / "pairs.csv"
    _write_csv(source, records)
    with translation.override("ar"), pytest.raises(CommandError):
        call_command("match_file", str(source), "--out", str(out), "--train", stderr=(errors := _Buffer()))
    assert "14/03/1985" in errors.text and "4" in errors.text and "السطر" in errors.text
    assert "about" in errors.text
    assert not out.exists()


@pytest.mark.django_db
def test_a_repeated_record_id_is_refused(tmp_path, generated):
    records = [dict(record) for record in generated[0][:3]]
    records[1]["record_id"] = records[0]["record_id"]
    source = tmp_path / "people.csv"
    _write_csv(source, records)
    with translation.override("en"), pytest.raises(CommandError):
        call_command("match_file", str(source), "--out", str(tmp_path / "p.csv"), stderr=(errors := _Buffer()))
    assert "appears twice" in errors.text and "Line 3" in errors.text


@pytest.mark.django_db
def test_versions_go_up_and_the_latest_is_in_use(trained_settings):
    first = model_store(settings=trained_settings, record_count=1, seed=1)
    second = model_store(settings=trained_settings, record_count=2, seed=1, trained_by="steward")
    assert (first.version, second.version) == (1, 2)
    assert model_current() == second


class _Buffer:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass
