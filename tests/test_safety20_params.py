"""safety20: a parameter that reaches a notebook is data, never code.  ``inject_parameters`` wrote ``f"{k} = {v!r}"``:
a value whose repr is code (an object's ``__repr__``), or a key that is not a name, became a statement the kernel
ran.  Every injected line must be ``name = <literal>``; anything else is refused before a kernel sees it."""
from __future__ import annotations

import ast

import nbformat
import pytest

from windoweval.report.run import inject_parameters


def _nb():
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("year = 2024", metadata={"tags": ["parameters"]})])


class _Evil:
    def __repr__(self):
        return "__import__('os').system('touch /tmp/safety20_pwned')"


@pytest.mark.parametrize("params", [
    {"year": _Evil()},
    {"x = 1; __import__('os').system('id'); y": 1},
    {"data": {"k": _Evil()}},
    {"windows": [_Evil()]},
])
def test_code_as_a_parameter_is_refused(params):
    with pytest.raises(ValueError):
        inject_parameters(_nb(), params)


@pytest.mark.parametrize("value", ["x'); import os; os.system('id'); ('", "\n__import__('os')\n", "a\\'b\"c",
                                   ["PW01", "'); import os #"], None, 2025, 1.5, {"a": [1, "b"]}, True])
def test_hostile_text_stays_a_literal(value):
    cell = inject_parameters(_nb(), {"data": value}).cells[1].source
    tree = ast.parse(cell)
    assert len(tree.body) == 1 and isinstance(tree.body[0], ast.Assign)
    assert ast.literal_eval(tree.body[0].value) == value
