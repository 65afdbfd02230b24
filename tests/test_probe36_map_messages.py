"""probe36: `records map` on an export that is not there said only "找不到文件 / file not found", with no fix; it now
says what every other command says of a missing file (check the path and the name, a relative path from the current
folder, or export the file first), Chinese first, English beside, exit 3 and no traceback."""
import io
from contextlib import redirect_stderr, redirect_stdout

from windoweval.cli import main


def test_a_missing_export_is_named_with_the_fix(tmp_path):
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        rc = main(["records", "map", str(tmp_path / "95598投诉回访.xlsx"), "--kind", "complaints"])
    msg = err.getvalue()
    assert rc == 3 and "Traceback" not in msg, msg
    assert "95598投诉回访.xlsx" in msg and str(tmp_path) not in msg, msg   # named, never by the folders above it
    assert "请检查路径" in msg and "check the path" in msg, msg
    assert msg.index("请检查路径") < msg.index("check the path"), msg
