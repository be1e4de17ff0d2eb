"""History keeps each report's text, so next year's report shows how much it carried over."""

from __future__ import annotations

import json
import sqlite3

from typer.testing import CliRunner

from scorer.cli import app
from scorer.store import MIGRATIONS, SCHEMA_VERSION, open_history

from .conftest import SAMPLES

runner = CliRunner()


def test_next_years_copy_shows_the_share_carried_over(tmp_path):
    text = (SAMPLES / "county_qinglan_2025.txt").read_text(encoding="utf-8")
    earlier, later = tmp_path / "2024", tmp_path / "2025"
    earlier.mkdir()
    later.mkdir()
    (earlier / "qinglan.txt").write_text(text.replace("2025", "2024").replace("2026", "2025"), encoding="utf-8")
    (later / "qinglan.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "history.sqlite"
    for folder in (earlier, later):
        result = runner.invoke(app, ["report", str(folder), "--out", str(tmp_path / f"out-{folder.name}"),
                                     "--history-db", str(db)])
        assert result.exit_code == 0, result.output
    shown = json.loads(runner.invoke(app, ["history", "青岚县人民政府", "--history-db", str(db),
                                           "--format", "json"]).stdout)
    change = shown["years"][1]["change"]
    assert change["previous_year"] == 2024
    assert change["carried_over"] > 0.9


def test_a_version_1_database_is_migrated_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.sqlite"
    connection = sqlite3.connect(path)
    connection.executescript(f"BEGIN; {MIGRATIONS[0]} PRAGMA user_version = 1; COMMIT;")
    connection.execute("INSERT INTO reports VALUES ('青山县人民政府', 2024, 'county', 80, 80, 100, '{}', 'a.txt',"
                       " 'fazhi-default', '1.0', '2025-01-01T00:00:00')")
    connection.commit()
    connection.close()
    with open_history(path) as db:
        assert db.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
        entry = db.entries("青山县人民政府")[0]
        assert (entry.score, entry.text) == (80, None)
