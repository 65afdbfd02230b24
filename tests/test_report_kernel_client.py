"""Issue 14 (the report at its floor, thirteenth round): a report kernel runs its notebooks through one kernel client.

nbclient makes a new client for each execution it is handed; a new client waits for the kernel to be ready and then
for 0.2 s of silence on the output channel, twice per notebook (the namespace reset, the notebook): ~0.45 s of wall
time per notebook on the build's path, and each client left its channels open.  :class:`windoweval.report.run.Kernel`
makes one client and gives it to each execution; each notebook still gets its own outputs, and only those."""
from __future__ import annotations

import nbclient.client
import nbformat
import pytest

from windoweval.report import ensure_kernel
from windoweval.report.run import Kernel, NotebookFailed
from windoweval.report.settings import KERNEL_ARGS


def _nb(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def _texts(nb, name="stdout"):
    return ["".join(o.get("text", "") for o in c.outputs if o.output_type == "stream" and o.name == name)
            for c in nb.cells]


def test_one_client_for_every_notebook_and_each_its_own_outputs(monkeypatch, tmp_path):
    made = []
    new_client = nbclient.client.NotebookClient.async_start_new_kernel_client

    async def counted(self):
        made.append(1)
        return await new_client(self)

    monkeypatch.setattr(nbclient.client.NotebookClient, "async_start_new_kernel_client", counted)
    k = Kernel(ensure_kernel(), tmp_path, extra_arguments=KERNEL_ARGS, timeout=120)
    try:
        k.start(warm_up="x = 'warm'")
        one = k.run(_nb("print('one'); y = 1", "import sys; print('err', file=sys.stderr); print(y)"))
        two = k.run(_nb("print('two')", "print(globals().get('y', 'reset'))"))
        with pytest.raises(NotebookFailed) as e:
            k.run(_nb("print('three')", "1 / 0", "print('never')"))
        four = k.run(_nb("print('four')"))
    finally:
        k.close()
    assert len(made) == 1                  # the warm-up's client, reused: the old code made one per execution (8)
    assert _texts(one) == ["one\n", "1\n"] and _texts(one, "stderr") == ["", "err\n"]
    assert _texts(two) == ["two\n", "reset\n"]      # the namespace reset between two notebooks, as before
    assert e.value.cell_index == 1 and e.value.ename == "ZeroDivisionError"
    assert _texts(four) == ["four\n"]      # after a failure the client still serves the next notebook, alone
    assert k.kc is None and k.km is None   # closed: the client's channels stopped, the kernel shut down
