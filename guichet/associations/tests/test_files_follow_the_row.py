"""An association's documents are on disk exactly when a saved row names them: a registration or a correction
that fails after its files were written (the database drops at the audit entry) leaves no file behind, and a
correction that succeeds removes the files it replaced."""

import pytest
from django.db import OperationalError, connection

from guichet.associations import files
from guichet.associations import services_registration as services
from guichet.associations.models import Association

from .conftest import pdf
from .test_registration import form_data


def audit_write_fails(execute, sql, params, many, context):
    """The connection drops at the audit entry, as when PostgreSQL restarts at that moment."""
    if "audit" in sql and ("INSERT" in sql.upper() or "audit_append" in sql):
        raise OperationalError("server closed the connection unexpectedly")
    return execute(sql, params, many, context)


def on_disk() -> set[str]:
    return {path.name for path in files.STORE.directory().rglob("*") if path.is_file()}


def registration(territory) -> dict:
    data = form_data(territory)
    data["province"] = territory["casablanca"]
    return data


def test_a_registration_failing_after_its_files_were_written_leaves_none(territory):
    data = registration(territory)
    statutes, receipt = data.pop("statutes"), data.pop("receipt")
    with connection.execute_wrapper(audit_write_fails), pytest.raises(OperationalError):
        services.association_register(data=data, statutes=statutes, receipt=receipt)
    assert not Association.objects.exists()
    assert on_disk() == set()


def test_a_failed_correction_keeps_the_old_files_and_leaves_no_new_one(
    territory, officers, associations, django_capture_on_commit_callbacks
):
    association = associations["pending"]
    association.statutes_file = files.store(pdf("anciens.pdf"))
    association.save()
    association, token = services.association_ask_correction(
        actor=officers["officer"],
        association=association,
        expected_version=association.version,
        note="Statuts illisibles",
        link_of=lambda token: f"http://testserver/associations/correct/{token}/",
    )
    kept = on_disk()
    data = {**registration(territory), "registration_number": association.registration_number}
    data.pop("statutes"), data.pop("receipt")
    with connection.execute_wrapper(audit_write_fails), pytest.raises(OperationalError):
        services.association_correct(token=token, expected_version=association.version, data=data, statutes=pdf())
    assert on_disk() == kept == {association.statutes_file}
    association.refresh_from_db()
    assert association.status == Association.Status.CORRECTION

    with django_capture_on_commit_callbacks(execute=True):
        corrected = services.association_correct(
            token=token, expected_version=association.version, data=data, statutes=pdf()
        )
    assert on_disk() == {corrected.statutes_file} != kept  # the replaced statutes are gone with the old name
