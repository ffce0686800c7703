"""The one settings object. Built once at start-up (``Settings.load``) and passed in; nothing reads it globally.

Each setting has a default, an environment variable ``PERIMETER_<NAME>`` and a key in the node's
``$PERIMETER_HOME/perimeter.toml``; the environment wins over the file, the file over the default.
``docs/settings.md`` documents every one (a test keeps the two in step).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from perimeter.core.errors import InvalidInput

SETTINGS_FILE = "perimeter.toml"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    home: Path = _setting(Path(".perimeter"), "The node's data directory: identity, keys, SQLite database, index.")
    database_url: str = _setting("", "SQLAlchemy URL of the database; empty means the SQLite file in the home.")
    database_schema: str = _setting("", "PostgreSQL schema to use (lets several nodes share one database).")
    alert_threshold: float = _setting(0.80, "Screening score (0..1) from which a candidate becomes a hit.")
    screening_algorithm: str = _setting("perimeter-v1", "Name of the versioned matching algorithm to use.")
    screening_workers: int = _setting(0, "Processes that screen a batch file (0: one per CPU core).")
    token_ttl_days: int = _setting(365, "Lifetime of API tokens created without an explicit expiry.")
    session_idle_minutes: int = _setting(480, "A signed-in browser session ends after this many idle minutes.")
    secure_cookies: bool = _setting(False, "Mark session cookies Secure (set it when the node is served over TLS).")
    pnr_mask_after_days: int = _setting(183, "PNR data is masked for ordinary users this many days after the flight.")
    pnr_delete_after_days: int = _setting(
        1826, "PNR data is deleted this many days after the flight (unless on a case)."
    )
    disposition_refer_score: float = _setting(
        0.95, "A watch-list hit scoring at least this refers a traveller of a manifest (below it: review)."
    )
    manifest_late_minutes: int = _setting(
        60, "A manifest received less than this many minutes before departure is late (data quality)."
    )
    clock_skew_seconds: int = _setting(300, "Tolerated clock difference with partner nodes for signed requests.")
    case_core_data_hours: float = _setting(
        48.0, "Owner's deadline to release core data after confirming a hit (hours; Prüm II asks for 48)."
    )
    case_escalation_hours: float = _setting(
        24.0, "Hours an overdue case waits after its reminder before it escalates to the supervisors."
    )
    case_escalation_interval_seconds: float = _setting(
        300.0, "How often a served node escalates overdue cases (as `perimeter cases escalate`); 0 turns it off."
    )
    ofac_sdn_url: str = _setting(
        "https://www.treasury.gov/ofac/downloads/",
        "Base URL of OFAC's legacy SDN CSV files (sdn.csv, alt.csv, add.csv).",
    )
    ofac_nonsdn_url: str = _setting(
        "https://www.treasury.gov/ofac/downloads/consolidated/",
        "Base URL of OFAC's consolidated non-SDN CSV files (cons_prim.csv, cons_alt.csv, cons_add.csv).",
    )
    un_list_url: str = _setting(
        "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        "URL of the UN Security Council consolidated list XML.",
    )
    http_timeout_seconds: float = _setting(60.0, "Timeout for downloads and calls to partner nodes.")
    outbox_poll_seconds: float = _setting(
        0.2, "How often the served node's deliverer looks for due outbox messages; 0 turns the deliverer off."
    )
    replication_interval_seconds: float = _setting(
        30.0, "How often a served node pulls its partners' replicated records (delta feeds); 0 turns it off."
    )
    report_browser: str = _setting("chromium", "Headless browser that prints reports to PDF (Debian's chromium).")

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'perimeter.db'}"

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ``perimeter.toml`` in the home, then ``PERIMETER_*`` variables, then ``overrides``."""
        environ = os.environ if environ is None else environ
        home = Path(overrides.get("home") or environ.get("PERIMETER_HOME") or ".perimeter").expanduser()
        values: dict[str, Any] = {}
        file = home / SETTINGS_FILE
        if file.exists():
            try:
                values.update(tomllib.loads(file.read_text()).get("node", {}))
            except tomllib.TOMLDecodeError as error:
                raise InvalidInput(f"{file}: {error}") from None
        for spec in fields(cls):
            variable = f"PERIMETER_{spec.name.upper()}"
            if variable in environ:
                values[spec.name] = environ[variable]
        values.update(overrides)
        values["home"] = home
        return cls.from_mapping(values)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Settings:
        known = {spec.name: spec for spec in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise InvalidInput(f"unknown setting(s): {', '.join(unknown)}; see docs/settings.md")
        converted = {name: _convert(known[name].type, name, value) for name, value in values.items()}
        settings = cls(**converted)
        if not 0.0 <= settings.disposition_refer_score <= 1.0:
            raise InvalidInput(
                f"disposition_refer_score must be between 0 and 1, not {settings.disposition_refer_score}"
            )
        if not 0.0 <= settings.alert_threshold <= 1.0:
            raise InvalidInput(f"alert_threshold must be between 0 and 1, not {settings.alert_threshold}")
        return settings

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def _convert(type_name: Any, name: str, value: Any) -> Any:
    kind = str(type_name)
    try:
        if kind == "Path":
            return Path(value)
        if kind == "float":
            return float(value)
        if kind == "int":
            return int(value)
        if kind == "bool":
            return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "on")
        return str(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"setting {name} expects a {kind}, got {value!r}") from None


def documented_settings() -> list[tuple[str, Any, str]]:
    """(name, default, help) of every setting, for the docs and the ``perimeter settings`` command."""
    rows = []
    for spec in fields(Settings):
        default = spec.default if spec.default is not MISSING else None
        rows.append((spec.name, default, spec.metadata["help"]))
    return rows
