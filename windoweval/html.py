"""Escaping of every text from data or configuration on its way into a page: markdown, charts, HTML.

数据或配置中的文字进入页面前一律转义：Markdown、图表文字、HTML。

The notebook pages and the report's index show names that came from outside (a window's name, the
organisation's name, a complaint's text): each reaches the page as text, never as markup.

* :func:`md_fmt`: values for a markdown sentence (``say``, ``title`` …): markdown punctuation
  backslash-escaped, then ``& < >`` as entities, so ``<script>`` or ``[x](javascript:…)`` is shown,
  not run or linked;
* :func:`escape_figure`: a plotly figure (its JSON) with every string of the traces and the layout
  escaped (plotly.js draws text with a small HTML subset, ``<a href>`` included); in hover and text
  templates the text only (plotly express writes a group's value into them), their placeholders and bare tags
  kept; ``<br>`` stays a line break;
* :func:`figure_html`: a chart as its data (a JSON block that never runs) and the one drawing script;
* :data:`CSP`: the Content-Security-Policy every page carries: scripts only from the report's folder and
  the drawing script by its hash (no other inline script, no eval), no frames, objects, network
  requests, forms or base URL, so even a missed payload cannot run, load a local file or call out.

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

__all__ = ["md_fmt", "md_text", "md_plain", "escape_figure", "figure_html", "json_block", "script_hash", "DRAW_JS", "CSP",
           "CSP_META", "SWITCH_JS", "SWITCH_HTML", "LANG_CSS"]

_MD_SPECIAL = re.compile(r"([\\`*\[\]])")   # emphasis, code and links; ``< > &`` become entities
#: The colon of a bare link's scheme (``http://``, ``https://``, ``ftp://``, ``javascript://``): the markdown renderer of
#: the pages (nbconvert's, with mistune's ``url`` plugin) turns a bare ``http://…`` into a clickable link.  Written
#: ``\:`` (a markdown escape, shown as ``:``), the text stays text.
_MD_SCHEME = re.compile(r"(?<=[A-Za-z0-9+.-]):(?=//)")
_SKIP_KEYS = {"type", "template", "config", "mode", "orientation", "xaxis", "yaxis", "uid", "legendgroup",
              "offsetgroup", "alignmentgroup", "barmode", "hovermode", "textposition", "fill", "line_shape"}
#: Of :data:`_SKIP_KEYS`, those kept as written only when they hold a text (a trace's axis reference ``"xaxis": "x"``):
#: the layout's ``xaxis`` / ``yaxis`` are dicts holding the axis title, the tick labels and the categories' order,
#: text from data like any other (hostile42).
_SKIP_IF_TEXT = {"xaxis", "yaxis"}

#: The one inline script a page holds: it draws every chart from the JSON data block beside it (a chart's data is
#: ``<script type="application/json">``, which never runs) with the plotly.js the page loaded.  Its hash is in
#: :data:`CSP`; no other inline script runs, so a script that came with the data cannot either.
DRAW_JS = ('(function(){var P=window.Plotly;if(!P)return;'
           'var s=document.querySelectorAll("script.we-plot-spec:not([data-drawn])");'
           'for(var i=0;i<s.length;i++){var e=s[i],d=document.getElementById(e.getAttribute("data-div"));'
           'if(!d)continue;e.setAttribute("data-drawn","1");var f=JSON.parse(e.textContent);'
           'P.newPlot(d,f.data,f.layout||{},f.config||{});}})();')


def script_hash(source: str) -> str:
    """The CSP source expression (``'sha256-…'``) that lets exactly the inline script ``source`` run.

    Examples
    --------
    >>> script_hash("alert(1)")
    "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    """
    import base64
    import hashlib

    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


#: What a report page may do: scripts from its own folder (plotly.js, the language switch) and the one inline
#: script the build writes (:data:`DRAW_JS`, by its hash); styles, images inline; nothing else: no other inline
#: script, no eval, no frames, objects, network requests, forms or base URL.
CSP = ("default-src 'self'; script-src 'self' " + script_hash(DRAW_JS) + "; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; frame-src 'none'; child-src 'none'; object-src 'none'; "
       "connect-src 'none'; form-action 'none'; base-uri 'none'; media-src 'none'; worker-src blob:")
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'


#: The language switch of a bilingual page (``assets/windoweval.js``, loaded from the report's folder): the blocks
#: of one language shown (``html[data-we-lang]``), the choice kept across pages (``#lang=en`` on the links between
#: pages, and the browser's local storage), the charts of the language shown resized to the page.
SWITCH_JS = """(function(){
function all(q){return Array.prototype.slice.call(document.querySelectorAll(q));}
function set(l){var h=document.documentElement;h.setAttribute("data-we-lang",l);h.lang=(l==="zh"?"zh-CN":l);
 try{localStorage.setItem("windoweval-lang",l);}catch(e){}
 all(".we-switch a[data-lang]").forEach(function(a){a.className=(a.getAttribute("data-lang")===l?"on":"");});
 all("a.we-page").forEach(function(a){a.setAttribute("href",a.getAttribute("href").split("#")[0]+"#lang="+l);});
 if(window.Plotly){all(".we-l-"+l+" .js-plotly-plot").forEach(function(d){window.Plotly.Plots.resize(d);});}}
var m=/lang=(zh|en)/.exec(location.hash),l=m?m[1]:null;
if(!l){try{l=localStorage.getItem("windoweval-lang");}catch(e){}}
document.addEventListener("DOMContentLoaded",function(){
 all(".we-switch a[data-lang]").forEach(function(a){a.addEventListener("click",function(ev){ev.preventDefault();
  set(a.getAttribute("data-lang"));});});
 set(l==="en"?"en":"zh");});
})();
"""
#: The styles of the switch: Chinese shown until the switch says otherwise (and on paper).
LANG_CSS = (".we-l-en { display: none; } html[data-we-lang=\"en\"] .we-l-zh { display: none; } "
            "html[data-we-lang=\"en\"] .we-l-en { display: block; } "
            ".we-switch { margin-left: 1.2em; } .we-switch a.on { font-weight: bold; color: #222; }")
#: The switch itself (in the page's navigation).
SWITCH_HTML = ('<span class="we-switch"><a href="#lang=zh" data-lang="zh" lang="zh-CN">中文</a> | '
               '<a href="#lang=en" data-lang="en" lang="en">English</a></span>')


def json_block(obj) -> str:
    """``obj`` as JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left to end the
    block or open a comment (each as its ``\\u`` escape, which JSON.parse reads back).

    Examples
    --------
    >>> print(json_block({"t": "</script>&"}))
    {"t":"\\u003c/script\\u003e\\u0026"}
    """
    import json

    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def figure_html(spec: dict, div_id: str, height: int) -> str:
    """A chart as a page holds it: its div, its figure as a JSON data block, and :data:`DRAW_JS`.

    Examples
    --------
    >>> h = figure_html({"data": [{"type": "bar", "x": ["</script><script>alert(1)</script>"]}]}, "fig-x", 300)
    >>> "</script><script>alert" in h, h.count("<script>"), h.count("</script>")
    (False, 1, 2)
    """
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", div_id):
        raise ValueError(f"bad div id {div_id!r}")
    return (f'<div id="{div_id}" class="plotly-graph-div we-plot" style="height:{int(height)}px; width:100%;"></div>\n'
            f'<script type="application/json" class="we-plot-spec" data-div="{div_id}">{json_block(spec)}</script>\n'
            f"<script>{DRAW_JS}</script>")


def md_text(value) -> str:
    """One value as literal text inside markdown.

    Examples
    --------
    >>> print(md_text("**城东** <b>营业厅</b> [1]"))
    \\*\\*城东\\*\\* &lt;b&gt;营业厅&lt;/b&gt; \\[1\\]
    >>> print(md_text("见 http://evil.example/x"))    # a bare link stays text: no renderer makes it clickable
    见 http\\://evil.example/x
    """
    from .privacy import drop_bidi

    text = _MD_SPECIAL.sub(r"\\\1", drop_bidi(str(value)))
    return _html.escape(_MD_SCHEME.sub(r"\\:", text), quote=False)


#: What :func:`md_text` put before a character (``\\*``, ``\\:``), taken off for the plain text of a markdown output.
_MD_UNESCAPE = re.compile(r"\\([\\`*\[\]:])")


def md_plain(md: str) -> str:
    """The plain text a reader sees of markdown made with :func:`md_text`: its escapes taken off (``http\\://`` is
    ``http://``, ``\\*`` is ``*``, ``&lt;`` is ``<``), for an output's ``text/plain``, which no renderer reads as
    markdown or HTML.

    Examples
    --------
    >>> print(md_plain("# " + md_text("见 http://evil.example/x *1* <b>城东</b> & [1]")))
    # 见 http://evil.example/x *1* <b>城东</b> & [1]
    """
    return _html.unescape(_MD_UNESCAPE.sub(r"\1", md))


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
    from .privacy import drop_bidi

    return _html.escape(drop_bidi(s), quote=False).replace("&lt;br&gt;", "<br>")


#: What a hover or text template keeps as written: the placeholders plotly reads (``%{x}``, ``%{y:.1f}``,
#: ``%{x|%Y-%m-%d}``, ``%{customdata[0]}``, ``%{fullData.name}``: a name of letters, digits, ``_``, ``.``, ``[``, ``]``,
#: then a format with no tag or entity in it) and the bare tags plotly.js draws (a line break, bold, italics, sub- and
#: superscript, ``<extra>``), none with attributes.  Anything else of the form ``%{…}`` is text from the data (a
#: window named ``%{<a href="…">点此</a>}``, which plotly express writes into the template) and is escaped.
_TEMPLATE_KEEP = re.compile(r"(%\{[\w.\[\]]+(?:[:|][^{}<>&\"'\n]*)?\}|</?(?:br|b|i|em|sup|sub|extra)\s*/?>)")


def _esc_template(s: str) -> str:
    """A hover or text template with its text escaped, its placeholders and bare tags kept (:data:`_TEMPLATE_KEEP`):
    plotly express writes a group's value into the template itself (``窗口名称=城东营业厅<br>得分=%{x}``), so a window's
    name reaches it as written.

    Examples
    --------
    >>> _esc_template("w=<img src=x onerror=alert(1)><br>x=%{x:.1f}<extra></extra>")
    'w=&lt;img src=x onerror=alert(1)&gt;<br>x=%{x:.1f}<extra></extra>'
    >>> _esc_template('w=%{<a href="https://x.example">点此</a>}<br>t=%{x|%Y-%m-%d}')
    'w=%{&lt;a href="https://x.example"&gt;点此&lt;/a&gt;}<br>t=%{x|%Y-%m-%d}'
    """
    from .privacy import drop_bidi

    if isinstance(s, list):   # a template a point
        return [_esc_template(t) for t in s]
    if not isinstance(s, str):
        return s
    parts = _TEMPLATE_KEEP.split(s)
    return "".join(p if i % 2 else _html.escape(drop_bidi(p), quote=False) for i, p in enumerate(parts))


def escape_figure(spec):
    """A plotly figure's JSON with every data or label string escaped (see the module docstring); a hover or text
    template's text too, its placeholders and bare tags kept (:func:`_esc_template`).

    Examples
    --------
    >>> escape_figure({"data": [{"type": "bar", "y": ["<b>城东</b>"], "texttemplate": "%{x:.1f}"}]})
    {'data': [{'type': 'bar', 'y': ['&lt;b&gt;城东&lt;/b&gt;'], 'texttemplate': '%{x:.1f}'}]}
    """
    def walk(o, key=None):
        if isinstance(o, str):
            return _esc(o)
        if isinstance(o, dict):
            return {k: (v if ((k in _SKIP_KEYS and (k not in _SKIP_IF_TEXT or isinstance(v, str)))
                              or k.endswith("src")) else
                        _esc_template(v) if k.endswith("template") else walk(v, k))
                    for k, v in o.items()}
        if isinstance(o, list):
            return [walk(v, key) for v in o]
        return o

    return walk(spec)
