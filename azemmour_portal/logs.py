"""Structured logs: one JSON object per line on standard output, for journald or a
container runtime to collect. Used by settings/prod.py and gunicorn.conf.py."""

import datetime
import json
import logging
from collections.abc import Mapping

# gunicorn's access-log atoms worth keeping; the visitor's address is left to the proxy's log.
ACCESS_ATOMS = {"m": "method", "U": "path", "s": "status", "B": "bytes", "M": "duration_ms"}


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            entry |= {name: record.args.get(atom) for atom, name in ACCESS_ATOMS.items()}
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
