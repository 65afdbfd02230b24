"""review44: dates44's note of a column read day first (records.validate.ReadNote), printed by the command line as
'注意 / note: …' (cli._notes_said), named the file by its whole path: a data folder under /home/张三/ put the user's
name on the screen and in a scheduler's log, where every refusal the program prints goes through
privacy.mask_message (the file by its name, or relative to --data; a value from the data masked)."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

from windoweval.cli import main

TOML = 'name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'


def test_the_day_first_note_names_the_file_without_its_folders(tmp_path):
    ws = tmp_path / "张三的文件" / "ws"
    ws.mkdir(parents=True)
    (ws / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (ws / "work_orders.csv").write_text(
        "order_id,window_id,order_type,received_at,arrived_at\n"
        "R1,PW01,fault_repair,13.03.2025 10:00,13.03.2025 10:30\n"
        "R2,PW01,fault_repair,03.04.2025 10:00,03.04.2025 11:30\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(["records", "check", "--data", str(ws)])
    notes = [x for x in err.getvalue().splitlines() if x.startswith("注意 / note:")]
    assert rc == 0 and len(notes) == 2, err.getvalue()
    assert all("work_orders.csv" in x and "张三" not in x and str(tmp_path) not in x for x in notes), notes
    assert all("13.03.2025" in x for x in notes)     # the value that settled it, a date, still shown
