"""A text column folded in the database as search/normalize.py folds a typed word, for
searches that cannot go through the index (the admin's lists of other records).

PostgreSQL folds with TRANSLATE, and REPLACE for the two ligatures; SQLite with the same
table in Python, registered on each connection (search/apps.py): nested REPLACE calls would
overflow SQLite's parser.
"""

from django.db.models import CharField, Func

from .normalize import LETTERS, MARK_CHARACTERS

# Latin ligatures, written out as search/normalize.py writes them («Œuvre» is «oeuvre»).
LIGATURES = {"œ": "oe", "æ": "ae"}

# The letters search/normalize.py folds (hamza, taa marbuta, alef maqsura, the Moroccan
# /g/, Eastern digits), French accents; then what is dropped: harakat, dagger alef, tatweel
# and spaces («عبد اللطيف» is often typed «عبداللطيف»).
FOLDED = {
    **{chr(code): letter for code, letter in LETTERS.items()},
    **dict.fromkeys("àâä", "a"),
    **dict.fromkeys("éèêë", "e"),
    **dict.fromkeys("îï", "i"),
    **dict.fromkeys("ôö", "o"),
    **dict.fromkeys("ùûü", "u"),
    "ÿ": "y",
    "ç": "c",
}
DROPPED = MARK_CHARACTERS + " "
TABLE = str.maketrans({**FOLDED, **LIGATURES, **dict.fromkeys(DROPPED)})
SQLITE_FUNCTION = "portal_fold"


def fold_column(text):
    """The SQLite function: a column's text, lower-cased and folded."""
    return None if text is None else text.lower().translate(TABLE)


class Folded(Func):
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        source = "".join(FOLDED) + DROPPED
        target = "".join(FOLDED.values())
        template = f"TRANSLATE(LOWER(%(expressions)s), '{source}', '{target}')"
        # TRANSLATE maps a character to one character: a ligature becomes two by REPLACE.
        for ligature, letters in LIGATURES.items():
            template = f"REPLACE({template}, '{ligature}', '{letters}')"
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra_context)


def register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold_column, deterministic=True)
