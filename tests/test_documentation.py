"""Every setting config.py reads is documented for operators."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def settings_read() -> set[str]:
    source = (ROOT / "config.py").read_text()
    return set(re.findall(r'_env(?:_int|_float|_path)?\("([A-Z_]+)"', source))


def test_every_setting_is_in_the_readme_and_the_example_env():
    names = settings_read()
    assert len(names) > 30
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    assert not {n for n in names if f"`{n}`" not in readme}, "missing from README"
    assert not {n for n in names if n not in example}, "missing from .env.example"


def test_every_procfile_process_is_described():
    readme = (ROOT / "README.md").read_text()
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, command = line.split(":", 1)
        assert f"`{name}`" in readme and f"`{command.strip()}`" in readme
