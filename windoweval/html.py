"""Escaping of every text from data or configuration on its way into a page: markdown, charts, HTML.

数据或配置中的文字进入页面前一律转义：Markdown、图表文字、HTML。

The notebook pages and the report's index show names that came from outside (a window's name, the
organisation's name, a complaint's text): each reaches the page as text, never as markup.

* :func:`md_fmt`: values for a markdown sentence (``say``, ``title`` …): markdown punctuation
  backslash-escaped, then ``& < >`` as entities, so ``<script>`` or ``[x](javascript:…)`` is shown,
  not run or linked;
* :func:`escape_figure`: a plotly figure (its JSON) with every string of the traces and the layout
  escaped (plotly.js draws text with a small HTML subset, ``<a href>`` included); hover and text
  templates, which the package writes, are left as they are; ``<br>`` stays a line break;
* :data:`CSP`: the Content-Security-Policy every page carries: no frames, objects, network
  requests, forms or base URL, so even a missed payload cannot load a local file or call out.

Examples
--------
>>> md_fmt({"org": "<script>alert(1)</script>[x](javascript:alert(1))", "n": 3})
{'org': '&lt;script&gt;alert(1)&lt;/script&gt;\\\\[x\\\\](javascript:alert(1))', 'n': 3}
>>> escape_figure({"data": [{"type": "bar", "x": ["<img src=x onerror=alert(1)>"], "hovertemplate": "%{x}<br>"}],
...                "layout": {"title": {"text": "A&B<br>C"}}})
{'data': [{'type': 'bar', 'x': ['&lt;img src=x onerror=alert(1)&gt;'], 'hovertemplate': '%{x}<br>'}], 'layout': {'title': {'text': 'A&amp;B<br>C'}}}
"""
from __future__ import annotations

import html as _html
import re

__all__ = ["md_fmt", "md_text", "escape_figure", "CSP", "CSP_META"]

_MD_SPECIAL = re.compile(r"([\\`*\[\]])")   # emphasis, code and links; ``< > &`` become entities
_SKIP_KEYS = {"type", "template", "config", "mode", "orientation", "xaxis", "yaxis", "uid", "legendgroup",
              "offsetgroup", "alignmentgroup", "barmode", "hovermode", "textposition", "fill", "line_shape"}

#: What a report page may do: its own scripts and styles (plotly), images inline; nothing else.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; frame-src 'none'; child-src 'none'; object-src 'none'; "
       "connect-src 'none'; form-action 'none'; base-uri 'none'; media-src 'none'; worker-src blob:")
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'


def md_text(value) -> str:
    """One value as literal text inside markdown.

    Examples
    --------
    >>> print(md_text("**城东** <b>营业厅</b> [1]"))
    \\*\\*城东\\*\\* &lt;b&gt;营业厅&lt;/b&gt; \\[1\\]
    """
    return _html.escape(_MD_SPECIAL.sub(r"\\\1", str(value)), quote=False)


def md_fmt(fmt: dict) -> dict:
    """The format values of a sentence, texts masked (the privacy gate) and escaped for markdown (numbers as they are).

    Examples
    --------
    >>> md_fmt({"window": "城东营业厅 *1*", "rate": 98.5})
    {'window': '城东营业厅 \\\\*1\\\\*', 'rate': 98.5}
    """
    from .privacy import mask_message

    return {k: (md_text(mask_message(v)) if isinstance(v, str) else v) for k, v in fmt.items()}


def _esc(s: str) -> str:
    return _html.escape(s, quote=False).replace("&lt;br&gt;", "<br>")


def escape_figure(spec):
    """A plotly figure's JSON with every data or label string escaped (see the module docstring).

    Examples
    --------
    >>> escape_figure({"data": [{"type": "bar", "y": ["<b>城东</b>"], "texttemplate": "%{x:.1f}"}]})
    {'data': [{'type': 'bar', 'y': ['&lt;b&gt;城东&lt;/b&gt;'], 'texttemplate': '%{x:.1f}'}]}
    """
    def walk(o, key=None):
        if isinstance(o, str):
            return _esc(o)
        if isinstance(o, dict):
            return {k: (v if (k in _SKIP_KEYS or k.endswith("template") or k.endswith("src")) else walk(v, k))
                    for k, v in o.items()}
        if isinstance(o, list):
            return [walk(v, key) for v in o]
        return o

    return walk(spec)
