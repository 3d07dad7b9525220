"""manage.py import_initiatives: a progress bar, a summary, and an exit status scripts
can trust."""

import io

import pytest
from django.core.management import CommandError, call_command

from initiatives.models import Initiative
from tests.importing.sample import csv_bytes, rows

GOOD = rows(120, communes=["ازمور", "Haouzia"], sectors=["الطرق"], partners=["INDH"])


@pytest.fixture
def csv_file(tmp_path):
    def write(table, name="initiatives.csv") -> str:
        path = tmp_path / name
        path.write_bytes(csv_bytes(table))
        return str(path)

    return write


def import_file(*args, **options) -> str:
    out = io.StringIO()
    call_command("import_initiatives", *args, stdout=out, **options)
    return out.getvalue()


def test_the_command_imports_with_a_progress_bar_and_a_summary(district, csv_file):
    output = import_file(csv_file(GOOD), language="en")

    assert Initiative.objects.count() == 120
    assert "\r[##############################] 120/120\n" in output
    assert output.count("\r[") <= 101  # redrawn about once a percent, not once a row
    assert "Imported. new: 120, changed: 0, unchanged: 0, rejected: 0" in output


def test_a_second_run_changes_nothing(district, csv_file):
    path = csv_file(GOOD)
    import_file(path)

    output = import_file(path, language="en", verbosity=0)

    assert output == ""
    assert Initiative.objects.count() == 120


def test_a_dry_run_writes_nothing(district, csv_file):
    output = import_file(csv_file(GOOD[:5]), dry_run=True, language="en", verbosity=2)

    assert not Initiative.objects.exists()
    assert "Dry run: nothing written." in output
    assert "imp-00001: new" in output


def test_rejected_rows_are_listed_and_the_exit_status_is_not_zero(district, csv_file):
    bad = [*GOOD[:3], ["imp-bad", "عنوان", "", "ملخص", "Casablanca", "الطرق"]]
    out = io.StringIO()

    with pytest.raises(CommandError) as refused:
        call_command("import_initiatives", csv_file(bad), stdout=out, language="en")

    assert refused.value.returncode == 1
    assert "1 of 4 rows rejected: nothing was written." in str(refused.value)
    assert "5 imp-bad: rejected" in out.getvalue()
    assert "«Casablanca»" in out.getvalue()
    assert not Initiative.objects.exists()


def test_the_exit_status_from_a_shell(district, csv_file, tmp_path):
    """What a script sees: BaseCommand turns the CommandError into exit status 1."""
    from django.core.management import ManagementUtility

    bad = [["imp-bad", "عنوان", "", "ملخص", "Casablanca", "الطرق"]]
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "import_initiatives", csv_file(bad)]).execute()

    assert exited.value.code == 1


def test_as_a_correspondent_rows_of_other_communes_are_refused(
    district, csv_file, make_correspondent
):
    correspondent = make_correspondent(district["azemmour"])

    with pytest.raises(CommandError):
        import_file(csv_file(GOOD[:4]), user=correspondent.username)

    assert not Initiative.objects.exists()


def test_an_unknown_user_or_file_stops_the_command(district, csv_file, tmp_path):
    with pytest.raises(CommandError, match="nobody"):
        import_file(csv_file(GOOD[:1]), user="nobody")
    with pytest.raises(CommandError):
        import_file(str(tmp_path / "missing.csv"))
