"""``survey estimate FILE --fpc COLUMN`` where the file has no such column: the refusal (exit 3) names the file and
the column and says what to do, Chinese first (survey36); it had said only "没有列 'popsize' / no column 'popsize'"."""
from windoweval.cli.survey import main
from windoweval.demo import survey as demo


def test_a_missing_fpc_column_says_what_to_do(tmp_path, capsys):
    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=20, seed=5)
    p = tmp_path / "交付.csv"
    df.to_csv(p, index=False)
    rc = main(["survey", "estimate", str(p), "--instrument", "power_hall", "--year", "2025", "--fpc", "popsize"])
    cap = capsys.readouterr()
    msg = cap.out + cap.err
    assert rc == 3
    assert "交付.csv" in msg and "popsize" in msg
    assert "请核对列名" in msg and "check the name" in msg and "add the column" in msg
    assert msg.index("请核对列名") < msg.index("check the name")
    assert "Traceback" not in msg
