"""Every environment variable the settings read is documented for operators."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ = re.compile(r"env_(?:str|bool|int|float|list)\(\s*\"([A-Z0-9_]+)\"")


def settings_variables() -> set[str]:
    return set(READ.findall((ROOT / "broadsheet" / "settings.py").read_text()))


def test_settings_read_some_variables():
    assert {"DATABASE_URL", "FETCH_ALLOWED_NETWORKS"} <= settings_variables()


def test_every_setting_is_documented_in_configuration_md():
    doc = (ROOT / "docs" / "configuration.md").read_text()
    missing = sorted(v for v in settings_variables() if f"`{v}`" not in doc)
    assert missing == [], f"undocumented in docs/configuration.md: {missing}"


def test_every_setting_is_listed_in_env_example():
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z0-9_]+)=", example, flags=re.MULTILINE))
    missing = sorted(settings_variables() - listed)
    assert missing == [], f"missing from .env.example: {missing}"
