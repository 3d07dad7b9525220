"""Bulk import of initiatives and their fundings from a spreadsheet (CSV or XLSX).

reading: the file as a table (encoding, delimiter, header row); values: each cell as
volunteers write it (Arabic digits, "1.250.000", "45%", "15/03/2024"); columns: the
accepted headers in three languages and the template file; matching: communes,
sectors, partners and choices by any of their names; service: the dry run and the
transactional import; admin: the page in the initiatives' admin. The command is
`manage.py import_initiatives FILE`.
"""

from .columns import COLUMNS, template_csv
from .reading import ImportFileError, Table, read_table
from .service import CREATE, REJECT, UNCHANGED, UPDATE, ImportReport, initiatives_import

__all__ = [
    "COLUMNS",
    "CREATE",
    "REJECT",
    "UNCHANGED",
    "UPDATE",
    "ImportFileError",
    "ImportReport",
    "Table",
    "initiatives_import",
    "read_table",
    "template_csv",
]
