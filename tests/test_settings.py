from pathlib import Path

import pytest

from perimeter.core.errors import InvalidInput
from perimeter.settings import Settings, documented_settings

REPO = Path(__file__).resolve().parents[1]


def test_environment_overrides_file_overrides_default(tmp_path: Path) -> None:
    (tmp_path / "perimeter.toml").write_text("[node]\nalert_threshold = 0.9\ntoken_ttl_days = 30\n")
    settings = Settings.load({"PERIMETER_HOME": str(tmp_path), "PERIMETER_ALERT_THRESHOLD": "0.75"})
    assert settings.alert_threshold == 0.75
    assert settings.token_ttl_days == 30
    assert settings.home == tmp_path
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'perimeter.db'}"


def test_bad_settings_are_named(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="unknown setting"):
        Settings.from_mapping({"alert_treshold": 0.5})
    with pytest.raises(InvalidInput, match="alert_threshold expects a float"):
        Settings.load({"PERIMETER_HOME": str(tmp_path), "PERIMETER_ALERT_THRESHOLD": "high"})
    with pytest.raises(InvalidInput, match="between 0 and 1"):
        Settings.from_mapping({"alert_threshold": 2})
    (tmp_path / "perimeter.toml").write_text("[node\n")
    with pytest.raises(InvalidInput, match=r"perimeter\.toml"):
        Settings.load({"PERIMETER_HOME": str(tmp_path)})


def test_every_setting_is_documented() -> None:
    text = (REPO / "docs" / "settings.md").read_text()
    missing = [name for name, _, _ in documented_settings() if f"`{name}`" not in text]
    assert missing == [], f"document these settings in docs/settings.md: {missing}"
