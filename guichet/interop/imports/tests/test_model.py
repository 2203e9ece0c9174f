"""With a trained model, the rows that may be someone known are scored by it (real-time scoring, as the check at
registration does): a registered person in the other script, a row repeated in the file; strangers are not flagged."""

import pytest

from guichet.identity.tests.batch_registry import model_trained, small_registry

from .files import checked, csv_bytes, person_row


@pytest.mark.django_db
def test_the_model_scores_the_rows_that_may_be_known(personas, territory):
    registry = small_registry(territory)
    model_trained()
    fatima_in_arabic = person_row(
        given_name_latin="",
        family_name_latin="",
        given_name_ar="فاطمة الزهراء",
        family_name_ar="الإدريسي",
        birth_date="1990-04-07",
        phone="0661234567",
        address="",
    )
    stranger = person_row(
        given_name_latin="Karim",
        family_name_latin="Bennis",
        given_name_ar="كريم",
        family_name_ar="بنيس",
        sex="M",
        birth_date="1971-06-02",
        phone="",
        cnie="BK71",
    )
    yassine = person_row(
        given_name_latin="Yassine",
        family_name_latin="Amrani",
        given_name_ar="ياسين",
        family_name_ar="العمراني",
        sex="M",
        birth_date="2001-09-12",
        phone="0677889900",
    )
    job = checked(personas["steward"], csv_bytes([fatima_in_arabic, stranger, yassine, dict(yassine, address="bis")]))

    flagged = {d.line: d for d in job.duplicates.all()}
    assert set(flagged) == {2, 5}
    assert flagged[2].person == registry.fatima and flagged[2].probability >= 0.5 and not flagged[2].certain
    assert flagged[5].other_line == 4 and flagged[5].probability >= 0.5
    assert 0 < flagged[2].percent < 100
