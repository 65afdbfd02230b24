"""Masking personal data in free text before it is shown anywhere.

个人信息遮蔽:自由文本(如投诉描述)在任何输出中出现之前先遮蔽。

Complaint descriptions and similar free text are typed by clerks and often
carry a customer's name, phone number or ID-card number.  Such a column is
marked ``private: true`` in ``records/contracts.yaml``; every output that
shows it (scorecard drill-downs, complaint tables, reports) passes it
through :func:`mask_text` first.

What is masked (all vectorised with pandas ``str.replace``; traditional characters as simplified (``聯繫人``,
``電話``: :data:`_TRADITIONAL`), full-width digits, signs and the
ideographic space, every script's decimal digits (١٣٨…, 𝟏𝟑𝟖…) and every invisible character (zero-width, soft
hyphen, direction marks, invisible operators, fillers, variation selectors, tags: :data:`INVISIBLE`, as a space)
are folded to ASCII for the matching, the text outside a match is kept as written):

* 18- and 15-digit resident ID-card numbers, also written in groups (``110101 19900307 123X``) -> ``[身份证号]``;
* Chinese mobile numbers (11 digits starting 13–19, optionally ``+86`` / ``86`` / ``0086`` / ``(+86)``,
  split by spaces, hyphens or dots, grouped 3-4-4 by commas (``138,1234,5678``; an amount's ``1,234,567`` stays), in
  full-width digits too, or its first three digits in brackets: ``(138)1234-5678``) -> ``[手机号]``; a phone or
  ID-card number in circled or other such digits (``①③⑧①②③④⑤⑥⑦⑧``, ``❶❸❽…``: a run of two or more, :data:`_MARK_DIGITS`;
  one alone is a list's mark, ``①13812345678`` keeps it) is read as its digits; a phone or ID-card number
  must not follow a letter (``WO13812345678`` is an order id), unless the letters are a label run on to it
  (``Tel``, ``phone``, ``mobile``, ``ID``);
* landline numbers with an area code in every common form (``010-12345678``, ``(0571)88886666``,
  ``0571-8111-0008``, ``０１０ 6111 0007``, ``+86 571 8111 0008``, an extension) -> ``[电话]``;
  also with an extension written ``转8001``, ``分机 8001`` or ``ext. 12``, an area code apart from its number
  (``区号0571电话88886666``) and a local number after a phone label (``电话88886666``, ``座机：8888 6666``);
* a mobile after a phone label typed with letters for digits (``电话：138O0l38000``: O/o for 0, l/I for 1) -> ``[手机号]``;
  a word stays (``电话：Hello``); a landline so typed (``电话：O1O-6552 3456``) -> ``[电话]``;
* a vehicle plate after its label or a car word (``车牌号：京A12345``, ``车辆粤B D12345``) -> ``[车牌号]``; a
  plate-shaped run without one stays (``京A12345停在门口``), as do a window's or an order's ``A12345``;
* numbers written in word digits (``一三八一二三四五六七八``, ``幺``, ``〇``/``零``, mixed with digits): an 11-digit
  mobile -> ``[手机号]``, any other run of 7 or more -> ``[电话]``;
* e-mail addresses -> ``[邮箱]``, also written ``zs(at)qq.com``, ``zs [at] qq dot com`` or ``zs@qq。com``;
* accounts that reach a person, after their label: QQ numbers (``QQ 12345678``), WeChat ids (``wx:zhangsan123``,
  ``微信号：zhangsan123``), Weibo or Douyin names (``微博@…``) -> ``[社交账号]``; two mobiles run together
  (``1381234567813912345678``) and a mobile run on to a date (``订单2025030513812345678`` -> ``订单20250305[手机号]``)
  -> ``[手机号]``; a mobile written in groups with slashes (``138/1234/5678``);
* names after a label and any separator or bracket (``客户=张三``, ``客户-张三``, ``客户/张三``, ``客户【张三】``,
  ``客户「张三」``): a surname, then a verb or a stop, as after no separator, or the next separator before a person's
  next field (``客户-张三-13812345678``, ``客户|张三|男|45岁``); ordinary words stay (``客户-电费问题``,
  ``客户【投诉】``, a category path ``客户|高压|专变``);
* names after ``姓名`` / ``联系人`` / ``户名`` (colon optional) and after ``客户`` / ``患者`` / ``用户`` /
  ``户主`` / ``业主`` / ``报修人`` … (:data:`_LABELS`) with either colon (``客户：张三``) -> ``客户：某某`` (a pronoun,
  an interjection, 请 or a negation after the colon starts no name: a transcript's ``客户：我家停电了`` stays; the
  name a speaker then gives is one: ``客户：我叫王芳`` -> ``客户：我叫某某``, after a greeting too: ``客户：您好，我是李明``;
  a name given after ``我叫`` / ``名叫`` / ``我的名字是`` anywhere in a text, and one asked to call back, ``请张三回电``,
  are masked as well; with a title, the title kept: ``请王经理回电`` -> ``请某经理回电``, as ``王先生`` -> ``某先生``; a given
  name after the surname said first, ``本人姓王名小明`` -> ``本人姓王名某某`` (the surname said alone stays: ``我姓王``); a
  name in speech written with no stop ends at the speaker's next ``我``: ``我是王小明我想问`` -> ``我是某某我想问``), in
  brackets (``客户（张三）``; any name of two to four characters in round brackets or corner quotes, a minority or
  transliterated one too: ``客户（热依拉）``, a description kept: ``客户（黄金会员）``), or without a colon, spaces or none, when a surname follows and then a verb,
  ``的``, a number or a stop (``客户张三来电反映`` -> ``客户某某来电反映``, ``客户 张三 来电``);
* romanised names after such a label or ``Name:`` / ``Customer:`` / ``Contact:`` / ``Patient:`` / ``Caller:``
  (``客户：Zhang San``, ``联系人 Li Si``, ``客户Zhang San来电``, ``客户JOHN SMITH来电``) -> ``某某``, an abbreviation
  in capitals kept (``客户（VIP）``, ``客户 SVIP``, ``客户VIP来电``: :data:`_ABBREVIATION`); with no label, before an act at a
  clause's start, in any case, a surname's syllable first or last (``wang lei来电`` -> ``某某来电``), a brand kept
  (``Tian Mao投诉``: :data:`_PINYIN_NAME`), a run of pinyin words masked whole or kept whole (``wang xiao ming来电`` ->
  ``某某来电``, ``wang fu jing来电`` and ``ma ke bo luo来电`` stay);
* names before ``先生`` / ``女士`` / ``小姐`` (``王先生``, ``欧阳娜娜女士``) -> ``某先生``, ``某女士``, and before
  ``师傅`` / ``阿姨`` / ``老师`` … (``王小明师傅`` -> ``某师傅``), also with a space or a character nobody sees between
  the name's characters or before the title (``王大锤 先生``, ``王大\u200d锤先生`` -> ``某先生``); a romanised name after
  an English honorific (``Mr. Wang Lei``, ``Ms Li Na`` -> ``Mr. 某某``, ``Ms 某某``);
* a name with its cue after it at the start of a clause or right after a date or time (``张三反映窗口排队久``,
  ``，王小明来电称``, ``3月5日王小明反映``) -> ``某某``, with ``的`` before the cue too (``张三丰的投诉.csv`` ->
  ``某某的投诉.csv``), and one at a clause's start right before a phone number (``张三丰 13812345678`` ->
  ``某某 [手机号]``; a title stays: ``王经理 13812345678`` -> ``王经理 [手机号]``);
* a name split by a space (``客户张 三来电``, ``客户：张 三``, ``客户：王大 锤来电``) or written with a middle dot (``姓名：阿卜杜·热合曼``,
  ``患者买买提·艾力就诊``); after a label with no colon the name ends before its cue (``联系人张三来电`` ->
  ``联系人某某来电``), after a romanised name an English word stays (``Name: Zhang San said`` -> ``Name: 某某 said``);
  ``向`` right before a title, or before a name and its title, then what was said or asked, is the preposition
  (``向师傅反映`` stays, ``客户向王师傅反映`` -> ``客户向某师傅反映``);
  a word that cannot start a name (time words, function words, common nouns: :data:`_NOT_NAME`) is never taken
  for one, after a label or before a cue (``客户白天不在家``, ``客户于昨日来电``, ``费用投诉`` stay);
* ID-card and mobile numbers with a separator between any two digits, passport and permit numbers and foreign
  identity cards after their label, and without one in the forms no id takes (``E12345678``, ``EA1234567``,
  ``C12345678``, ``A123456(7)``: :data:`_DOCUMENT`) -> ``[证件号]``, bank cards (after a label, or a UnionPay 62… number, or four groups of four, or 16 to 19 digits passing the
  Luhn check in a clause about a bank card or an account, or right after 卡: ``退款至银行卡 4111111111111111``,
  ``卡:4111111111111111``, or with the card word after them in the sentence: ``4111111111111111是客户的银行卡号``,
  ``…（工行卡）``; the same digits with no
  such word are an order id, kept: :data:`_CARD_IN_CONTEXT`) -> ``[银行卡号]``;
* bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069: :data:`BIDI_CONTROLS`) are dropped,
  first: from the data they only make a text look reordered (a name's tail reversed, a number's digits moved); a
  text an override shows reversed is masked as it is shown too (``\u202e87654321831`` is read 13812345678 ->
  ``[手机号]``), a number an embedding reorders too, and the text given in one order that shows neither reading's
  personal data (:func:`_bidi_masked`), its controls dropped;
* a text longer than a spreadsheet cell (:data:`MAX_TEXT`) is masked, then cut there;
* house numbers, buildings, units and rooms, with the street or estate name before them, to the district at most
  (``家住中山路128号3栋2单元501室`` -> ``家住[地址]``, ``朝阳区幸福小区3栋2单元501`` -> ``朝阳区[地址]``).

:func:`mask_message` and :func:`mask_json` apply the same to one message (console, log) and to
every string of a notebook's outputs or a chart; :class:`MaskingFilter` to a log.

Service numbers such as 95598 and 12345 are not phone numbers and stay.
Masking is a safeguard, not a guarantee: names written without one of
these cues are not recognised, so masked text still goes
only to people entitled to see complaints.

What the rule promises, and what it does not (decided in the twenty-eighth audit):

* every phone and ID-card number and every e-mail address, in the written forms above, with a cue or without one;
  passport, permit and bank-card numbers after their label or in the forms no record id takes: masked;
* a column of names (:func:`personal_column`: 姓名, 客户名称, 联系人 …): masked whole, whatever it holds;
* a name in free text written as records name people (after a label, before a title, before an act at a clause's
  start, in the forms listed above): masked;
* a name in free text with no cue (``今天张三在窗口等了很久``, ``窗口张三态度差``): shown as written.  No rule can tell it
  from the words around it without a cue: a list of surnames would take every word starting with one for a name.
  Measured on the five standards' own text: 9.7 % of their Chinese characters (829 of 8,522) are one of the ~190
  surnames of :data:`_SINGLE` (时 范 查 和 明 文 应 程 费 解 方 关 向 …), and 300 of their 387 sentences hold one, so
  ``时间``, ``范围``, ``检查``, ``明确``, ``文明`` would all be masked and the text unreadable.  The names an organisation
  knows (a staff roster) can be masked wherever they stand with :func:`mask_text` ``(names=…)``.

The survey's comments (:func:`windoweval.survey.analysis.mask_pii`) use the same rules
with the ``survey`` profile: bilingual tokens (``[电话/phone]``, ``[姓名/name]`` …), and
further rules that records leave out (their text carries work-order and account numbers
that must stay): phone numbers without the strict boundaries above, names before a title (``王师傅``), after a role (``工作人员李丽``) or
after ``我叫`` with no stop after them, a listed surname's name at a clause's start right before a phone number
(``张伟 13812345678``, ``请联系我：王秀英，电话…``), and any run of 9 or more digits (see :data:`RULES`).

Examples
--------
>>> import pandas as pd
>>> mask_text(pd.Series(["王先生来电,电话138 1234 5678,身份证11010119900307123X"])).tolist()
['某先生来电,电话[手机号],身份证[身份证号]']
"""
from __future__ import annotations

import contextlib
import functools
import os
import re
import threading
import unicodedata

import numpy as np
import pandas as pd

__all__ = ["mask_text", "mask_frame", "mask_message", "mask_lines", "shown_paths", "path_roots", "roots_for", "mask_json", "candidates", "candidate_pattern",
           "PRIVATE_PATTERNS", "RULES", "TOKENS", "MAX_TEXT", "CUT_MARK", "cut_cell", "personal_column", "BIDI_CONTROLS",
           "drop_bidi", "free_text_column", "id_column", "person_key_column", "names_in_key_values", "whole_values", "whole_personal_columns", "TERMINAL_CONTROL", "shown_control", "looks_like_a_record"]

# The common single-character surnames (百家姓, the ~190 most frequent) and the
# compound surnames.  In records a name is only recognised before 先生/女士/小姐, so a
# word that happens to start with one of these characters elsewhere is untouched.
_SINGLE = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
           "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
           "郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰"
           "焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁"
           "蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全"
           "佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
_COMPOUND = ("欧阳", "司马", "诸葛", "上官", "司徒", "东方", "夏侯", "皇甫", "尉迟", "公孙", "慕容", "长孙",
             "宇文", "令狐", "端木", "西门", "南宫", "独孤", "澹台", "呼延")

#: The bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), as a character class's ranges: from
#: the data they only reorder how a text looks (``城东营业厅\u202e良好`` shows its tail reversed, a phone number's
#: digits in another order), so every text for people loses them (the ``bidi`` rule, first of :data:`RULES`;
#: :func:`drop_bidi`).  The direction marks (LRM, RLM, ALM) stay: they reverse nothing.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_BIDI_TABLE = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def drop_bidi(text):
    """``text`` without bidi embeddings, overrides and isolates (:data:`BIDI_CONTROLS`); anything else as it is.

    Examples
    --------
    >>> drop_bidi("城东营业厅\u202e良好"), drop_bidi("Power hall"), drop_bidi(3)
    ('城东营业厅良好', 'Power hall', 3)
    """
    return text.translate(_BIDI_TABLE) if isinstance(text, str) else text


#: What a terminal would act on instead of showing, when it comes from the data (a cell, a file name, a window's
#: name): control characters but the tab and the line feed (ESC starts a sequence that can clear the screen, set
#: the window title or hide text), DEL, the C1 controls (U+0080-U+009F, CSI among them) and the bidi overrides and
#: isolates that reorder a line (U+202A-U+202E, U+2066-U+2069).  Each is printed as its code (``\\x1b``, ``<U+202E>``:
#: :func:`shown_control`), by the command line's streams and by :func:`mask_message` ``(terminal=True)``, which shows
#: them before masking drops the bidi controls, so that a line says what the data held.
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown_control(m: re.Match) -> str:
    """The code a terminal control (:data:`TERMINAL_CONTROL`) is shown as.

    Examples
    --------
    >>> TERMINAL_CONTROL.sub(shown_control, "PW01" + chr(27) + "[2J" + chr(0x202E) + "RED")
    'PW01\\\\x1b[2J<U+202E>RED'
    """
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"<U+{c:04X}>"


_NOT_DIGIT_BEFORE = r"(?<![0-9A-Za-z])"
#: Before a phone or ID-card number: no letter or digit, or a label run on to it (``Tel13812345678``,
#: ``ID110101199003071234``); other letters before digits are an order or account number and stay.
_NUMBER_START = (r"(?:(?<![0-9A-Za-z])|(?<=[Tt][Ee][Ll])|(?<=[Pp][Hh][Oo][Nn][Ee])|(?<=[Mm][Oo][Bb][Ii][Ll][Ee])"
                 r"|(?<=[Ii][Dd]))")
#: Labels run on to a number that the pre-filter must find (:func:`candidate_pattern`).
_NUMBER_LABELS = r"(?:[Tt][Ee][Ll]|[Pp][Hh][Oo][Nn][Ee]|[Mm][Oo][Bb][Ii][Ll][Ee]|[Ii][Dd])[0-9]"
_NOT_DIGIT_AFTER = r"(?![0-9A-Za-z])"
#: A separator a clerk may put between any two digits of a number (``1381-234-5678``, ``3301 0619 8506 1220 3X``):
#: up to four blanks (spaces, tabs, line breaks, U+3000 and NBSP folded) on either side of a dash, a dot or a slash,
#: or up to eight blanks alone (``138   0013   8000``, a clerk's alignment or a pasted table: three or more escaped
#: until safety26). A dot, slash, underscore, middle dot or tilde (138_0013_8000, 138·0013·8000, 138~0013~8000,
#: safety26) only before a group of three digits (13.5 12.8, 13/8, 3~5 are no phone); 杠, a dash said (138杠1234杠5678,
#: msgs46), as a dash. Atomic: every
#: character it takes is no digit, so only its longest match can end before the digit that must follow, and a
#: failed number never backtracks into the blanks.
_S = r"(?>\s{0,4}(?:-|杠|[./_·・•~～](?=\s{0,4}\d{3}))?\s{0,4})"
#: The separators of a landline's groups (area code, number, its halves), as wide as :data:`_S`: ``010   6552   3456``;
#: :data:`_LS1` needs one (``6552 3456``, not ``65523456`` read as two halves). Atomic as :data:`_S`.
_LS = r"(?>\s{0,4}(?:杠|[-.]{0,2})\s{0,4})"
_LS1 = r"(?=[-\s.杠])" + _LS
#: The separator of a bank card's groups (6222 0200 1234 5678): a blank or a dash, as wide as :data:`_S`
#: (``4111   1111   1111   1111`` escaped until session 26), atomic.
_CARD_SEP = r"(?=[-\s杠])(?>\s{0,4}(?:-|杠)?\s{0,4})"


def _spaced(*parts: str) -> str:
    """The digit patterns ``parts`` one after another with :data:`_S` allowed between any two of them."""
    return _S.join(parts)


_D = r"\d"
#: The date of birth inside an ID-card number, a separator allowed between any two digits (yy for the old 15 digits).
_YYYY = r"(?:" + _spaced("1", "[89]") + "|" + _spaced("2", "0") + ")" + _S + _spaced(_D, _D)
_MMDD = (r"(?:" + _spaced("0", "[1-9]") + "|" + _spaced("1", "[0-2]") + ")" + _S
         + r"(?:" + _spaced("0", "[1-9]") + "|" + _spaced("[12]", _D) + "|" + _spaced("3", "[01]") + ")")

#: The surnames the survey's comment rules know (the most frequent 100 of :data:`_SINGLE`).
_COMMON = _SINGLE[:100]
_TITLES = "师傅|经理|医生|护士|主任|老师|同志|先生|女士|小姐|大夫|科长|所长|班长|姐|哥"
_ROLES = "工作人员|营业员|柜员|收费员|护士|医生|大夫|药剂师|服务员|导诊员|经理"
_AFTER = r"(?=态度|服务|很|非常|特别|不|没|的|对|给|把|让|说|讲|师傅|[,，。！!？?、；;：:\s]|$)"
#: Who speaks for the window in a transcript's label (营业员小王：, 药师王小芳：, 客服 小李：): a name written into the
#: label is masked (营业员某某：), in both profiles; the label's role word stays (session 26).
_STAFF_WORDS = ("工作人员|窗口人员|营业员|柜员|收费员|话务员|挂号员|导诊员|导医|护士|医生|大夫|药剂师|药师|服务员|经理|客服|坐席|员工"
                "|职员")
#: A name in a staff label: 小/老/阿 and a character, or a surname (compound or single, all this module knows) and one
#: or two characters.  The one pattern: ``records.speakers`` reads a staff label's name by it, so every name read as
#: a staff label is masked.  Real characters, no ``\u`` escape: RE2 (the pre-filter, speakers) reads it too.
_LABEL_NAME = (f"(?:[小老阿][\u4e00-\u9fff]|(?:{'|'.join(_COMPOUND)})[\u4e00-\u9fff]{{1,2}}"
               f"|[{_SINGLE}][\u4e00-\u9fff]{{1,2}})")

#: The tokens each profile writes, by kind.  ``records`` (the default of :func:`mask_text`):
#: complaint descriptions, tables, report pages; ``survey``: respondents' comments
#: (:func:`windoweval.survey.analysis.mask_pii`), bilingual.
TOKENS: dict[str, dict[str, str]] = {
    "records": {"id_card": "[身份证号]", "mobile": "[手机号]", "landline": "[电话]", "email": "[邮箱]",
                "name": "某某", "name_title": "某", "number": "[号码]", "address": "[地址]",
                "document": "[证件号]", "bank_card": "[银行卡号]", "account": "[社交账号]", "plate": "[车牌号]"},
    "survey": {"id_card": "[身份证号/ID]", "mobile": "[电话/phone]", "landline": "[电话/phone]",
               "email": "[邮箱/email]", "name": "[姓名/name]", "name_title": "[姓名/name]",
               "number": "[号码/number]", "address": "[地址/address]",
               "document": "[证件号/document]", "bank_card": "[银行卡号/card]",
               "account": "[社交账号/social id]", "plate": "[车牌号/plate]"},
}

#: Who a record speaks of (客户张三来电, 患者李四反映): a surname right after one of these, then a verb or a stop.
_PARTIES = ("客户|患者|病人|来电人|申请人|投诉人|办事人|市民|群众|用户|居民|家属|"
            # a relative named by kinship as 家属 is (患者李某某之子李强来电, 其女儿王芳投诉: hostile47)
            "之子|之女|儿子|女儿|丈夫|妻子|爱人|老伴|父亲|母亲|配偶|监护人|"
            # a grandchild, a sibling, an in-law likewise (其孙子王强来电, 患者姐姐王芳投诉, 其儿媳刘敏来电: review47)
            "外孙女|外孙|孙子|孙女|哥哥|姐姐|弟弟|妹妹|儿媳|女婿|"
            # spoken kinship words, the other side's in-laws, a friend, a neighbour, a colleague (其爸爸王强来电,
            # 患者妈妈李芳投诉, 患者之母李芳来电: review48)
            "之母|之父|之妻|之夫|爸爸|妈妈|老公|老婆|媳妇|岳父|岳母|爷爷|奶奶|外公|外婆|公公|婆婆|叔叔|伯伯|舅舅|"
            "姑姑|姨妈|阿姨|侄子|侄女|外甥女|外甥|朋友|邻居|同事")
#: Labels a name follows after a colon (``户名：王小明``, ``报修人:张三``): every party, and the labels used only so.
_LABELS = _PARTIES + "|户主|户名|业主|报修人|报装人|举报人|代理人|经办人|收件人|联系人|当事人"
_PARTY_NEXT = (r"(?=来电|致电|来信|来访|反映|投诉|举报|称|表示|要求|询问|咨询|办理|前来|到|在|于|对|不|没|认为|说|讲|"
               r"因|多次|再次|又|已|未|本人|家|的|"
               # what a patient, a relative or a contact does or has (患者王小明就诊, 家属李四陪同, 联系人张三电话…)
               r"陪同|陪护|就诊|就医|挂号|缴费|取药|输液|住院|入院|出院|复诊|候诊|排队|等候|等待|签字|离开|拒绝|同意|"
               r"情绪|需要|希望|请求|申请|预约|前往|进入|回电|电话|手机|联系|现场|女士|先生|"
               # the field a party's record gives after the name (患者王小明身份证…, 申请人李四证件号, 家属陈红年龄68岁)
               r"身份证|证件|就诊卡|医保卡|社保卡|住址|地址|年龄|性别|"
               r"[0-9０-９\[+,，。.！!？?、；;：:（(\s]|$)")
#: Characters a Chinese transliteration of a minority's or a foreign name is written with (热依拉, 古丽娜尔, 阿依古丽,
#: 买买提, 扎西卓玛, 其木格): a bracketed run after a label with no listed surname is taken as a name only when every
#: character of it is one of these (``name_bracket_any``; 客户（学生）, 客户（母亲）, 客户（光伏）, 客户（紧急） are
#: service words and descriptions, kept: rev23d; a list of characters no name takes could never be complete).
_TRANSLIT_CHARS = ("阿艾爱安昂奥巴拜班邦保贝本比彼毕别宾波伯博布才查达代戴丹道德登迪蒂丁东杜敦多朵厄恩尔法菲斐芬弗福夫"
                   "盖甘冈戈格古哈海罕汗豪合何赫亨胡霍基吉加嘉贾杰捷金喀卡凯坎康考柯科克肯库夸奎昆拉莱赖兰朗劳勒雷蕾"
                   "黎里丽莉利力连列林琳玲龙娄卢鲁伦罗洛马玛迈麦曼梅蒙米敏茉莫姆木穆纳娜乃南妮尼聂宁努诺欧帕潘庞佩"
                   "皮珀奇齐琪恰乔琼萨塞赛森桑沙莎尚舍什斯松苏索塔泰坦汤唐提汀图托瓦万旺威韦维温沃乌吾西希锡夏谢辛"
                   "雅亚扬耶叶依伊怡尹尤约扎泽詹朱卓孜兹措次仁珠央尕让旦顿增曲平尺嘎娃热买那其和兰")
#: A character of a given name: a Chinese character but a negation (客户张三不在家: 不 ends the name, it is kept).
_NAME_CHAR = r"(?![不没未])[\u4e00-\u9fa5]"
#: A character of a given name a speaker gives (我叫…, 我姓王名…): nor a pronoun either (我叫李四我的电话是: a
#: speech-to-text line with no stop, the speaker's next 我 is no part of the name; it had become 我叫某某的电话是: priv33).
_INTRO_CHAR = r"(?![不没未我你您他她])[\u4e00-\u9fa5]"
#: Characters no Chinese given or transliterated name takes, and a service word, a category or a description of a
#: customer does (黄金会员, 本人, 企业, 老人, 未成年, 外籍, 重复来电): a bracketed run after a label holding one is no name
#: (``name_bracket_any``).
_NOT_IN_NAME = ("费电业务会员投诉询修装期欠缴问题单位司企部门证卡号办理申请报限延类型级等帐账款额价表网线路站所厅局区村镇街"
                "市省县代匿本属权益事项件次批量籍保险停送故障抢计增容变更销补换领用户客人老男女性未已首多复重外地居独孕残疾"
                "聋哑盲瘫病伤同上下前后新旧高低大小个体商家庭某无不详待查核实其他转接")
#: What one says or asks of a person (向师傅反映, 向王师傅咨询): after 向 and a title, 向 is the preposition.
_TOLD = r"(?:反映|咨询|询问|说明|解释|投诉|求助|提出|了解|表示|说|讲|问|请教|打听|报修|求证|道谢|致谢)"
#: Words that start with a surname's character but are not a name where a name could stand (after a label,
#: before a cue): time words (客户白天不在家, 客户于昨日来电), adverbs and function words (客户曾多次来电,
#: 客户向窗口反映, 客户和家属), common nouns and verbs (费用投诉, 安装咨询, 客户车辆在…).  A preposition that is also
#: a surname (于 向 和 同) counts as one before a time, a place or a pronoun (于昨日, 向窗口, 和家属).
_NOT_NAME = (r"(?:白天|晚上|早上|早晨|中午|上午|下午|夜间|夜里|凌晨|周末|当天|当日|当晚|当时|当场|当面|今天|今日|"
             r"昨天|昨日|明天|明日|前天|近日|近期|近来|平时|时常|常常|经常|曾经|曾多|曾在|曾于|曾向|曾经|曾两|曾三|"
             r"连续|连日|连着|全家|全部|全体|全程|全年|万分|高度|十分|非常|方面|成功|应该|应当|车辆|安装|费用|管理|"
             r"程序|包装|关于|金额|余额|高温|常规|宁可|时间|单位|通过|江边|明确|明显|林业|华为|严重|和平|"
             r"安保|司机|管道|维修|师傅|"
             # service and complaint words a surname's character starts (客户：【高压新装】, 客户方便时来电, 患者：（陈述）)
             r"高压|高龄|方便|陈述|钱款|黄页|史上|"
             # a kind of doctor or what one is asked, not a surname before 医生/护士/大夫 (newuser48: 全科医生,
             # 管床医生, 应医生要求, 和护士说 are no names)
             r"全科|管床|应(?=医生|护士|大夫)|"
             # a ward's, a shift's or a post's doctor or nurse, its word ending in a surname's character (病房医生,
             # 药房护士, 主任医生, 责任护士, 主管医生, 实习医生, 社区医生, 白班护士长: the lead, session 48)
             r"(?:(?<=[病药])房|(?<=[主责])任|(?<=[主分])管|(?<=实)习|(?<=社)区|(?<=[白夜早晚中值当跟轮])班|"
             r"[白夜早晚中值当跟轮]班)(?=医生|护士|大夫)|"
             r"[和同跟][昨今明前后上下当本近去每该此其我你他她贵窗营供医护政相有多工柜次周年月日师阿老大爷奶"
             r"\d０-９一二两三四五六七八九十]|"
             # 于 and 向 are common surnames too (于晓月, 于大海, 向明): only the phrases themselves
             r"于(?:昨[天日晚]|今[天日年晨早晚]|明[天日]|前[天日]|本[月周年日]|上[午周月年次]|下[午周月次]|"
             r"当[天日晚时月]|近[日期来]|去年|每[天日周月年]|次日|该[日月]|此前|此后|其|"
             r"窗口|营业|柜台|现场|大厅|热线|网上|线上|电话|医院|中心|社区|本院|该院|"
             r"[\d０-９一二两三四五六七八九十]{1,4}\s*(?:时|日|月|年|号|点|分))|"
             r"向(?:窗口|营业|柜台|工作人员|我|你|他|她|其|本|贵|相关|有关|上级|领导|医院|医生|护士|供电|政务|中心|"
             r"大厅|客服|热线|公司|单位|部门|社区|街道|物业|媒体|记者|[\d０-９]|"
             # 向师傅反映 (told the technician), not 向 as a surname: a title, then what was said or asked
             # (向师傅态度很好, 向阿姨来电: 向 is the surname)
             r"(?:师傅|阿姨|大爷|大妈|大娘|大姐|大哥|奶奶|爷爷|老师|老人家)"
             r"(?=" + _TOLD + r")))")
#: A surname (:data:`_SINGLE`, :data:`_COMPOUND`) as a pattern.
_SURNAME = r"(?:" + "|".join(_COMPOUND) + r"|[" + _SINGLE + r"])"
#: What a person does that a record names them before (张三反映窗口排队久, 王小明来电称): the cue after a name.
_ACTS = r"(?:来电|致电|来访|来信|来函|反映|投诉|举报|称其|称自己)"   # not 表示: 颜色表示, 数据表示
#: Words after a date or time that start with a surname's character but say when or how (3日周三来电, 6号左右来电,
#: 8日高峰来电, 1日全天来电): never a name before a cue there.
_NOT_NAME_AFTER_DATE = r"(?:周[一二三四五六日天末]|左右|高峰|全天|黄昏|方便|包括|石家庄)"
#: Where a name with its cue after it may start: the start of the text or of a clause (a stop, a space, a bracket,
#: a quote) or after a date or time (5日张三来电, 3月5日王小明反映, 2025-03-05张三来电); inside a clause (费用投诉,
#: 关于投诉) a surname-like word before a cue is left alone.
_CLAUSE_START = r"(^|[\s,，。；;：:、！!？?（()）\[\]【】“”\"'《》]|(?<=[\d０-９])[日号时点]?)"
#: What a work order writes between 请 and the call it asks for that starts with a surname's character (请马上联系客户,
#: 请向客户回复, 请安排回访, 请严格按时回复, 请查实回复, 请周一回电, 请任何人回复, 请文明回复, 请施工方联系, 请车主联系): no name
#: (``name_after_please``; review31), with :data:`_NOT_NAME_AFTER_DATE`'s days and times.
_NOT_CALLER = (r"(?:马上|向|安排|严格|何时|任何|任意|文明|包容|包涵|施工|安全|关注|车主|房东|房主|白班|金牌|银牌|高级|"
               r"党员|路过|方便|管床|管片|管区|包片|包村|包保|包联|项目|任课|"
               r"查(?:实|明|清|收|看|询|阅|证|处|办|核|一下)|" + _NOT_NAME_AFTER_DATE + ")")
#: The titles a name asked to call back may carry (请张三同志回电, 请王经理回电, 请王师傅回电: ``name_after_please_title``).
_CALL_TITLES = (r"(?:同志|经理|主任|科长|所长|班长|医生|大夫|护士|老师|先生|女士|小姐|师傅|阿姨|大爷|大妈|大娘|大姐|大哥|"
                r"奶奶|爷爷)")
#: The call a name is asked for after 请 (``name_after_please``, ``name_after_please_title``).
_CALL = r"(?:回电|回复|回访|联系|致电|打电话|来电|给.{1,4}?(?:回电|打电话|回复))"
#: The last character of a unit or a role before the call (请项目部回复, 请安全员联系, 请关注并回复): no given name ends so.
_NOT_CALLER_END = r"(?<![部组队处科站室局厅所员并])"
#: Titles a name stands before (赵师傅, 王小明师傅, 孙阿姨), beside 先生, 女士 and 小姐.
_KIN_TITLES = r"(?:师傅|阿姨|大爷|大妈|大娘|大姐|大哥|奶奶|爷爷|老师|老人家|医生|大夫|护士)"
#: ``向`` before a name with its title and then what was said or asked (客户向王师傅反映, 向李女士咨询): the
#: preposition, kept; the name after it is masked alone (客户向某师傅反映, as 向师傅反映 keeps 向).  With anything else
#: after the title 向 is a surname (向明师傅态度好 -> 某师傅态度好).
_TO_TITLED = (r"向(?=(?:" + "|".join(_COMPOUND) + r"|[" + _SINGLE + r"])[\u4e00-\u9fa5]{0,2}?"
              r"(?:师傅|阿姨|大爷|大妈|大娘|大姐|大哥|奶奶|爷爷|老师|老人家|先生|女士|小姐|经理|医生|护士|主任|同志|大夫|科长|所长|班长)"
              + _TOLD + ")")
#: A travel document's or identity card's number written without its label, in the forms only such a number takes:
#: the letters of a passport series (E12345678, EA1234567, G12345678, P1234567, SE1234567, DE1234567), of the Hong
#: Kong and Macau permit (C12345678) or of the Taiwan permit (L12345678), then exactly as many digits as its number
#: has, the first not a 0 and not starting with a year (E20250305, G20250001 are a day's or a year's orders); a Hong Kong or Macau identity
#: card with its check digit in brackets (A123456(7), 1234567(8)); a foreigner's permanent residence card
#: (ABC110085062001).  No letter, digit, ``-`` or ``_`` on either side: WO25003242, V202503-1, C0000001, C00012345,
#: C240000001, T250000001 and KX000001 stay (ids take other letters or more digits).
_DOC_DIGITS = r"(?!20[0-3]\d)[1-9]"
#: Labels of the organisation's own numbers: a passport-shaped token after one of them is that number (表号E12345678).
_ID_LABELS_FILE = __import__("pathlib").Path(__file__).with_name("id_labels.yaml")


def _id_label_lookbehind(doc: dict) -> str:
    """Not right after an id label of ``doc`` (``labels`` × ``suffixes`` × ``separators``, :data:`_ID_LABELS_FILE`):
    one negative look-behind for each length of label (Python's ``re`` looks behind a fixed width only)."""
    words = {f"{w}{suffix}{sep}" for w in doc["labels"] for suffix in doc.get("suffixes", [""])
             for sep in doc.get("separators", [""])}
    words.discard("")
    by_len: dict[int, list[str]] = {}
    for w in sorted(words):
        by_len.setdefault(len(w), []).append(re.escape(w))
    return "".join(f"(?<!{'|'.join(ws)})" for _n, ws in sorted(by_len.items(), reverse=True))


def _load_id_labels() -> dict:
    import yaml

    return yaml.safe_load(_ID_LABELS_FILE.read_text(encoding="utf-8"))


#: Not right after a label of the organisation's own numbers (``id_labels.yaml`` beside this module: 表号, 设备编号,
#: 发票代码：…): a passport-shaped token after one of them is that number (表号E12345678), kept.
_NOT_AFTER_ID_LABEL = _id_label_lookbehind(_load_id_labels())
_DOC_TOKEN = (r"(?:[EGCL]" + _DOC_DIGITS + r"\d{7}|E[A-HJ-NP-Z]\d{7}|[PSD]E?" + _DOC_DIGITS + r"\d{6}"
              r"|[A-Z]{1,2}\d{6}\s?[(（]\s?[0-9A]\s?[)）]|[157]\d{6}\s?[(（]\s?\d\s?[)）]"
              r"|[A-Z]{3}\d{12})")
#: A cell that is nothing but such a token is read as a record's id (G20250001, P1000001 in an id column), never
#: masked: ids must stay traceable, and a column that holds documents says so in its header (证件号, 护照, passport:
#: masked whole, :func:`personal_column`).
_DOCUMENT = (r"(?<![0-9A-Za-z_\-])(?=" + _DOC_TOKEN + r"(?![0-9A-Za-z_\-]))" + _NOT_AFTER_ID_LABEL + r"(?!(?<![\s\S])\s*" + _DOC_TOKEN + r"\s*\Z)"
             + _DOC_TOKEN + r"(?![0-9A-Za-z_\-])")
#: Digits as a clerk writes a number out in words (一三八…, 幺 for 1, 〇/零 for 0).
_CN_DIGITS = "零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖"   # and the capital (financial) numerals: 壹叁捌… (safety24)
_CN_DIGIT = r"[0-9" + _CN_DIGITS + r"]"
#: A number written at least partly in words: no digit, word digit or letter just before it, and a word digit in it.
_CN_START = r"(?<![0-9A-Za-z" + _CN_DIGITS + r"])(?=[0-9\s\-杠]{0,24}[" + _CN_DIGITS + r"])"
_CN_END = r"(?![0-9A-Za-z" + _CN_DIGITS + r"])"
#: One separator between word digits at most: a space, a dash, or 杠 (a dash said: 一三八杠一二三四杠五六七八, msgs46b)
_CN_SEP = r"[\s\-杠]?"
#: A name written with a middle dot (阿卜杜·热合曼, 玛丽·居里): its last part as short as the cue after it allows.
_DOTTED_NAME = r"[\u4e00-\u9fa5]{1,10}(?:\s?[·•・‧]\s?[\u4e00-\u9fa5]{1,10}?){1,3}"
#: A space a clerk put inside a name (张 三, 张  三: one or two, safety24), not before a cue or a negation (客户张 来电 is
#: no name).  Sliced below (``[3:-2]``: the space without its optional group).
_INNER_SPACE = r"(?:\s{1,2}(?!\s)(?!来电|致电|来访|来信|反映|投诉|举报|[不没未]))?"
#: Where the name a speaker gives ends (name_colon_intro, name_self_intro): at a stop or a verb (:data:`_PARTY_NEXT`), a
#: wish (客户：我是王芳想问一下), where they are (我是王芳这边停电了) or a relative of theirs (我是王芳丈夫): review31, names
#: session 31's end at a stop or a verb had shown.
_INTRO_NEXT = ("(?:" + _PARTY_NEXT + r"|(?=想|要(?:求|问|交|办|咨询|投诉|反映)|这边|那边|丈夫|老公|妻子|老婆|爱人|家属|"
               # or where the speaker says 我 again, in speech-to-text written with no stop (我叫李四我的电话是,
               # 我是王小明我想问一下: priv33)
               r"亲属|我))")   # not 孩子, 儿子 …: 我叫车来接孩子 is an errand
#: A greeting or an interjection a speaker opens a turn with before saying who they are (客户：您好，我是李明;
#: 客户：喂，你好，我叫王芳): none, one or several, each with its comma, stop, ellipsis, tilde or space.
_GREETING = r"(?:(?:您好|你好|喂|嗯|哦|噢|啊|哎|唉|是的|对)[,，!！。.…~～?？、;；\s]*)*"
#: Where a speaker is rather than who (客户：这里是李四家, 客户：这边是供电所吗): a place word, no name (``name_colon``), and
#: what ``name_colon_intro`` reads as an introduction before a name (客户：这里是李四; session 32).
_HERE = r"(?:这里|这边|那里|那边)"
#: Where a word ends: no Chinese character after it, or a particle closing the sentence (我是江苏人啊, 我是苏州啊:
#: review32).
_WORD_END = r"(?:(?![\u4e00-\u9fa5])|(?=[啊呀吗嘛哈呢噢哦啦哇](?![\u4e00-\u9fa5])))"
#: What a speaker says they are that starts with a surname's character (我是党员, 我是车主, 我是房东, 本人常年在外, 我是江苏人,
#: 我是石家庄人): a role, a group, a habit or a place (a few characters, then 人, 省, 市, 县 or 区 and no more), never a
#: name (``name_is_intro``, ``name_colon_intro``; session 32).  本人 after a name is no place (我是张三本人).
_NOT_INTRODUCED = (r"(?:党员|党委|团员|房东|房主|房客|车主|车间|户主|常年|常住|常客|方便|金牌|银牌|高级|高中|单身|成年|"
                   r"司机|程序|项目|包工|路人|路过|文员|全职|全家|孙子|管理|安装|万分|"
                   r"马上|万一|高兴|明白|农民|农村|农户|商户|商家|商铺|施工|申请|申诉|申报|申领|房屋|房子|房产|于是|宁愿|尤其|任职|田地|毛坯|"
                   # the provinces a surname's character opens (我是江西我想问: a name ends at 我 since priv33)
                   r"江西|江苏|安徽|宁夏|甘肃|吉林|"
                   # a city named with 州 (我是苏州, 我是温州来电: review32; no given name ends so)
                   r"[\u4e00-\u9fa5]{1,2}州(?:" + _WORD_END + "|(?=来电|致电|来访))|"
                   r"[\u4e00-\u9fa5]{0,2}[^\W\d_本爱家亲友病老][人省市县区]" + _WORD_END + "|"
                   # a road, a street, a village or a roadside, alone or before 的 (这里是黄河路, 我是王家村的,
                   # 这边是马路边: review32)
                   r"[\u4e00-\u9fa5]{1,3}[路街村镇乡庄边](?:" + _WORD_END + "|(?=的)))")
#: Where a name given with 我是 or 本人 and no label ends (``name_is_intro``): a stop, a space or the text's end, 本人, a
#: relative of theirs (我是张三的家属, 我是李四爱人), a wish or a call (我是王芳想问, 本人张三来电反映); not the wider
#: :data:`_INTRO_NEXT` (我是武汉的, 我是成都来的, 本人房子的问题, 我是马上到 are no names).
_IS_CUE = (r"本人|的?[他她]?(?:家属|亲属|家人|丈夫|妻子|老公|老婆|媳妇|"
           r"爱人|儿子|女儿|父亲|母亲|爸爸|妈妈|爸|妈|孩子|老伴|哥哥|姐姐|弟弟|妹妹|朋友|同事|邻居|代理人)|想|要(?:求|问|交|办|"
           r"咨询|投诉|反映)|这边|那边|来电|致电|来访|反映|投诉|举报|咨询|询问|申请|申诉")
#: (review32: a particle closing the sentence (我是王小明啊, 我是张三呀), an opening bracket, an ellipsis or a tilde
#: (我是李明（客户）, 我是李明……), 他爸 / 她妈 after the name (我是张三他爸) end a name too, and no given name holds a
#: cue's first character (本人和家人, 本人曾投诉, 本人和妻子来电 are no names))
_IS_NEXT = (r"(?=[,，。.！!？?；;、:：(（)）…~～\s]|$|[啊呀吗嘛哈呢噢哦啦哇](?![\u4e00-\u9fa5])|我|" + _IS_CUE + ")")
#: A surname and a title (我是王师傅, 我是刘总, 我是张医生): the title rules mask the name and keep the title, or a surname
#: alone with a title is left (``name_is_intro`` takes no such word).
_TITLED = (_SURNAME + r"[\u4e00-\u9fa5]{0,2}?(?:" + _KIN_TITLES[3:-1] + r"|先生|女士|小姐|同志|总|经理|医生|护士|主任|大夫|"
           r"科长|所长|班长|局长|处长|书记|老板)(?![\u4e00-\u9fa5])")
#: What follows 姓名 / 联系人 and is no name, a word of the sentence the label is part of (文本中的电话号码、身份证号码与
#: 姓名已隐去; 姓名未填写, 姓名等信息, 姓名与电话, 姓名栏, 姓名不详): no surname starts so (leftovers49: 已隐去 was masked as a name).
_NOT_AFTER_LABEL = r"(?:[已未均被需必等与及或栏不将请各]|信息|字段|隐去|为空|空白|一栏|一律|全部)"
#: A name after a label with a colon (姓名：张三丰, 联系人 李四): two to four characters, also split by a space
#: (张 三) or written with a middle dot (阿卜杜·热合曼); it ends before a cue (联系人张三来电, 客户：阿卜杜·热合曼来电 keep
#: 来电: safety22), else at four.
#: A given name's character in a name written with spaces between (王 大 锤): none that speech or a verb starts with.
_SPACED_NAME_CHAR = r"(?![不没未说讲要想问在是的了和与及也都就还又再我你您他她它])[\u4e00-\u9fa5]"
_FULL_NAME = (r"(?:" + _DOTTED_NAME + _PARTY_NEXT + "|" + _DOTTED_NAME.replace("{1,10}?", "{1,10}") +
              # a three-character name with a space before its last character (客户：王 大 锤, 投诉人：王大 锤 138…:
              # safe38), the name's end a stop or a space; a word of speech is no part of it (客户：李 说 要 退费)
              r"|" + _SURNAME + r"(?:" + _INNER_SPACE[3:-2] + r")?" + _SPACED_NAME_CHAR + _INNER_SPACE[3:-2]
              # or before its cue (客户：王大 锤来电: left39)
              + _SPACED_NAME_CHAR + r"(?:(?=[\s,，。.;；:：!！?？、)）]|$)|" + _PARTY_NEXT + ")"
              r"|" + _SURNAME + _INNER_SPACE[3:-2] + r"(?:[\u4e00-\u9fa5]{1,2}?" + _PARTY_NEXT + r"|[\u4e00-\u9fa5]{1,2})"
              r"|[\u4e00-\u9fa5·]{2,4}?" + _PARTY_NEXT + r"|[\u4e00-\u9fa5·]{2,4})")
#: A syllable of pinyin without tones (zhang, xiao, ming, ou, yang).
_PINYIN_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|iao|ian|uai|uan|ai|ei|ui|ao|"
                    r"ou|iu|ie|ue|ve|er|an|en|in|un|ia|ua|uo|a|o|e|i|u|v)")
#: The surnames of :data:`_SINGLE` and :data:`_COMPOUND` most often met, in pinyin without tones: a romanised name
#: without a label is taken only with one of them first or last (Wang Lei, Xiaoming Zhang).  Capitals are no evidence
#: (staff type ``wang lei`` as often as ``Wang Lei``; a brand is capitalised too: safety23).
_PINYIN_SURNAMES = (r"(?:ouyang|sima|zhuge|shangguan|situ|dongfang|xiahou|huangfu|murong|zhangsun|yuwen|linghu|"
                    r"wang|li|zhang|liu|chen|yang|huang|zhao|wu|zhou|xu|sun|ma|zhu|hu|guo|he|gao|lin|luo|zheng|liang|"
                    r"xie|song|tang|han|feng|deng|cao|peng|zeng|xiao|tian|dong|yuan|pan|yu|jiang|cai|du|ye|cheng|su|"
                    r"wei|lv|lyu|lu|ding|ren|shen|yao|cui|zhong|tan|fan|jin|shi|liao|jia|xia|fu|fang|bai|zou|meng|"
                    r"xiong|qin|qiu|hou|duan|lei|long|shao|mao|qian|kong|yan|mo|gu|hao|gong|wen|kang|yin|qiao|niu|"
                    r"chang|ge|xing|qi|tao|yi|an|ni|zhuang|nie|zhan|lan|jiao|ning|bao|ke|ji|pei|huo|ling|bi|miao|"
                    r"weng|ran|luan|sang|lang|zhen|gan|che|ou|min|bian|ai|you|mu|nong|zhai|geng|yue|ruan|ling)")
#: Brands, shops, services and places written in pinyin that open with a surname's syllable (Tian Mao 天猫, Jing Dong
#: 京东, Guo Wang 国网, Li Ning 李宁, An Hui 安徽, Wang Fu Jing 王府井): never a person before an act (Tian Mao投诉,
#: jingdong来电, An Hui来电 stay).
_PINYIN_BRANDS = (r"(?:tian\s?mao|tao\s?bao|jing\s?dong|zhi\s?fu\s?bao|wei\s?xin|wei\s?bo|mei\s?tuan|"
                  r"pin\s?duo\s?duo|dou\s?yin|kuai\s?shou|bai\s?du|gao\s?de|di\s?di|xian\s?yu|he\s?ma|"
                  r"su\s?ning|dang\s?dang|xie\s?cheng|qu\s?na\s?er|fei\s?zhu|yin\s?lian|yun\s?shan\s?fu|"
                  r"guo\s?wang|nan\s?wang|dian\s?wang|dian\s?xin|lian\s?tong|yi\s?dong|hua\s?wei|xiao\s?mi|"
                  r"ping\s?an|zhong\s?guo|tong\s?cheng|wang\s?shang|zhang\s?shang|shou\s?ji|ying\s?ye\s?ting|"
                  r"ke\s?fu|hu\s?lian\s?wang|wang\s?ting|wang\s?dian|ma\s?yun|li\s?ning|an\s?ta|meng\s?niu|"
                  # provinces, cities and places (An Hui来电, Wang Fu Jing来电 were masked as names: rev23d)
                  r"an\s?hui|he\s?nan|he\s?bei|hu\s?nan|hu\s?bei|shan\s?dong|shan\s?xi|shaan\s?xi|jiang\s?su|"
                  r"jiang\s?xi|zhe\s?jiang|fu\s?jian|guang\s?dong|guang\s?xi|yun\s?nan|gui\s?zhou|si\s?chuan|"
                  r"hai\s?nan|gan\s?su|qing\s?hai|ning\s?xia|xin\s?jiang|xi\s?zang|nei\s?meng(?:\s?gu)?|ji\s?lin|"
                  r"liao\s?ning|hei\s?long\s?jiang|tai\s?wan|xiang\s?gang|ao\s?men|chong\s?qing|tian\s?jin|"
                  r"bei\s?jing|shang\s?hai|guang\s?zhou|shen\s?zhen|hang\s?zhou|nan\s?jing|cheng\s?du|"
                  r"zheng\s?zhou|chang\s?sha|wu\s?han|xi\s?an|ji\s?nan|qing\s?dao|da\s?lian|shen\s?yang|"
                  r"nan\s?chang|kun\s?ming|gui\s?yang|nan\s?ning|lan\s?zhou|xia\s?men|shi\s?jia\s?zhuang|"
                  r"tai\s?yuan|ha\s?er\s?bin|chang\s?chun|wang\s?fu\s?jing|hai\s?dian|pu\s?dong|tian\s?an\s?men)")
_PINYIN_WORD = rf"(?:{_PINYIN_SYLLABLE}){{1,2}}"
#: A romanised Chinese name made of pinyin syllables, in any case: two or three words, each one or two syllables,
#: a surname's syllable (:data:`_PINYIN_SURNAMES`) first or last, and no brand (:data:`_PINYIN_BRANDS`).
_PINYIN_NAME = (rf"(?i:(?!{_PINYIN_BRANDS}(?![a-z]))(?:{_PINYIN_SURNAMES}(?:\s{_PINYIN_WORD}){{1,2}}"
                rf"|{_PINYIN_WORD}(?:\s{_PINYIN_WORD})?\s{_PINYIN_SURNAMES})(?![a-z]))")
#: Not right after a capitalised word of pinyin and a space, nor a lower-case name right after a lower-case word of
#: pinyin (``Ma Ke Bo Luo``, ``wang fu jing``: a name is two or three words, the last of a longer run is none, and a run
#: is masked whole or kept whole, never in part: safety24, the look-behind took capitals only and ``wang fu jing来电``
#: became ``wang 某某来电``; ``the user Li Na`` is English before it, a run is written in one case): one fixed-width
#: look-behind for each length of the word before, one to twelve letters (rev23d).  "A capital, or no lower-case
#: word behind" is written as one negative look-ahead, never as an alternation: look-arounds are atomic, and an
#: alternation of two zero-width branches for each of the twelve lengths was retried 2**12 ways wherever the name after
#: it failed (a font list ``"Noto Sans CJK SC", "Source Han Sans SC", ...`` took 1.2 s, a report 2x its time).
_NOT_AFTER_PINYIN = "".join(rf"(?<!(?<![A-Za-z])(?=(?i:{_PINYIN_WORD})\s)[A-Z][A-Za-z]{{{k - 1}}}\s)"
                            rf"(?!(?![A-Z])(?<=(?<![A-Za-z])(?={_PINYIN_WORD}\s)[a-z]{{{k}}}\s))"
                            for k in range(1, 13))
#: English words in lower case that follow a name in a sentence, never a part of it (``Name: Zhang San said``).
_EN_AFTER = (r"(?:said|says|say|called|calls|rang|phoned|asked|asks|complained|complains|reported|reports|came|comes|"
             r"visited|wrote|writes|told|tells|was|is|were|are|has|had|have|will|would|wants|wanted|requested|"
             r"requests|needs|needed|did|does|left|waited|and|or|at|on|in|from|to|who|about|by|with|for|the|of|"
             r"via|again|today|yesterday|tel|phone|mobile)(?![A-Za-z])")
#: A romanised name (pinyin): one to three words of letters (``Zhang San``, ``WANG Xiaoming``, ``zhangsan``).
#: Not a lower-case identifier with an underscore (``patient_kind``, ``customer_id``: a column's name in a message
#: such as ``患者 (patient_kind)``, masked ``患者 (某某_kind)`` before; session 38).
_IDENTIFIER = r"(?![a-z][a-z0-9]*_[a-z0-9_]*(?![A-Za-z0-9_]))"
_LATIN_NAME = _IDENTIFIER + r"[A-Za-z]+(?:[ ·.\-](?!" + _EN_AFTER + r")[A-Za-z]+){0,2}(?![A-Za-z])"
#: The same, run on to a label with no colon or space: capitalised words, or two or three words the first in capitals
#: (``客户Zhang San来电``, ``客户JOHN SMITH来电``).
_LATIN_NAME_RUN = (r"(?:[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,2}"
                   # or in capitals, two or three words (客户JOHN SMITH来电, 客户ZHANG San来电, safety24); one word in
                   # capitals stays (客户VIP来电, 客户APP下单: a grade or a channel as often)
                   r"|[A-Z]{2,}(?:[ \-][A-Z][A-Za-z]+){1,2})(?![A-Za-z])")
#: A romanised name after an English label: capitalised or upper-case words (``Zhang San``, ``ZHANG San``), a
#: lower-case last word where the clause ends (``ZHANG san``).
_LATIN_NAME_EN = (r"[A-Z][A-Za-z]*(?:[ ·.\-](?:[A-Z][A-Za-z]*|(?!" + _EN_AFTER + r")[a-z]+(?=\s*(?:$|[,，;；。.)）]))))"
                  r"{0,2}"
                  r"(?![A-Za-z])")
#: English words that follow such a label in prose or a table, not a name (``Contact: The first person``).
_EN_WORDS = (r"(?:[Tt]he|THE|[Aa]n?(?!\s[A-Z])|[Aa]nd|[Oo]r|[Oo]f|[Tt]o|[Ii]n|[Oo]n|[Ff]or|[Ww]ith|[Bb]y|[Aa]t|[Ff]rom|[Ii]s|[Aa]re|"
             r"[Nn]one|NONE|N/?A|[Nn]ull|NULL|[Uu]nknown|[Yy]es|[Nn]o|[Ss]ee|[Ee]mpty|[Mm]asked|[Ss]taff|[Cc]ustomer)"
             r"(?![A-Za-z])")
#: An abbreviation in capitals where a romanised name would stand (客户（VIP）, 客户 SVIP, Customer: VVIP): one word of
#: two to five capitals that is no word of pinyin (WANG, LI, ZHANG are; VIP, SVIP, KA, SME are not), a service's
#: grade or a segment, never a name (safety24), when no other word follows; ``ZHANG Wei``, ``Mary``, ``VIP Zhang`` stay
#: names.
_ABBREVIATION = r"(?!(?!(?i:" + _PINYIN_WORD + r")(?![A-Za-z]))[A-Z]{2,5}(?![A-Za-z])(?![ ·.\-]?[A-Za-z]))"
#: English honorifics a romanised name follows (``Mr. Wang``, ``Ms Li Na``): the name masked, the honorific kept.
_HONORIFICS = r"(?:Mrs|Mr|Ms|Miss|Mx)"
#: English labels a name follows after a colon (``Name: Zhang San``).
_LATIN_LABELS = r"(?:[Nn]ame|NAME|[Cc]ustomer|CUSTOMER|[Cc]ontact|CONTACT|[Pp]atient|PATIENT|[Cc]aller|CALLER)"
#: Where an English label starts a key: not inside a longer word or key (window_name, filename, sheet_name,
#: column_name: a name of a thing, not a person's: leaks45), but after a person's word it is a person's key
#: (customer_name, contactName, PATIENT_NAME, full_name: masked as name is)
_PERSON_KEY_WORDS = ("customer", "contact", "patient", "caller", "client", "user", "full", "real", "first", "last",
                     "given", "family")
_LATIN_KEY_START = "(?:(?<![A-Za-z_])" + "".join(
    f"|(?<={w}{sep})" for word in _PERSON_KEY_WORDS for w in (word, word.capitalize(), word.upper())
    for sep in ("_", "")) + ")"
#: Brackets a name after a label stands in (客户（张三）, 客户【张三】, 客户「张三」, 联系人〔李四〕) and other
#: separators between a label and a name (客户=张三, 客户-张三, 客户/张三, 报修人|王小明): a colon's stand-ins.
#: A room written after its unit without 室 (1单元301, 2单元1502-1): at most four digits, and no count, year or time
#: after it (2单元2025年, 2单元100人, 2单元10点, an order's 19 digits are no room: rev21d).
_ROOM = r"\d{1,4}(?:-\d{1,4})?(?![\d年月日时点分秒人次元个位天件台岁户%％.:：])"
_OPEN = r"[（(【\[「『〔《〈<]"
_CLOSE = r"[)）】\]」』〕》〉>]"
_SEPARATOR = r"[=＝\-－—–~～/／|｜]"
#: A character of an e-mail address: a letter or digit of any script but the Chinese, Japanese and Korean ones (a
#: Chinese word run on to an address is no part of it: 邮箱zs@qq.com谢谢 keeps 邮箱 and 谢谢), ``.``, ``+`` or ``-``.
_ADDR = r"(?:(?![\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff00-\uffef])[\w.+-])"
_ADDR_HOST = r"(?:(?![\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff00-\uffef])[\w-])"
#: Labels a phone number follows (``电话88886666``: a local number without its area code is a phone number too).
_PHONE_LABELS = r"(?:联系电话|电话号码|固定电话|电话|座机|固话|宅电|手机号码|手机|[Tt]el|TEL|[Pp]hone|PHONE)"
#: Labels and words a vehicle plate follows (``车牌号：京A12345``, ``车辆粤B D12345``).
_PLATE_LABELS = r"车牌号码|车牌号|车牌|号牌|牌照|车号|车辆|私家车|汽车|轿车|电动车|货车|(?:[Pp]late|PLATE)(?:\s*(?:[Nn]o\.?|[Nn]umber))?"
#: A Chinese vehicle plate: the province's character, the office's letter, a dot or a space allowed, then five
#: letters and digits (six for a new-energy plate, 粤B D12345), at least three of them digits.
_PLATE = (r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领][\s·・.]?[A-HJ-NP-Z][\s·・.]?"
          r"(?=(?:[A-HJ-NP-Z]*\d){3})[A-HJ-NP-Z0-9]{5,6}(?![0-9A-Za-z])")
#: Labels a bare area code follows (``区号0571电话88886666``).
_AREA_LABELS = r"(?:区号|区码)"
#: An extension after a landline (``-8001``, ``转8001``, ``分机 8001``, ``ext. 12``).
_EXTENSION = r"(?:(?:-|\s*(?:转|分机|[Ee][Xx][Tt]\.?|[xX])\s*)\d{1,5})?"

#: Street names end so; a house number, building, unit or room after one is an address.
_STREETS = "路|街|大道|巷|弄|胡同|小区|花园|家园|公寓|大厦|新村|苑|村|社区"
_UNITS = "号楼|号院|栋|幢|座|单元|层|楼|室|号|户|组"
#: An estate's or building's name before its building number (幸福里5号楼301室, 阳光家园3号楼2单元501).
_ESTATES = "小区|花园|家园|公寓|大厦|新村|社区|山庄|公馆|广场|大楼|宿舍|苑|村|里|园|府|庭|湾|城|院|居|坊"
#: A character of a place's name before its street or estate word, which an address is masked with: an address is
#: shown to the district at most (北京市朝阳区[地址]; 幸福小区3栋2单元501 kept 幸福小区 before, newuser48).  Not a
#: district's, city's or province's last character (区县市省旗盟: kept), nor a word that ends what went before
#: (家住, 位于, 反映, 在, 的 …: 家住[地址], 客户反映[地址]).
_PLACE = r"(?:(?![在于住到至往去来从自向近旁对的是为了和与及或称映说诉报修停响复经区县市省旗盟])[\u4e00-\u9fa5])"

#: Characters nobody sees, which a number may be typed or pasted with (``139\u00ad1234\u00ad5678`` shows as
#: 13912345678): every format character (Unicode category Cf: soft hyphen, zero-width spaces and joiners, direction
#: marks LRM/RLM/ALM, invisible operators U+2061-U+2064, the byte-order mark, tags) and every other default-ignorable
#: code point (the combining grapheme joiner U+034F, the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the Khmer
#: inherent vowels U+17B4-U+17B5, the variation selectors U+180B-U+180F, U+FE00-U+FE0F, U+E0100-U+E01EF, the tag
#: block U+E0000-U+E0FFF), but the bidi controls (:data:`BIDI_CONTROLS`: the ``bidi`` rule drops them).  Folded to a
#: space (:data:`_FOLD`), so that the rules take one for the separator it stands for.
INVISIBLE: frozenset[str] = frozenset(map(chr, [
    # the format characters (Cf, Unicode 15.1; tests/test_review14_privacy.py checks Python's own table against it)
    0x00AD, *range(0x0600, 0x0606), 0x061C, 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x180E, *range(0x200B, 0x2010),
    *range(0x2060, 0x2065), *range(0x206A, 0x2070), 0xFEFF, *range(0xFFF9, 0xFFFC), 0x110BD, 0x110CD,
    *range(0x13430, 0x13440), *range(0x1BCA0, 0x1BCA4), *range(0x1D173, 0x1D17B),
    # the other default-ignorable code points (U+2065, U+FFF0-U+FFF8 and most of the tag block not yet assigned)
    0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, *range(0x180B, 0x1810), 0x2065, 0x3164, *range(0xFE00, 0xFE10), 0xFFA0,
    *range(0xFFF0, 0xFFF9), *range(0xE0000, 0xE1000)]))

#: Traditional characters (繁体) folded to their simplified forms before masking, one character for one (:data:`_FOLD`),
#: so that a text or a header from a Big5 export, or typed in traditional characters (聯繫人：陳小明, 電話, 客戶姓名), is
#: found by the same rules and column names as its simplified form (hostile45: 聯繫人：王小明 and a column 聯繫人 were
#: shown as written).  Only the characters the rules and column names hold (labels, cues, titles, surnames) and a few
#: common in given names; none of them a character simplified text writes.
_TRADITIONAL = dict(map(tuple, (
    "並并 亞亚 來来 係系 個个 們们 倫伦 偉伟 傑杰 備备 傳传 傷伤 價价 儀仪 儲储 兒儿 內内 兩两 凱凯 別别 劉刘 劑剂 動动 務务 勞劳 區区 協协 參参 叢丛 吳吴 員员 問问 啞哑 "
    "喬乔 單单 嗎吗 嚴严 國国 園园 圖图 團团 報报 場场 塗涂 墻墙 壓压 壞坏 壽寿 夢梦 婁娄 婦妇 媽妈 嬌娇 孫孙 學学 實实 寧宁 寫写 寶宝 專专 尋寻 對对 導导 層层 屬属 岡冈 "
    "嶽岳 師师 帳帐 帶带 庫库 廈厦 廚厨 廠厂 廣广 廳厅 張张 強强 後后 從从 復复 愛爱 態态 慶庆 憑凭 憲宪 憶忆 懇恳 應应 懷怀 戰战 戲戏 戶户 掛挂 揚扬 換换 搶抢 據据 數数 "
    "於于 時时 晉晋 書书 會会 東东 條条 棟栋 楊杨 業业 榮荣 樂乐 樓楼 標标 樣样 橋桥 機机 檯台 櫃柜 權权 欒栾 歐欧 歡欢 歲岁 歷历 氣气 況况 湯汤 溫温 滬沪 潔洁 澤泽 濤涛 "
    "濱滨 灑洒 灣湾 烏乌 無无 熱热 營营 爺爷 爾尔 牆墙 獨独 現现 瑤瑶 瑪玛 瓊琼 產产 畢毕 當当 療疗 發发 盡尽 監监 盧卢 眾众 確确 碼码 稅税 稱称 穎颖 穩稳 竇窦 筆笔 範范 "
    "簡简 簽签 紀纪 約约 紅红 納纳 級级 紹绍 組组 絕绝 絡络 給给 經经 維维 網网 緒绪 線线 編编 縣县 總总 績绩 繆缪 繫系 繳缴 續续 羅罗 義义 聯联 聰聪 聶聂 職职 聽听 肅肃 "
    "臉脸 臺台 與与 興兴 舉举 舊旧 舖铺 艷艳 莊庄 華华 萊莱 萬万 葉叶 蓋盖 蔣蒋 蕭萧 薑姜 薩萨 藍蓝 藥药 蘆芦 蘇苏 蘭兰 處处 號号 衆众 衛卫 補补 裝装 複复 規规 親亲 訂订 "
    "計计 託托 記记 訪访 設设 許许 訴诉 診诊 註注 評评 詢询 話话 該该 詳详 認认 語语 說说 誰谁 課课 談谈 請请 諮咨 諸诸 諾诺 謙谦 講讲 謝谢 證证 識识 譚谭 議议 護护 變变 "
    "讓让 豐丰 貓猫 貝贝 貨货 貳贰 貴贵 買买 費费 賀贺 資资 賈贾 賓宾 質质 賬账 賴赖 購购 賽赛 贛赣 趙赵 車车 軍军 輛辆 輝辉 輯辑 輸输 轉转 轎轿 辦办 農农 這这 連连 進进 "
    "過过 達达 遲迟 遼辽 邁迈 還还 邊边 邏逻 郵邮 鄉乡 鄒邹 鄔邬 鄧邓 鄭郑 鄰邻 鄺邝 醫医 銀银 銘铭 銜衔 銷销 鋒锋 鋪铺 錄录 錢钱 錫锡 鍾钟 鎮镇 鐘钟 鐵铁 長长 門门 閆闫 "
    "開开 間间 閔闵 閩闽 閱阅 閻阎 關关 陝陕 陰阴 陳陈 陸陆 陽阳 隊队 險险 雙双 雞鸡 離离 雲云 電电 靜静 韋韦 韓韩 韻韵 響响 頁页 項项 順顺 預预 頓顿 領领 頭头 題题 額额 "
    "顏颜 願愿 類类 顧顾 顯显 餘余 館馆 饋馈 饒饶 馬马 馮冯 駱骆 體体 鬧闹 魚鱼 魯鲁 鮑鲍 鳥鸟 鳳凤 鵬鹏 麗丽 麥麦 黃黄 黨党 齊齐 齒齿 齡龄 龍龙 龐庞 龔龚 見见 視视 覺觉 點点 讀读 錯错 誤误 歸归"
).split()))


#: Full-width digits, letters and signs, the ideographic space and the dashes folded to ASCII before
#: masking, so that ``０１０ 6111 0007`` or ``１３８－１２３４－５６７８`` is found like its ASCII form.
_FOLD = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                       **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
                       **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
                       "\uff0b": "+", "\uff0d": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2012": "-",
                       "\u2013": "-", "\u2014": "-", "\uff0e": ".", "\uff20": "@", "\uff08": "(", "\uff09": ")",
                       "\u3000": " ", "\u00a0": " ", "\u2007": " ", "\u202f": " ",
                       # invisible characters a number may be typed or pasted with (139\u200b1234\u200b5678 and
                       # 139\u00ad1234\u00ad5678 show as a phone number): a separator, one character for one so that
                       # the text outside a match is kept (:data:`INVISIBLE`)
                       **dict.fromkeys(INVISIBLE, " "),
                       # every other script's decimal digits (Arabic-Indic ١٣٨…, Devanagari, mathematical 𝟏𝟑𝟖…)
                       **{c: str(unicodedata.decimal(c)) for c in re.findall(r"\d", np.arange(
                           0x80, 0x110000, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass"))
                          if not 0xFF10 <= ord(c) <= 0xFF19},
                       # traditional characters as simplified (聯繫人, 電話: :data:`_TRADITIONAL`)
                       **_TRADITIONAL,
                       # superscript and subscript digits, no decimal digits but read as ones (safety24: 电话：¹³⁸¹²³⁴⁵⁶⁷⁸
                       # was shown whole); not the circled or parenthesised ①, ⑴, ⒈: a list's marks (①13812345678
                       # would read as twelve digits)
                       **{c: str(unicodedata.digit(c)) for c in "\u00b2\u00b3\u00b9\u2070\u2074\u2075\u2076\u2077"
                          "\u2078\u2079\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089"}})

#: Digits a clerk may type a number with that are no script's decimal digits nor a superscript (:data:`_FOLD`): the
#: circled, parenthesised, full-stop and dingbat digits (①③⑧, ⑴⑶⑻, ⒈, ❶❸❽, ➀, ⓪, ⓵, 🄁 …: ``unicodedata.digit``
#: gives their value).  One alone is a list's mark (``①13812345678``, ``第①项``) and stays one; a run of two or more,
#: a separator of up to four blanks, a dash, a dot, a slash or a middle dot between (``①③⑧①②③④⑤⑥⑦⑧``,
#: ``❶❸❽ ❶❷❸❹ ❺❻❼❽``), is a number, read as its digits for the matching (:func:`_fold`; left39: such a phone or
#: ID-card number was shown whole).
_MARK_DIGITS = {c: str(unicodedata.digit(c)) for c in map(chr, [
    *range(0x1369, 0x1372), 0x19DA, *range(0x2460, 0x2469), *range(0x2474, 0x247D), *range(0x2488, 0x2491), 0x24EA,
    *range(0x24F5, 0x24FE), 0x24FF, *range(0x2776, 0x277F), *range(0x2780, 0x2789), *range(0x278A, 0x2793),
    *range(0x1F100, 0x1F10B)])}
_MARK_TABLE = str.maketrans(_MARK_DIGITS)
_MARK_CLASS = "[" + "".join(_MARK_DIGITS) + "]"
_MARK_ANY = re.compile(_MARK_CLASS)
_MARK_RUN = re.compile(_MARK_CLASS + r"(?:(?:\s{0,4}[-./·]?\s{0,4})" + _MARK_CLASS + ")+")
#: One circled or other such digit 1 (①, ⑴, ⒈, ❶ …) followed directly by ten digits that make a mobile number with
#: it (``①3812345678`` is 13812345678; left40): a number, not a list's mark.  Followed by a blank, by text, or by a
#: number that is no mobile number with it (``①13812345678``: the mark, then the number), it stays a mark.
_MARK_PHONE = re.compile("(?<![0-9])[" + "".join(c for c, d in _MARK_DIGITS.items() if d == "1")
                         + "](?=[3-9][0-9]{9}(?![0-9]))")


def _fold(text: str) -> str:
    """``text`` as the rules match it, one character for one: :data:`_FOLD`'s forms as ASCII, and each run of two or
    more circled or other such digits (:data:`_MARK_DIGITS`) as its digits; a circled digit alone is kept (a mark).

    Examples
    --------
    >>> _fold("电话①③⑧①②③④⑤⑥⑦⑧"), _fold("①13812345678"), _fold("１３８ ❶❸")
    ('电话13812345678', '①13812345678', '138 13')
    >>> _fold("①3812345678"), _fold("① 3812345678"), _fold("①2812345678")
    ('13812345678', '① 3812345678', '①2812345678')
    """
    t = text.translate(_FOLD)
    if _MARK_ANY.search(t) is None:
        return t
    t = _MARK_RUN.sub(lambda m: m.group().translate(_MARK_TABLE), t)
    return _MARK_PHONE.sub("1", t)

#: The rest of a name before its title (王[大锤]先生): up to two characters, each after at most one space, and one space
#: before the title (what :data:`_FOLD` makes of an invisible character too).
_TITLE_NAME_TAIL = r"(?:[ \u3000]?[\u4e00-\u9fa5]){0,2}?[ \u3000]?"

#: Every masking rule, applied in this order (ID cards before phones, so a phone-like run
#: inside an ID number is never half-masked): (name, kind, pattern, replacement, profiles).
#: ``{}`` in the replacement is the profile's token for the kind.  The ``survey`` profile
#: adds looser forms, e-mail and any run of 9 or more digits; ``records`` leaves those alone,
#: because work-order and account numbers in records are not personal data.
RULES: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    # bidi overrides and isolates first (they show a text reordered, and can split a number the rules below read)
    ("bidi", "bidi", "[" + BIDI_CONTROLS + "]", "", ("records", "survey")),
    ("email", "email", r"(?<!" + _ADDR + r")" + _ADDR + r"+@" + _ADDR_HOST + r"+(?:\." + _ADDR_HOST + r"+)+", "{}",
     ("records", "survey")),
    # an address written in Chinese characters (张三@例子.中国): whole, as any word run on to it
    ("email_cjk", "email", r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", "{}", ("records", "survey")),
    # ID-card numbers, 18 digits (the last may be X) or the old 15, a separator allowed between any two digits
    ("id_card", "id_card",
     _NUMBER_START + _spaced("[1-9]", *[_D] * 5) + _S + _YYYY + _S + _MMDD + _S + _spaced(_D, _D, _D, "[0-9Xx]")
     + _NOT_DIGIT_AFTER, "{}", ("records", "survey")),
    ("id_card_15", "id_card",
     _NUMBER_START + _spaced("[1-9]", *[_D] * 7) + _S + _MMDD + _S + _spaced(_D, _D, _D) + _NOT_DIGIT_AFTER,
     "{}", ("records", "survey")),
    # passport, Hong Kong and Macau permit, home-return permit, Taiwan compatriot permit numbers after their label
    ("document", "document",
     r"((?:护照|港澳通行证|往来港澳通行证|通行证|回乡证|台胞证|[Pp]assport|PASSPORT)(?:号码|号|\s*[Nn]o\.?)?\s*[:：]?\s*)"
     r"[A-Za-z]{0,2}\s?\d{6,10}(?:\s?[(（]\s?[0-9A-Za-z]\s?[)）])?" + _NOT_DIGIT_AFTER, r"\1{}", ("records", "survey")),
    # an identity card of Hong Kong, Macau or Taiwan, a residence permit or an ID number of another country after its
    # label (香港身份证A123456(7), 澳门身份证1234567(8), 证件号码 AB1234567): letters and digits, or digits and a check digit
    ("document_id", "document",
     r"((?:香港|澳门|台湾|外国人?|永久)?(?:身份证|居民身份证|永久居留身份证|居留证|居留许可|身份证明|证件)(?:号码|号)?"
     r"\s*[:：]?\s*)(?:[A-Za-z]{1,3}\s?\d{6,12}(?:\s?[(（]\s?[0-9A-Za-z]\s?[)）])?|\d{6,8}\s?[(（]\s?\d\s?[)）])"
     + _NOT_DIGIT_AFTER, r"\1{}", ("records", "survey")),
    # the same numbers without a label, only in the forms no order, meter or account number takes (see
    # :data:`_DOCUMENT`): passports (E, EA, G, P, SE, DE), the Hong Kong and Macau permit (C and 8 digits), the
    # Taiwan permit (L and 8 digits), identity cards of Hong Kong and Macau with their check digit in brackets, the
    # foreigner's permanent residence card (three letters, 12 digits); a Taiwan identity card (a letter, 1 or 2, 8
    # digits) is an id's form too (C240000001, T250000001) and is masked only after its label
    ("document_bare", "document", _DOCUMENT, "{}", ("records", "survey")),
    # bank cards: after a card label any 12 to 19 digits; without one, a UnionPay number (62: 19 digits, or 16 to
    # 19 in groups; a 16-digit id run together stays) or a
    # 16-digit Visa or Mastercard number written in groups of four
    ("bank_card", "bank_card",
     r"((?:银行卡号?|银行账号|银行账户|借记卡号?|信用卡号?|卡号|[Cc]ard\s*[Nn]o\.?|[Cc]ard\s*[Nn]umber)\s*[:：]?\s*)"
     + _spaced(*[_D] * 12) + r"(?:" + _S + r"\d){0,7}" + _NOT_DIGIT_AFTER, r"\1{}", ("records", "survey")),
    ("bank_card_unionpay", "bank_card",
     _NOT_DIGIT_BEFORE + rf"62(?:\d{{17}}|\d{{2}}(?:{_CARD_SEP}\d{{4}}){{3}}(?:{_CARD_SEP}\d{{1,3}})?)" + _NOT_DIGIT_AFTER, "{}",
     ("records", "survey")),
    ("bank_card_groups", "bank_card",
     _NOT_DIGIT_BEFORE + rf"[3-6]\d{{3}}(?:{_CARD_SEP}\d{{4}}){{3}}(?:{_CARD_SEP}\d{{1,3}})?" + _NOT_DIGIT_AFTER, "{}",
     ("records", "survey")),
    # two mobiles run together (1381234567813912345678: 22 digits, each half a mobile): masked (safety20). A date
    # followed by eleven digits that look like a mobile (2025030513912345678) is NOT masked: it is the common shape of
    # a work order number (the filing date, then a sequence number), which one time in fourteen starts 13-19; masking
    # it destroyed the key of the records a verdict rests on, in id columns too (session 20, after rev20c)
    ("mobile_twice", "mobile", _NOT_DIGIT_BEFORE + r"1[3-9]\d{9}(?=1[3-9]\d{9}(?!\d))", "{}", ("records", "survey")),
    ("mobile_twice_2", "mobile", r"(?<=\[手机号\])1[3-9]\d{9}(?!\d)|(?<=\[电话/phone\])1[3-9]\d{9}(?!\d)", "{}",
     ("records", "survey")),
    # mobile numbers, +86 / 0086 / (86) / (+86) before them, a separator allowed between any two digits
    ("mobile", "mobile",
     _NUMBER_START + r"(?:\(?(?:\+\s?|00)?86\)?" + _LS + r")?" + _spaced("1", "[3-9]", *[_D] * 9) + _NOT_DIGIT_AFTER,
     "{}", ("records", "survey")),
    # a mobile written as a landline is, its first three digits in brackets: (138)1234-5678, （139） 8765 4321 (safe38)
    ("mobile_paren", "mobile", r"(?<![0-9A-Za-z])[(（]\s?1[3-9]\d\s?[)）]" + _LS + r"\d{4}" + _LS + r"\d{4}"
     + _NOT_DIGIT_AFTER, "{}", ("records", "survey")),
    # a mobile grouped as a mobile is, 3-4-4, by commas (138,1234,5678, 138，1234，5678: left39): an amount's thousands
    # are grouped 3-3-3 (1,234,567, 13,812,345,678 stay), never with a group of four
    ("mobile_comma", "mobile", _NUMBER_START + r"(?:\(?(?:\+\s?|00)?86\)?" + _LS + r")?1[3-9]\d\s?[,，]\s?\d{4}\s?[,，]\s?"
     r"\d{4}(?![0-9A-Za-z]|\s?[,，.]\s?\d)", "{}", ("records", "survey")),
    ("mobile_any", "mobile", r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)", "{}", ("survey",)),
    # a mobile run on from letters (zhangsan13800138000.xlsx, tel13800138000: leaks45): eleven digits of a mobile's
    # shape after two letters, no digit before or after; an order id of letters and such eleven digits
    # (WO13812345678) is masked with it, as a mobile it cannot be told from (a uuid's last group, one letter and
    # eleven digits, stays)
    ("mobile_after_letters", "mobile", r"(?<=[A-Za-z]{2})1[3-9]\d{9}(?!\d)", "{}", ("records", "survey")),
    # a mobile or a line of Hong Kong or Macau (+852 9123 4567, 00853 6612 3456, (852)2123-4567) and of Taiwan
    # (+886 912 345 678, +886-2-2345-6789, +886 (0)912 345 678): their country code and eight or nine digits
    ("phone_hk_mo", "mobile", r"(?<![0-9A-Za-z])(?:\(\s?\+?\s?85[23]\s?\)|(?:\+\s?|00)85[23])" + _LS + r"\d{4}" + _LS
     + r"\d{4}" + _EXTENSION + _NOT_DIGIT_AFTER, "{}", ("records", "survey")),
    ("phone_tw", "mobile", r"(?<![0-9A-Za-z])(?:\(\s?\+?\s?886\s?\)|(?:\+\s?|00)886)" + _LS + r"(?:\(0\)" + _LS
     + r")?[2-9](?:" + _LS + r"\d){7,8}" + _EXTENSION + _NOT_DIGIT_AFTER, "{}", ("records", "survey")),
    # a Taiwan mobile as it is written there, 09 and eight digits grouped 4-3-3 (0912-345-678, 0912 345 678); run
    # together (0912345678) the landline rule below takes it
    ("mobile_tw", "mobile", r"(?<![0-9A-Za-z])09\d{2}(?:-|\s{1,2})\d{3}(?:-|\s{1,2})\d{3}" + _NOT_DIGIT_AFTER, "{}",
     ("records", "survey")),
    ("landline", "landline",
     # (the area code's separator may be written 杠, "dash" said: 0755杠12345678; leaks45)
     _NOT_DIGIT_BEFORE + r"(?:\(0[1-9]\d{1,2}\)|(?:\(?\+?86\)?" + _LS + r")?0[1-9]\d{1,2})(?:\s{0,2}杠\s{0,2}|" + _LS + ")" +
     r"(?:[1-9]\d{6,7}|[1-9]\d{2,3}" + _LS1 + r"\d{4})" + _EXTENSION + _NOT_DIGIT_AFTER, "{}", ("records", "survey")),
    ("landline_intl", "landline",
     # +86, (+86), 0086, (0086) or 86 and a space, then the area code without its 0 or with (0): (+86)571 88886666,
     # +86 (0)571 8888 6666, 0086 571 8888 6666
     r"(?:\(?\+86\)?|(?<![0-9A-Za-z])\(?0086\)?|(?<![0-9A-Za-z])86[-\s])" + _LS + r"(?:\(0\)" + _LS + r")?"
     r"\(?[1-9]\d{1,2}\)?" + _LS + r"[1-9]\d{2,3}" + _LS + r"\d{4}" + _EXTENSION + _NOT_DIGIT_AFTER,
     "{}", ("records", "survey")),
    ("landline_any", "landline", r"(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)", "{}", ("survey",)),
    # an area code and its number apart (区号0571电话88886666), a local number after a phone label (电话88886666)
    ("landline_area", "landline",
     rf"({_AREA_LABELS}\s*[:：]?\s*)(?:\(?0[1-9]\d{{1,2}}\)?)\s*[,，、;；]?\s*(?:{_PHONE_LABELS}|号码)?\s*[:：]?\s*"
     r"(?:[1-9]\d{6,7}|[1-9]\d{2,3}" + _LS1 + r"\d{4})" + _EXTENSION + _NOT_DIGIT_AFTER, r"\1{}", ("records", "survey")),
    # (the label may end in 号 or 号码 and say 是 or 为, as a mobile's does: 座机号：88886666, 座机号码为88886666: hostile45)
    ("landline_local", "landline",
     rf"({_PHONE_LABELS}(?:号码?)?\s*(?:是|为)?\s*[:：]?\s*)(?<![0-9])(?:[1-9]\d{{6,7}}|[1-9]\d{{2,3}}{_LS1}\d{{4}})" + _EXTENSION
     + _NOT_DIGIT_AFTER, r"\1{}", ("records", "survey")),
    # a mobile after its label typed with letters for digits (电话：138O0l38000, 手机 l38-OO13-8000: O/o for 0, l/I
    # for 1, safety24): read so, it is a mobile; the run is taken whole, its second digit a real one, so a word
    # stays (电话：Hello, 电话：lOl); a run of digits alone was masked by the rules above
    ("mobile_letters", "mobile",
     rf"({_PHONE_LABELS}(?:号码?)?\s*(?:是|为)?\s*[:：]?\s*)(?<![0-9A-Za-z])(?:\(?(?:\+\s?|00)?86\)?{_LS})?"
     + _spaced("[1lI]", "[3-9]", *["[0-9OolI]"] * 9) + _NOT_DIGIT_AFTER, r"\1{}", ("records", "survey")),
    # a landline after its label typed with letters for digits (电话：O1O-6552 3456, 固话：(O571)8888 6666: O/o for 0,
    # l/I for 1, safety24): the area code's 0 and the local number's shape as a landline of digits has them, at least
    # four real digits in the run, so a word stays (电话：Hello, 电话：O1O)
    ("landline_letters", "landline",
     rf"({_PHONE_LABELS}(?:号码?)?\s*(?:是|为)?\s*[:：]?\s*)(?<![0-9A-Za-z])(?=(?:[OolI()\-\s.]*[0-9]){{4}})"
     r"\(?[0Oo][1-9lI][0-9OolI]{1,2}\)?" + _LS + r"(?:[1-9lI][0-9OolI]{6,7}|[1-9lI][0-9OolI]{2,3}" + _LS1 + r"[0-9OolI]{4})"
     + _EXTENSION + _NOT_DIGIT_AFTER, r"\1{}", ("records", "survey")),
    # a vehicle plate after its label or a car word (车牌号：京A12345, 车牌 粤B D12345, 车辆沪C·12345: a car, its owner
    # found by it: safety24); the province's character, the office's letter, five characters (six for a new-energy
    # plate), at least three of them digits; without such a word a plate-shaped run stays (京A12345停在门口: a model
    # or a code as often; 窗口A12345, 订单号A12345 have no province)
    ("plate", "plate", rf"((?:{_PLATE_LABELS})\s*(?:是|为)?\s*[:：]?\s*)" + _PLATE, r"\1{}", ("records", "survey")),
    # numbers written out in word digits (一三八一二三四五六七八, 幺三八…, 零五七一 八八八八六六六六)
    ("mobile_words", "mobile",
     _CN_START + r"[1一幺壹]" + _CN_SEP + r"[3-9三四五六七八九叁肆伍陆柒捌玖]" + rf"(?:{_CN_SEP}{_CN_DIGIT}){{9}}" + _CN_END,
     "{}", ("records", "survey")),
    ("number_words", "landline", _CN_START + _CN_DIGIT + rf"(?:{_CN_SEP}{_CN_DIGIT}){{6,}}" + _CN_END,
     "{}", ("records", "survey")),
    # e-mail addresses written to dodge a filter: zs(at)qq.com, zs [at] qq dot com, zs@qq。com
    ("email_written", "email",
     r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+\s*(?:@|\[at\]|\(at\)|\{at\}|\s[Aa][Tt]\s)\s*[A-Za-z0-9-]+"
     r"(?:\s*(?:\.|。|\[dot\]|\(dot\)|\s[Dd][Oo][Tt]\s)\s*[A-Za-z0-9-]+)*"
     r"\s*(?:\.|。|\[dot\]|\(dot\)|\s[Dd][Oo][Tt]\s)\s*(?:com|cn|net|org|edu|gov|info|io|me|cc)(?![A-Za-z])",
     "{}", ("records", "survey")),
    # an account that reaches a person, after its label: QQ numbers, WeChat ids, Weibo names (safety20)
    ("account_qq", "account",
     r"((?<![A-Za-z])(?:QQ|[Qq]q|扣扣)(?:号码|号|账号|[Nn]o\.?)?\s*(?:是|为)?\s*[:：]?\s*)[1-9]\d{4,11}(?!\d)", r"\1{}",
     ("records", "survey")),
    ("account_wechat", "account",
     r"((?<![A-Za-z])(?:微信|[Vv]信|[Ww]e[Cc]hat|WECHAT|[Ww][Xx]|[Vv][Xx])(?:号码|号|账号|\s?[Ii][Dd])?\s*(?:是|为)?\s*[:：]?\s*)"
     r"[A-Za-z][A-Za-z0-9_-]{5,19}(?![A-Za-z0-9_-])", r"\1{}", ("records", "survey")),
    ("account_weibo", "account", r"((?:微博|抖音|小红书)(?:号|账号|名)?\s*[:：]?\s*@)[^\s,，。;；:：!！?？()（）]{1,30}",
     r"\1{}", ("records", "survey")),
    # (名字 as a label only before a colon: 客户名字：王小明, 名字：王小明; 名字很好听 is no label: hostile45)
    ("name_label", "name", r"(姓名|联系人|客户姓名|患者姓名|联系人姓名|户名|(?:客户|患者|联系人|用户)?名字(?=\s*[:：]))(\s*[:：]?\s*)"
     + rf"(?!{_NOT_AFTER_LABEL})" + _FULL_NAME, r"\1\2{}",
     ("records", "survey")),
    # (not what a speaker's label opens in a transcript: 客户：我家停电了, 客户：您好, 客户：喂, 客户：不用了; a pronoun, an
    # interjection, 请 or a negation is no surname and starts no name)
    ("name_colon", "name", rf"({_LABELS})(\s*[:：]\s*)(?![我你您他她它咱喂嗯啊哦噢唉呃请不没未])(?!{_HERE})" + _FULL_NAME, r"\1\2{}",
     ("records", "survey")),
    # a speaker who says who they are after the label (客户：我叫王芳, 客户：我是张三, 患者：他叫王小明来电) or names a
    # relative (患者：我女儿张丽陪同): the pronoun above starts no name, the name after it is one (a listed surname
    # first, as 我是高压用户 is no name)
    ("name_colon_intro", "name", rf"({_LABELS})(\s*[:：]\s*{_GREETING}(?:(?:[我他她]|本人)\s*(?:的?名字[叫是]|叫做|名叫|叫|是|"
     rf"的?(?:儿子|女儿|丈夫|妻子|老公|老婆|爱人|父亲|母亲|爸爸|妈妈|孩子|老伴))|(?:我\s*)?{_HERE}\s*是)\s*)"
     rf"(?!{_NOT_NAME})(?!{_NOT_NAME_AFTER_DATE})(?!{_NOT_INTRODUCED})(?:" + _DOTTED_NAME + _PARTY_NEXT + "|" + _SURNAME + _INNER_SPACE
     + r"[\u4e00-\u9fa5]{1,2}?" + _INTRO_NEXT + ")", r"\1\2{}", ("records", "survey")),
    # the given name after the surname said first (本人姓王名小明, 我姓王，名叫小明, 我姓王叫小明: priv33): 姓, a listed
    # surname, then 名 / 叫 / 名叫 / 名字叫 and the given name (the surname again before it or not), ending as a name a
    # speaker gives ends (:data:`_INTRO_NEXT`; after a bare 名 or 单名 only at a stop, the end, 我 or an act: 名下没有房产
    # is no name); the 姓, 名 and 叫 words and the surname said alone are kept (我姓王 stays: session 31)
    ("name_after_surname", "name", r"((?:[我他她]|本人)\s*姓\s*" + _SURNAME + r"\s*[,，、]?\s*)"
     r"(?:((?:的?名字[叫是]|名叫|叫做|叫)\s*)(?![什啥谁怎哪])(?!" + _NOT_NAME + r")(?:" + _SURNAME + r")?(?:" + _INTRO_CHAR
     + r"){1,2}?" + _INTRO_NEXT + r"|((?:单名|名)(?![下额单称义片次])\s*)(?![什啥谁怎哪])(?!" + _NOT_NAME + r")(?:" + _SURNAME
     + r")?(?:" + _INTRO_CHAR + r"){1,2}?(?=[\s,，。.！!？?；;、)）]|$|我|" + _ACTS + r"))", r"\1\2\3{}",
     ("records", "survey")),
    # a name a speaker gives anywhere in a transcript, after a greeting or mid-sentence (客户：您好，我叫陈晓明;
    # 您好，我的名字叫王芳; 客户说他叫赵四来电): 叫 / 名叫 / 叫做 / 名字是 after a pronoun, then a listed surname and a given
    # name ending at a stop, a verb or the text's end (我叫人来修, 我叫了外卖, 我叫车来 stay: no surname, a car); after the
    # surname said first (我姓王，叫王小明) or after 名叫 with no pronoun (一位名叫张三的客户: review31)
    ("name_self_intro", "name", r"((?:(?:[我他她]|本人)\s*(?:姓\s*[\u4e00-\u9fa5]{1,2}?\s*[,，、]?\s*)?"
     r"(?:的?名字[叫是]|叫做|名叫|叫)|名叫)\s*)"
     rf"(?!{_NOT_NAME})(?!车[来去到])(?:" + _DOTTED_NAME + _PARTY_NEXT + "|" + _SURNAME + _INNER_SPACE
     + r"(?:" + _INTRO_CHAR + r"){1,2}?" + _INTRO_NEXT
     # or a minority's or a transliterated name of three or four characters (我叫热依拉, 我叫买买提，…; two are a
     # brand as often: 我叫德邦, 我叫平安), ending at a stop or the end
     + rf"|(?:(?![{_NOT_IN_NAME}])[{_TRANSLIT_CHARS}]){{3,4}}(?=\s*[,，。.！!？?；;、)）]|\s*$))", r"\1{}",
     ("records", "survey")),
    # a name a speaker gives with no label before it (我是王小明，想问电费; 本人张三，来电反映; 我是张三的家属; session 32):
    # 我是 / 我就是 / 本人 (是), a listed surname and a given name, then a stop, a verb, 的 or a relative; not a role, a
    # group or a place the speaker belongs to (我是党员, 我是车主, 我是江苏人, 我是周六来的: :data:`_NOT_INTRODUCED`)
    ("name_is_intro", "name", r"((?<![自])(?:我\s*(?:就\s*)?是|本人\s*(?:就\s*)?是?)\s*)"
     rf"(?!{_NOT_NAME})(?!{_NOT_NAME_AFTER_DATE})(?!{_NOT_INTRODUCED})(?!车[来去到])(?!{_TITLED})(?:" + _DOTTED_NAME
     + _PARTY_NEXT + "|"
     + _SURNAME + _INNER_SPACE + r"(?:(?![不没未的了吗呢吧啊呀哦来去到过被是他她我你您])(?!" + _IS_CUE + r")[\u4e00-\u9fa5]){1,2}?" + _IS_NEXT + ")", r"\1{}",
     ("records", "survey")),
    # a name and its title asked to call back (请王经理回电, 请李医生回电, 请王师傅回电: priv33): written as a name before
    # a title is everywhere (王先生 -> 某先生, 王师傅 -> 某师傅), the title kept: 请某经理回电 (it had been 请某某回电)
    ("name_after_please_title", "name_title", _CLAUSE_START + r"(请\s*)" + rf"(?!{_NOT_NAME})(?!{_NOT_CALLER})(?!{_TO_TITLED})"
     + _SURNAME + _INNER_SPACE + rf"(?:(?!{_CALL_TITLES})" + _NAME_CHAR + r"){0,2}?" + _NOT_CALLER_END
     + rf"(?=\s?{_CALL_TITLES}\s?(?:尽快|马上|及时|立即)?\s?{_CALL})", r"\1\2{}", ("records", "survey")),
    # a name asked to call back at a clause's start (客户：请张三回电, 请李四尽快联系客户): 请, a listed surname and a
    # given name, then the call or reply asked for (请尽快回电, 请相关部门回复 stay: no surname, or a word)
    ("name_after_please", "name", _CLAUSE_START + r"(请\s*)" + rf"(?!{_NOT_NAME})(?!{_NOT_CALLER})(?!{_TO_TITLED})(?:"
     + _SURNAME + _INNER_SPACE + r"(?:" + _NAME_CHAR + r"){1,2}?)" + _NOT_CALLER_END + r"(?=\s?(?:同志|经理|主任|科长|所长|班长|医生|大夫|护士|老师)?\s?(?:尽快|马上|及时|立即)?\s?" + _CALL + ")", r"\1\2{}", ("records", "survey")),
    # the names listed after the first one a label named (客户：张三、李四、王五 -> 客户：某某、某某、某某): a surname and a
    # given name after the enumeration comma, then another comma, a verb or a stop; twice, for three names
    *(("name_list", "name", r"((?:某某|\[姓名/name\])\s*、\s*)" + rf"(?!{_NOT_NAME})" + _SURNAME
       + r"(?:" + _NAME_CHAR + r"){1,2}?(?=\s*、|" + _PARTY_NEXT[3:], r"\1{}", ("records", "survey")),) * 2,
    # a name in brackets after a label: 客户（张三）, 患者(李四), 客户【张三】, 联系人〔李四〕, also with a colon or a
    # separator and spaces before the bracket (客户：【张三】, 客户: (张三), 姓名：〔李四〕, 客户-「张三」: safety21); a word
    # that is no name stays (客户【投诉】, 客户：【投诉】, 客户（费用）); a quote is what was said, not a name (客户：“何时来修”);
    # a name is as long as a name: a surname and one or two characters (a compound surname's too: 欧阳娜娜), or a
    # name with a middle dot; a single surname's character then three more is a service or complaint word (客户：【高压新装】,
    # 【钱款未到】, 【许可延期】: safety22, by length, not word by word)
    ("name_bracket", "name", rf"({_LABELS}|姓名)(\s*(?:[:：]|{_SEPARATOR})?\s*{_OPEN}\s*)(?!{_NOT_NAME})(?:" + _SURNAME
     + rf"[\u4e00-\u9fa5]{{1,2}}|{_DOTTED_NAME})(?=\s*{_CLOSE})",
     r"\1\2{}", ("records", "survey")),
    # a name with no surname of the list in round brackets or corner quotes right after a label (客户（热依拉）,
    # 来电人（古丽娜尔）, 联系人「阿依古丽」: minority and transliterated names, safety23): two to four characters none of
    # which a name takes and a service word or a description does (:data:`_NOT_IN_NAME`: 客户（黄金会员）, 客户（本人）,
    # 客户（企业）, 客户（老人）stay); 【】 is a tag's bracket (客户：【许可延期】 stays)
    ("name_bracket_any", "name", rf"({_LABELS}|姓名)(\s*[:：]?\s*[（(「『]\s*)(?!{_NOT_NAME})"
     rf"(?:(?![{_NOT_IN_NAME}])[{_TRANSLIT_CHARS}]){{2,4}}(?=\s*[)）」』])", r"\1\2{}", ("records", "survey")),
    # a name after a label and any other separator (客户=张三, 客户-张三, 客户/张三, 报修人|王小明): as after no
    # separator, a surname then a verb or a stop; a word after it stays (客户-电费问题, 客户/供电所)
    ("name_separator", "name",
     rf"({_LABELS}|姓名)(\s*{_SEPARATOR}\s*)(?!{_NOT_NAME})(?!{_TO_TITLED})(" + _DOTTED_NAME + "|" + _SURNAME + _INNER_SPACE
     + r"(?:" + _NAME_CHAR + r"){1,2}?)" + r"(?=\s*" + _SEPARATOR + r"\s*(?:[0-9+(（\[【]|[男女]性?(?![\u4e00-\u9fa5]))|"
     + _PARTY_NEXT[3:], r"\1\2{}", ("records", "survey")),
    # (a field list joined by the separator, the next field a person's: 客户-张三-13812345678, 联系人/李四/[手机号],
    # 客户|张三|男|45岁: the next separator ends the name as a stop does; before any other field it stays, a category
    # path is no name: 客户|高压|专变, 客户-李家村-供电所, rev20c)
    # a romanised name after a label: 客户：Zhang San, 联系人 Li Si, 患者(Wang Wu), Name: Zhang San, 客户Zhang San来电
    ("name_latin", "name",
     rf"((?:{_LABELS}|姓名|客户姓名|患者姓名|联系人姓名)(?:\s*[:：=＝（(]\s*|\s+))(?!{_EN_AFTER}){_ABBREVIATION}" + _LATIN_NAME,
     r"\1{}", ("records", "survey")),
    # after an English label only a capitalised name that is no English word (Contact: the first person stays); the
    # label's separator a colon or an equals sign, a key and its value (name=Wang Xiaoming, a form's or a log's: hostile45; not a longer key's
    # end: filename=Report)
    # (and a colon's: window_name: East City business hall, filename: Report Final stay; leaks45)
    ("name_latin_en", "name", rf"({_LATIN_KEY_START}{_LATIN_LABELS}\s*[:：]\s*|{_LATIN_KEY_START}{_LATIN_LABELS}\s*[=＝](?!=)\s*)(?!{_EN_WORDS}){_ABBREVIATION}" + _LATIN_NAME_EN, r"\1{}",
     ("records", "survey")),
    # a romanised name after an English honorific (Mr. Wang Lei, Ms Li Na called: safe38), the honorific kept
    ("name_latin_honorific", "name", rf"((?<![A-Za-z]){_HONORIFICS}(?:\.[ \u3000]*|[ \u3000]+))(?!{_EN_WORDS}){_ABBREVIATION}"
     + _LATIN_NAME_EN, r"\1{}", ("records", "survey")),
    # lower-case pinyin of two or three words ending the text or its clause (Name: zhang san, Contact: wang fang,)
    ("name_latin_en_lower", "name",
     rf"({_LATIN_KEY_START}{_LATIN_LABELS}\s*[:：]\s*|{_LATIN_KEY_START}{_LATIN_LABELS}\s*[=＝](?!=)\s*)(?!{_EN_WORDS})" + r"[a-z]+(?:[ ·\-](?!" + _EN_AFTER + r")[a-z]+){1,2}"
     r"(?=\s*(?:$|[,，;；。.)）&])|\s+" + _EN_AFTER + ")",
     r"\1{}", ("records", "survey")),
    ("name_latin_run", "name", rf"({_LABELS}|姓名)" + _LATIN_NAME_RUN, r"\1{}", ("records", "survey")),
    # a surname after a party or label, then a verb or a stop, with or without a space between (客户张三来电, 客户 张三 来电)
    ("name_after_party", "name",
     # (a three-character name with a space before its last character, then its cue: 客户王大 锤来电, left39)
     rf"({_LABELS})(\s*)(?!{_NOT_NAME})(?!{_TO_TITLED})(" + _SURNAME + _SPACED_NAME_CHAR + r"\s{1,2}" + _SPACED_NAME_CHAR
     + r"(?!\s)|" + _DOTTED_NAME + "|" + _SURNAME + _INNER_SPACE + r"(?:" + _NAME_CHAR
     + r"){1,2}?)" + _PARTY_NEXT,
     r"\1\2{}", ("records", "survey")),
    # a room written after its unit without 室 (建设路5号院2号楼1单元301, 3栋2单元501) is part of the address (safety21)
    # a building named by a letter (阳光花园B座1203室) and an entrance before its room (12号楼3门401) too (safety24)
    # the street or estate masked with its name, to the district (北京市朝阳区[地址], 家住[地址]: newuser48), a room
    # after its building without 室 too (金桥公寓5号楼301)
    # (the street's name up to eight characters before its word: 阜成门外北大街12号 kept 阜 with five, leftovers49; 甲 or
    # 乙 before its number: 中关村南大街甲5号)
    ("address", "address", rf"{_PLACE}{{0,8}}(?:{_STREETS})(?:(?:[甲乙丙]?\d+(?:-\d+)?(?:{_UNITS}|门(?=\d{{3,4}}))|[A-Z](?:座|栋|幢)(?=\d))"
     rf"(?:\d+(?:-\d+)?(?:{_UNITS}|门(?=\d{{3,4}}))|[A-Z](?:座|栋|幢)(?=\d))*(?:(?:(?<=单元)|(?<=门)|(?<=号楼)|(?<=栋)|(?<=幢)){_ROOM})?)",
     "{}", ("records", "survey")),
    # a building and its unit or room with no street before (3栋2单元501, 幸福里5号楼301室: the estate's name too)
    ("address_unit", "address", rf"(?:{_PLACE}{{0,5}}(?:{_ESTATES}))?(?<!\d)\d+(?:栋|幢|号楼)"
     rf"(?:\d+单元(?:\d+(?:室|号|户)|{_ROOM})?|\d+(?:室|号|户)|{_ROOM})", "{}",
     ("records", "survey")),
    # a space may part the name's characters or the name from its title (王大锤 先生, 王 大锤女士), and so may a
    # character nobody sees, which the folding makes a space (王大锤\u200b先生, 王大\u200d锤师傅: safe38)
    ("name_title", "name_title",
     rf"(?!{_TO_TITLED})(?:" + "|".join(_COMPOUND) + r"|[" + _SINGLE + r"])" + _TITLE_NAME_TAIL + r"(先生|女士|小姐)",
     r"{}\1", ("records", "survey")),
    # a romanised name before 先生/女士/小姐 (Wang先生, wang xiaoming 女士: safe38), its syllables a surname's first
    ("name_latin_title", "name_title",
     rf"(?<![A-Za-z])(?i:{_PINYIN_SURNAMES}(?:[ \u3000]?{_PINYIN_WORD}){{0,2}}?)[ \u3000]?(先生|女士|小姐)", r"{}\1",
     ("records", "survey")),
    ("name_before_kin_title", "name_title",
     rf"(?!{_NOT_NAME})(?!{_TO_TITLED})(?:" + "|".join(_COMPOUND) + r"|[" + _SINGLE + r"])" + _TITLE_NAME_TAIL
     + rf"({_KIN_TITLES})",
     r"{}\1", ("records", "survey")),
    # a name with the cue after it, at the start of a clause: 张三反映窗口排队久, 王小明来电称, 李四：投诉
    ("name_before_cue", "name",
     # a given name never runs into the cue (10点钟来电反映: 钟来电 is no name)
     _CLAUSE_START + rf"(?!{_NOT_NAME})(?!{_NOT_NAME_AFTER_DATE})(?:" + _DOTTED_NAME + "|" + _SURNAME + _INNER_SPACE
     + rf"(?:(?!{_ACTS})(?!的)" + _NAME_CHAR + r"){1,2}?)" + rf"(?=\s?{_ACTS})",
     r"\1{}", ("records", "survey")),
    # the same name with 的 before its cue (张三丰的投诉.csv, 李四光的来电记录: a file's name, a heading: hostile49;
    # 张三的投诉 was masked only as its 的 made a three-character name, 张三丰的投诉 not at all); never 您/你/我/他/她
    # before 的 (谢谢您的来电, 关于您的投诉 stay), and 的 is no character of the name
    ("name_before_cue_of", "name",
     _CLAUSE_START + rf"(?!{_NOT_NAME})(?!{_NOT_NAME_AFTER_DATE})(?:" + _DOTTED_NAME + "|" + _SURNAME + _INNER_SPACE
     + rf"(?:(?!{_ACTS})(?!的)" + _INTRO_CHAR + r"){1,2}?)" + rf"(?=\s?的{_ACTS})",
     r"\1{}", ("records", "survey")),
    # a romanised name with its act after it at a clause's start, no label (Zhang San来电反映, ZHANG Xiaoming投诉):
    # words of pinyin syllables only (App Store投诉, Power Hall来电 stay), two or three of them (safety22)
    # (safety22); never the end of a longer run of pinyin words (Ma Ke Bo Luo来电, Zhong Guo Dian Xin投诉 were
    # masked in part, Ma 某某来电: rev23d)
    # a name written alone at a clause's start right before a phone number (张三丰 13812345678, 李四光13912345678:
    # a refused cell's value in records check, a contact written without its label: hostile49); the number is masked
    # by then, so its token is what follows.  The words that may start so are no names (_NOT_NAME: 高压, 林业 …), nor
    # is a title (王经理 13812345678 keeps 王经理, as it does without the number)
    ("name_before_phone", "name",
     _CLAUSE_START + rf"(?!{_NOT_NAME})(?!{_NOT_NAME_AFTER_DATE})(?:" + _DOTTED_NAME + "|" + _SURNAME + _INNER_SPACE
     + rf"(?:(?!{_CALL_TITLES}|{_KIN_TITLES})" + _INTRO_CHAR + r"){1,2}?)"
     + r"(?=[ \u3000]{0,2}\[(?:手机号|电话)(?:/phone)?\])",
     r"\1{}", ("records", "survey")),
    ("name_staff_label", "name", f"((?:{_STAFF_WORDS})[ \u3000]?){_LABEL_NAME}(?=[ \u3000]?[:：])", r"\1{}",
     ("records", "survey")),
    ("name_latin_before_cue", "name", _CLAUSE_START + _NOT_AFTER_PINYIN + _PINYIN_NAME + rf"(?=\s?{_ACTS})", r"\1{}",
     ("records", "survey")),
    ("name_before_title", "name", rf"(?!{_NOT_NAME})(?!{_TO_TITLED})[{_COMMON}][\u4e00-\u9fff]{{0,2}}?(?=(?:{_TITLES}))", "{}",
     ("survey",)),
    ("name_after_role", "name", rf"({_ROLES})[{_COMMON}][\u4e00-\u9fff]{{1,2}}?{_AFTER}", r"\1{}", ("survey",)),
    ("name_after_cue", "name", r"(我叫|姓名|名字是|联系人)([:：\s]*)" + rf"(?!{_NOT_AFTER_LABEL})" + r"[\u4e00-\u9fff]{2,3}",
     r"\1\2{}", ("survey",)),
    # a name written right before the phone number a respondent leaves (张伟 13812345678, 请联系我：王秀英，电话…; the
    # number masked already): a listed surname and one or two characters at a clause's start (firm49)
    # (hostile49's name_before_phone above takes a name alone before the number in records and surveys; this one, a
    # respondent's contact with 联系我/找我 or 电话 between, in surveys only)
    ("name_before_left_phone", "name", r"((?:^|[\s,，。；;:：、!！?？(（]|联系我|找我)[ \u3000]*)" + rf"(?!{_NOT_NAME})"
     + rf"[{_COMMON}][\u4e00-\u9fff]{{1,2}}"
     + r"(?=[ \u3000]*[,，:：]?[ \u3000]*(?:联系电话|电话号码|手机号码|手机号|电话|手机)?[ \u3000]*[:：]?[ \u3000]*\[电话/phone\])",
     r"\1{}", ("survey",)),
    # any other long number (account, card, numbers run together) may identify a respondent
    ("long_number", "number", r"\d{9,}", "{}", ("survey",)),
]


def _rules(profile: str) -> list[tuple[str, str, str]]:
    tokens = TOKENS[profile]
    return [(name, pattern, repl.replace("{}", tokens.get(kind, "")))
            for name, kind, pattern, repl, profiles in RULES if profile in profiles]


#: (name, pattern, replacement) of the ``records`` profile, in the order :func:`mask_text` applies them.
PRIVATE_PATTERNS: list[tuple[str, str, str]] = _rules("records")


#: The longest text :func:`mask_text` gives back whole: a spreadsheet cell's limit (Excel: 32,767 characters).
#: A longer text (a broken export, a hostile file) is masked, then cut there and marked with :data:`CUT_MARK`.
MAX_TEXT = 32_767
#: How a text cut at :data:`MAX_TEXT` ends begins (:func:`cut_cell` adds the text's whole length).
CUT_MARK = "…[已截断 cut"


def cut_cell(text: str, length: int | None = None) -> str:
    """``text`` cut so that, with the mark saying it was cut and how long it was (``length``, default its own), it
    holds :data:`MAX_TEXT` characters less one (room for the quote a formula-like text is given,
    :func:`windoweval.cells.neutralise`): a spreadsheet refuses a workbook with a longer cell (safety20).

    Examples
    --------
    >>> got = cut_cell("x" * 40_000)
    >>> len(got) == MAX_TEXT - 1, got[-46:]
    (True, 'xxx…[已截断 cut: 共 40,000 字符 / 40,000 characters]')
    """
    n = len(text) if length is None else length
    mark = f"{CUT_MARK}: 共 {n:,} 字符 / {n:,} characters]"
    return text[:MAX_TEXT - 1 - len(mark)] + mark

def mask_text(series: pd.Series, *, profile: str = "records", names=(), free_text: bool = False) -> pd.Series:
    """Mask names, phone numbers and ID-card numbers in free text.

    Parameters
    ----------
    series : pandas.Series
        Free text (e.g. the ``description`` of complaint records); missing
        values stay missing.
    profile : {"records", "survey"}
        Which rules apply and which tokens replace what they find (:data:`RULES`,
        :data:`TOKENS`); ``survey`` is the one of respondents' comments.
    names : sequence of str
        Further names to mask wherever they occur (e.g. a staff roster), longest first.
    free_text : bool
        The column is free text (a complaint's description, a respondent's comment, a note: :func:`free_text_column`):
        a cell that is nothing but a passport-shaped token (``E12345678``) is a document there, masked; elsewhere
        (the default) such a cell is a record's id and kept.

    Returns
    -------
    pandas.Series
        Same index, dtype ``string``, with every recognised item replaced
        (see the module docstring for the patterns); a text longer than :data:`MAX_TEXT` is cut there.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series(["姓名:张三,手机+86 13912345678", "(0571)88886666 找李女士",
    ...                "请拨95598", None])
    >>> mask_text(s).tolist()
    ['姓名:某某,手机[手机号]', '[电话] 找某女士', '请拨95598', <NA>]
    >>> mask_text(pd.Series(["户号 1234567890，王师傅"]), profile="survey").tolist()
    ['户号 [号码/number]，[姓名/name]师傅']
    >>> mask_text(pd.Series(["E12345678"])).tolist(), mask_text(pd.Series(["E12345678"]), free_text=True).tolist()
    (['E12345678'], ['[证件号]'])
    """
    out = _mask_text(series, profile, names)
    return _documents_alone(out, profile) if free_text else out


def _documents_alone(out: pd.Series, profile: str = "records") -> pd.Series:
    """``out`` (masked text) with each cell that is nothing but a passport-shaped token masked as a document (what
    ``free_text`` adds to :func:`mask_text`)."""
    if len(out) < _PREFILTER_FROM:   # a few texts: no column machinery (as :func:`_mask_text_few`)
        alone = _alone_few(out.tolist())
    else:   # only a short text can be a token alone: the rest is not looked at
        s = out.astype("string")
        short = (s.str.len() <= 32).fillna(False).to_numpy(dtype=bool)
        alone = np.zeros(len(s), dtype=bool)
        if short.any():
            alone[short] = s[short].str.normalize("NFKC").str.fullmatch(_DOC_ALONE).fillna(False).to_numpy(dtype=bool)
    if alone.any():
        out = out.copy()
        out[alone] = TOKENS[profile]["document"]
    return out


#: A cell that is nothing but a travel document's number (:data:`_DOC_TOKEN`): a record's id in an id column, a
#: document in a free-text one (:func:`mask_text` with ``free_text``).
_DOC_ALONE = r"\s*" + _DOC_TOKEN + r"\s*"


def _mask_text(series, profile: str, names) -> pd.Series:
    """:func:`mask_text` but the ``free_text`` rule."""
    if not names and len(series) < _PREFILTER_FROM:
        few = _mask_text_few(series, profile)
        if few is not None:
            return few
    out = pd.Series(series, copy=True).astype("string")
    lengths = out.str.len()
    long = (lengths > MAX_TEXT - 1).fillna(False).to_numpy(dtype=bool)
    if long.any():
        # longer than a spreadsheet cell holds: masked up to a little past the limit (so a number across it is
        # masked whole), then cut within the limit, saying so and how long the text was (:func:`cut_cell`); the
        # time of masking stays that of a cell's text, whatever the file
        out[long] = out[long].str.slice(0, MAX_TEXT + 64)
        done = _masked(out, profile, names)
        done[long] = [cut_cell(str(v), int(n)) for v, n in zip(done[long].tolist(), lengths[long].tolist())]
        return done
    return _masked(out, profile, names)


def _masked(out: pd.Series, profile: str, names) -> pd.Series:
    """:func:`mask_text` of ``out`` (a ``string`` Series, a copy, its texts no longer than a little past the limit)."""
    for n in sorted({str(x) for x in names if str(x)}, key=len, reverse=True):
        out = out.str.replace(n, TOKENS[profile]["name"], regex=False)
    if len(out) < _PREFILTER_FROM:  # a message, a few cells: text by text, no column machinery
        return _mask_few(out, profile)
    cand = candidates(out, profile)
    if cand.any():  # only the texts some rule could change go through the rules, each distinct text once
        codes, uniq = pd.factorize(out[cand])
        out[cand] = _mask_all(pd.Series(uniq, dtype="string"), profile).array.take(codes)
    return out


def _mask_text_few(series, profile: str) -> pd.Series | None:
    """:func:`mask_text` of a few texts (fewer than :data:`_PREFILTER_FROM`), without the column machinery: the
    same Series (dtype ``string``, index, name, missing values) as ``astype("string")`` then :func:`_mask_few`
    give, from the values as a list.  None (the caller takes the column path) when a value is neither text nor
    missing (``astype`` writes it as text) or longer than :data:`MAX_TEXT` (cut)."""
    s = series if isinstance(series, pd.Series) else pd.Series(series)
    done = _few_values(s.tolist(), profile)
    return None if done is None else pd.Series(pd.array(done, dtype="string"), index=s.index, name=s.name)


def _few_values(vals: list, profile: str) -> list | None:
    """:func:`_mask_text_few` of the values ``vals`` (a list), as a list (missing values as they were); None when a
    value is neither text nor missing, or longer than :data:`MAX_TEXT`."""
    for v in vals:
        if isinstance(v, str):
            if len(v) > MAX_TEXT - 1:
                return None
        elif not (v is None or v is pd.NA or (isinstance(v, float) and v != v)):
            return None
    return _apply_rules(vals, profile, remember=True)


def _alone_few(vals: list) -> np.ndarray:
    """Which of the values ``vals`` (a list) are nothing but a passport-shaped token (:data:`_DOC_ALONE`), text by
    text: :func:`_documents_alone` of a few texts."""
    pat = _compiled(_DOC_ALONE)
    return np.array([isinstance(v, str) and pat.fullmatch(unicodedata.normalize("NFKC", v)) is not None
                     for v in vals], dtype=bool)   # full-width letters and digits as their own


#: A card number with no label of its own, in a sentence that speaks of a bank card or an account (``银行卡是
#: 4111111111111111``, ``退款账号：6212…``, ``银行卡号（尾号见下），请核对后办理：4111…``): a word of :data:`_CARD_CONTEXT`,
#: then at most forty characters and no sentence's stop (a comma allowed: safety23, twelve characters and no comma
#: let a card two clauses on through), then 16 to 19 digits set apart by no letter or digit, not right after a
#: record's number label (工单号, 订单, 流水号: :data:`_ORDER_LABEL_BEFORE`).  Masked only when its digits pass the Luhn check
#: (:func:`_luhn`, the card's check digit): an account or order number there (户号, 缴费账号, mostly failing Luhn)
#: stays, as does a Luhn-passing number with no such word (an order id in a description: decided in safety22, a
#: rule that masks an order id being worse than none; a card after its own label, 卡号…, is the ``bank_card`` rule).
_CARD_CONTEXT = (r"(?:银行|卡号|借记卡|信用卡|储蓄卡|账号|帐号|账户|帐户|(?<![A-Za-z])(?i:card|account)"
                 r"|卡(?=\s*(?:是|为|[:：])?\s*\d))")   # 卡 right before the number (卡:…, 卡 …: rev22d)
#: A character every word of :data:`_CARD_CONTEXT` holds: one class scanned in C before the alternation is tried at
#: each position (a text with none, nearly every complaint, costs a tenth of that search: rev22d).
_CARD_GATE = re.compile("[银卡账帐cCaA]")
_CARD_IN_CONTEXT = re.compile(_CARD_CONTEXT + r"[^。；;！!？?\n\r]{0,40}?(?<![0-9A-Za-z])(\d{16,19})(?![0-9A-Za-z])")
#: A record's own number label right before a card-shaped number (工单号：…, 订单 …, 流水号…): an id, never a card.
_ORDER_LABELS = r"(?:单号|订单|工单|编号|户号|流水号|交易号|凭证号|批次号|单据号)"
_ORDER_LABEL_BEFORE = re.compile(_ORDER_LABELS + r"码?\s*[:：]?\s*(?:为|是)?\s*$")
#: The same sentence rule with the card word after the number (``4111111111111111是客户的银行卡号``,
#: ``6222…（工行卡）``: safety24, only a word before it was read): 16 to 19 digits set apart, then at most forty
#: characters with no sentence's stop and no record's number label (``4111…是订单号，退至银行卡`` is an order id), then a
#: card word (a bank's card: 工行卡, 建行卡, 银行卡, 信用卡, or 卡号, 账号, card, account).
_CARD_WORD_AFTER = r"(?:银行|行卡|卡号|借记卡|信用卡|储蓄卡|账号|帐号|账户|帐户|(?<![A-Za-z])(?i:card|account))"
_CARD_AFTER = re.compile(r"(?<![0-9A-Za-z])(\d{16,19})(?![0-9A-Za-z])(?:(?!" + _ORDER_LABELS + r")[^。；;！!？?\n\r]){0,40}?"
                         + _CARD_WORD_AFTER)
_CARD_WORD_ANY = re.compile(_CARD_CONTEXT + "|" + _CARD_WORD_AFTER)


def _cards_in_context(text: str, token: str) -> str:
    """``text`` with each card number in a sentence about a card or an account (:data:`_CARD_IN_CONTEXT`) whose digits
    pass the Luhn check written ``token``; matched on the folded text (full-width and other scripts' digits), one
    character for one, so that the text outside a card is kept as written.

    Examples
    --------
    >>> _cards_in_context("退款至银行卡 4111111111111111，订单4111111111111111", "[银行卡号]")
    '退款至银行卡 [银行卡号]，订单4111111111111111'
    >>> _cards_in_context("缴费账号 1234567890123456", "[银行卡号]")     # fails Luhn: an account number, kept
    '缴费账号 1234567890123456'
    >>> _cards_in_context("4111111111111111是客户的银行卡号；工单4111111111111111", "[银行卡号]")   # the word after it
    '[银行卡号]是客户的银行卡号；工单4111111111111111'
    """
    if _CARD_GATE.search(text) is None or _CARD_WORD_ANY.search(text) is None:   # most texts: no card word, nothing folded
        return text
    folded = _fold(text)
    spans = {m.span(1) for pat in (_CARD_IN_CONTEXT, _CARD_AFTER) for m in pat.finditer(folded) if _luhn(m.group(1))
             and not _ORDER_LABEL_BEFORE.search(folded, max(0, m.start(1) - 8), m.start(1))}
    for a, b in sorted(spans, reverse=True):
        text = text[:a] + token + text[b:]
    return text


#: A run a right-to-left override shows reversed, character by character (U+202E to its pop U+202C, another control,
#: a line's end or the text's end): ``\u202e87654321831`` is read ``13812345678``.
_OVERRIDE_RUN = re.compile("\u202e([^\u202a-\u202e\u2066-\u2069\n]*)")


def _bidi_masked(was: str, stored: str, masked) -> str:
    """``was`` (a text holding bidi controls) masked as it is stored (``stored``: :func:`masked` of it, the controls
    dropped) and as a reader sees it, given in one order that shows neither's personal data:

    * each override's run read as shown, in its place (``客户\u202e三张\u202c来电`` is read 客户张三来电): where only
      that reading finds something, it is given masked; where only the stored order does, or neither, the stored
      order; where both do, the stored order masked, each override's run still there as it was then masked whole
      (:data:`MASKED`: it would show what its reversed reading holds — a hostile text, never shown half masked);
    * numbers an embedding or an isolate shows with their groups reordered (``\u20675678 1234 138\u2069``), and
      digits an override reverses, are masked where read so they are personal (:func:`_masked_reversed`).

    The text is never given reordered beyond an override's own run: a label and its name stay together (given in
    the order shown, 客户 柯明远 behind an embedding reaching the text's end was read 柯明远 ；客户, unmasked).

    Examples
    --------
    >>> m = lambda t: t.replace("13812345678", "[手机号]").replace("客户张三", "客户某某")
    >>> _bidi_masked("客户\u202e三张\u202c来电", "客户三张来电", m), _bidi_masked("\u202e87654321831", "87654321831", m)
    ('客户某某来电', '[手机号]')
    """
    fix = lambda t: _REVERSED_DIGITS.sub(lambda g: _masked_reversed(g.group(), masked), t)   # noqa: E731
    if _OVERRIDE_RUN.search(was) is None:
        return fix(stored)
    plain = drop_bidi(was)
    shown = drop_bidi(_OVERRIDE_RUN.sub(lambda g: g.group(1)[::-1], was))
    seen = masked(shown)
    if seen == shown or shown == plain:
        return fix(stored)
    if stored == plain:
        return fix(seen)
    kept = fix(stored)         # masked as stored (a label and its name together, whichever side of a control)
    for r in (g.group(1) for g in _OVERRIDE_RUN.finditer(was)):     # a run holds no control
        if r.strip() and r in kept:
            kept = kept.replace(r, MASKED)     # a run left as it was would show what its reversed reading holds
    return kept


_BIDI_ANY = re.compile("[" + BIDI_CONTROLS + "]")
#: Digits in groups (spaces between) that a right-to-left embedding or isolate (U+202B, U+2067) holds alone, to its
#: pop or the line's end: shown with the groups in the reverse order (``\u202b5678 1234 138\u202c`` is read
#: 138 1234 5678).
_EMBEDDED_GROUPS = re.compile("([\u202b\u2067])(\\d+(?:[ \u00a0\u3000]+\\d+)+)(?=[\u202c\u2069\n]|$)")


def _embedded_as_shown(text: str, masked) -> str:
    """``text`` with each group of digits a right-to-left embedding or isolate reorders (:data:`_EMBEDDED_GROUPS`) in
    the order a reader sees them, where masking takes them whole read so and leaves a digit of them as stored; else
    ``text``.

    Masked as stored, ``电话\u202b5678 1234 138\u202c`` was a local number after its label, ``电话[电话] 138``: the
    label must follow what the number is, a mobile as shown (safety23).

    Examples
    --------
    >>> m = lambda t: t.replace("\u202b", "").replace("\u202c", "").replace("138 1234 5678", "[手机号]")
    >>> _embedded_as_shown("电话\u202b5678 1234 138\u202c", m) == "电话\u202b138 1234 5678\u202c"
    True
    >>> _embedded_as_shown("\u202b2025 03 05\u202c", m) == "\u202b2025 03 05\u202c"
    True
    """
    alt = _EMBEDDED_GROUPS.sub(lambda g: g.group(1) + "".join(reversed(re.split(r"(\s+)", g.group(2)))), text)
    if alt == text:
        return text
    digits = lambda t: len(re.findall(r"\d", t))   # noqa: E731
    outside = digits(_EMBEDDED_GROUPS.sub("", text))
    # the shown order taken when masking takes its runs whole, and the stored order leaves a digit of them
    return alt if digits(masked(alt)) <= outside < digits(masked(text)) else text
#: A run of digits (spaces or hyphens between them) long enough to be a phone or a card, as a reversed run shows it.
_REVERSED_DIGITS = re.compile(r"\d[\d \-]{5,}\d")


def _masked_reversed(run: str, masked) -> str:
    """``run`` (digits, in a text holding bidi controls) masked where a reader may see it reordered: reversed digit
    by digit (an override: ``87654321831`` is read 13812345678 -> ``[手机号]``) or its groups in the reverse order (an
    embedding or isolate: ``5678 1234 138`` is read 138 1234 5678); else as it is.

    Examples
    --------
    >>> _masked_reversed("87654321831", lambda t: "[手机号]" if t.startswith("138") else t)
    '[手机号]'
    >>> _masked_reversed("5678 1234 138", lambda t: "[手机号]" if t.startswith("138") else t)
    '[手机号]'
    >>> _masked_reversed("20251231", lambda t: "[手机号]" if t.startswith("138") else t)
    '20251231'
    """
    for shown in (run[::-1], "".join(reversed(re.split(r"([ \-]+)", run)))):
        got = masked(shown)
        if got != shown:
            return got
    return run


def _apply_rules(vals: list, profile: str, *, remember: bool) -> list:
    """Every rule of ``profile`` applied to each text of ``vals`` (missing values given back as they are), in order,
    as :meth:`pandas.Series.str.replace` applies a pattern with Python's ``re``; a text holding full-width forms
    matched on its folded form (:func:`_mask_one`).  ``remember``: each text masked once per rule set
    (:data:`_FEW_SEEN`), also across calls."""
    named = _rules(profile)
    rules = [(_compiled(p), r) for _n, p, r in named]
    gated = [(pat, repl, _compiled(_RULE_GATES[n]) if n in _RULE_GATES else None)
             for (pat, repl), (n, _p, _r) in zip(rules, named)]
    card = TOKENS[profile]["bank_card"]

    def masked(t: str) -> str:
        if _fold(t) != t:  # full-width forms, a number in circled digits: matched on the folded text
            t = _mask_one(t, rules)
        else:
            for pat, repl, gate in gated:
                # a rule that matches only where the text holds one of its gate's words: not searched without one
                # (:data:`_RULE_GATES`); the same text either way
                if gate is not None and gate.search(t) is None:
                    continue
                # searched first: a replacement naming a group is parsed again on every ``sub`` call (``re._subx``),
                # found or not, and most rules find nothing in a text (a date, an id); the same text either way
                if pat.search(t) is not None:
                    t = pat.sub(repl, t)
        return _cards_in_context(t, card)
    seen = None
    if remember:
        key = tuple(named)
        seen = _FEW_SEEN.get(key)
        if seen is None:
            if len(_FEW_SEEN) >= 4:     # one rule set a profile; rules changed in a process: the old ones forgotten
                _FEW_SEEN.clear()
            seen = _FEW_SEEN[key] = {}
        elif len(seen) > _FEW_SEEN_MAX:  # the texts of a long run do not pile up
            seen.clear()
    done = []
    for t in vals:
        if not isinstance(t, str):
            done.append(t)
        elif seen is not None and t in seen:
            done.append(seen[t])
        else:
            was = t
            if _BIDI_ANY.search(t):
                t = _embedded_as_shown(t, masked)   # a number whose groups an embedding reorders, in their shown order
            t = masked(t)
            if _BIDI_ANY.search(was):
                # a number bidi controls show reordered (a phone stored reversed behind an override, read as a phone:
                # safety22) is masked where masking it as shown finds something; the text stays in its stored order
                # (given in the shown order, a label and its name were parted: 客户 柯明远 behind an embedding read
                # 柯明远 ；客户, unmasked — the twenty-eighth audit's hostile report)
                t = _bidi_masked(was, t, masked)
            if seen is not None and len(was) <= _FEW_SEEN_LONGEST:
                seen[was] = t
            done.append(t)
    return done


#: A rule whose every match ends in a lookahead for one of some words (its pattern ``X(?=\\s?W)``, no alternative
#: beside it: tests/test_score32_rule_gates.py checks the parsed pattern), by name -> ``W``: a text holding none of
#: these words cannot be changed by it, so :func:`_apply_rules` searches ``W`` first (a few literal words) and skips
#: the rule's own search where ``W`` is not found.  ``name_latin_before_cue`` (a romanised name before 来电, 投诉 …:
#: 8,000 characters of pinyin syllables) took four fifths of the rules' time on a text without such a word (a date,
#: an id: session 32).
_RULE_GATES = {"name_latin_before_cue": _ACTS}


def _mask_few(out: pd.Series, profile: str) -> pd.Series:
    """:func:`_mask_all` of a few texts, one by one: the same rules, compiled once, as pandas applies them; a text
    met again (in ``out``, or in an earlier call with the same rules: a table's column, a figure's labels in each
    language, the charts' template: five in six of what a report's notebooks mask) is masked once (:data:`_FEW_SEEN`)."""
    done = _apply_rules(out.tolist(), profile, remember=True)
    return pd.Series(pd.array(done, dtype=out.dtype), index=out.index, name=out.name)


#: Texts :func:`_mask_few` masked, by the rules that masked them (``{rules: {text: masked}}``): at most
#: :data:`_FEW_SEEN_MAX` texts of at most :data:`_FEW_SEEN_LONGEST` characters, then forgotten at once.
_FEW_SEEN: dict = {}
_FEW_SEEN_MAX = 20_000
_FEW_SEEN_LONGEST = 2_000

#: From this many texts on, :func:`mask_text` first finds the candidates (:func:`candidates`) in one scan.
_PREFILTER_FROM = 256


def _mask_all(out: pd.Series, profile: str) -> pd.Series:
    """Every rule of ``profile`` applied to every text of ``out`` (a ``string`` Series), in order."""
    # text by text, each pattern compiled once: pandas' ``str.replace`` would parse each of the ~30 patterns again
    # on every call (to choose between RE2 and Python's ``re``: ~40 ms a call) and take Python's ``re`` for all but
    # the one or two that cannot match where it would not
    done = _apply_rules(out.tolist(), profile, remember=False)
    return pd.Series(pd.array(done, dtype=out.dtype), index=out.index, name=out.name)


#: Words some rule needs in the text (a name cue, a title, a role, a unit of an address); see :func:`candidate_pattern`.
_CUE_WORDS = ("姓名", "联系人", *_LABELS.split("|"), "单元", "先生", "女士", "小姐", *_ACTS[3:-1].split("|"),
              *_KIN_TITLES[3:-1].split("|"), "护照", "通行证", "回乡证", "台胞证", "assport", "ASSPORT", "ard", "ARD",
              "身份证", "居留", "身份证明", "证件",
              # a social account's label (safety20): QQ, WeChat, Weibo
              "QQ", "qq", "Qq", "微信", "V信", "v信", "eChat", "ECHAT", "wx", "WX", "Wx", "wX", "微博", "抖音", "小红书",
              "扣扣", "vx", "VX", "Vx", "vX",
              # a vehicle plate's label or car word (safety24)
              "车牌", "号牌", "牌照", "车号", "车辆", "私家车", "汽车", "轿车", "电动车", "货车", "late", "LATE",
              # a name a speaker gives (我叫…, 名字是…) or one asked to call back (请张三回电: session 31)
              "叫", "名字", "姓", "回电", "回复", "回访", "联系", "致电", "打电话",
              # a name given with 我是 or 本人 and no label (session 32)
              "我是", "我就是", "本人")
_CUES = {
    "records": _CUE_WORDS,
    "survey": (*_CUE_WORDS,
               "先生", "女士", "小姐", "我叫", "名字是", *_TITLES.split("|"), *_ROLES.split("|")),
}


@functools.lru_cache(maxsize=None)
def _digit_class() -> str:
    """Every character Python's ``re`` takes for ``\\d`` (Unicode decimal digits), as a character class of ranges.

    Written out, so that the pre-filter needs no ``\\d`` (RE2, which pyarrow runs, knows ASCII digits only).
    """
    # every code point as one string, made in C (surrogates passed through): ~10 ms, not ~130 ms by chr() and join
    every = np.arange(0x110000, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")
    cps = [ord(c) for c in re.findall(r"\d", every)]
    ranges, lo = [], cps[0]
    for a, b in zip(cps, cps[1:] + [None]):
        if b != a + 1:
            ranges.append(chr(lo) if lo == a else f"{chr(lo)}-{chr(a)}")
            lo = b
    return "[" + "".join(ranges) + "]"


@functools.lru_cache(maxsize=None)
def _space_class() -> str:
    """Every character Python's ``re`` takes for ``\\s``, as a character class (RE2's ``\\s`` is ASCII only)."""
    every = np.arange(0x110000, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")
    return "[" + "".join(re.findall(r"\s", every)) + "]"   # none of them needs escaping in a class


def _class_of(codes) -> str:
    """A character class of the code points ``codes``, written as ranges (the ~4,000 invisible characters folded
    are a few dozen ranges: a short pattern for RE2 to compile on each call of :func:`candidates`).

    Examples
    --------
    >>> _class_of([0x41, 0x42, 0x43, 0x2D, 0x5D])
    '[\\\\-A-C\\\\]]'
    """
    cps = sorted(codes)
    ranges, lo = [], cps[0]
    for a, b in zip(cps, cps[1:] + [None]):
        if b != a + 1:
            ranges.append(re.escape(chr(lo)) if lo == a else f"{re.escape(chr(lo))}-{re.escape(chr(a))}")
            lo = b
    return "[" + "".join(ranges) + "]"


@functools.lru_cache(maxsize=None)
def candidate_pattern(profile: str = "records") -> str:
    """One regular expression that finds every text some rule of ``profile`` could change (and a few more).

    A text it does not find is left as written by :func:`mask_text`, so each rule only has to
    run on the few texts it finds (work-order ids, window ids, dates as text are not found).
    What each rule needs, whatever else it asks:

    * a character that folding changes (full-width digits, letters and signs, other spaces and
      dashes: such a text is matched on its folded form);
    * ``@`` (e-mail), ``+`` (a ``+86`` prefix) or a bidi control (:data:`BIDI_CONTROLS`, dropped);
    * ``records``: an ASCII digit or ``(`` with no ASCII letter or digit just before it (every
      ID-card, mobile and landline rule starts so: ``WO1381234567`` is not found); ``survey``:
      any digit (its rules also take digits run on from letters, and any digit for long numbers);
    * a street word followed by any digit (addresses), or one of the cue words (:data:`_CUES`:
      a name label, a title, a role, ``单元``).

    Written without look-around, ``\\d`` or ``\\s``, so that pandas runs it with pyarrow
    (RE2) over a whole column at once; ``tests/test_privacy_prefilter.py`` checks with
    hypothesis that it never misses a text the rules change.

    Examples
    --------
    >>> bool(re.search(candidate_pattern(), "WO1381234567")), bool(re.search(candidate_pattern(), "电话 1381234567"))
    (False, True)
    """
    digits = _digit_class()
    fold = _class_of([*_FOLD, *map(ord, _MARK_DIGITS)])
    start = r"(?:^|[^0-9A-Za-z])[0-9(]|" + _NUMBER_LABELS if profile == "records" else digits
    # longest first, ties in their own order: the same pattern in every process (its hash is the store's
    # plain-text fingerprint, :func:`windoweval.records.store._masking_fingerprint`; a set's order is not)
    cues = "|".join(re.escape(w) for w in sorted(set(_CUES[profile]), key=lambda w: (-len(w), w)))
    # a word digit next to another digit, one separator at most between (numbers written out in words)
    sep = "[" + _space_class()[1:-1] + r"\-杠]?"   # 杠: a dash said (一三八杠一二三四, msgs46b)
    words = f"[{_CN_DIGITS}]{sep}[0-9{_CN_DIGITS}]|[0-9]{sep}[{_CN_DIGITS}]"
    latin = rf"\[at\]|\(at\)|\{{at\}}|{_space_class()}[Aa][Tt]{_space_class()}|" + _LATIN_LABELS + "|" + _HONORIFICS
    # a travel document's or identity card's number without its label (:data:`_DOCUMENT`)
    bare = (r"(?:^|[^0-9A-Za-z_\-])(?:(?:[EGCL][0-9]{8}|E[A-Z][0-9]{7}|[PSD]E?[0-9]{7}|[A-Z]{3}[0-9]{12})"
            rf"(?:$|[^0-9A-Za-z_\-])|[A-Z]{{1,2}}[0-9]{{6}}(?:[(（]|{_space_class()}))")
    # a mobile typed with l or I for its first 1 (电话：l38O0l38000: the rule ``mobile_letters``)
    letters = rf"[lI]{_space_class()}{{0,4}}[\-./]?{_space_class()}{{0,4}}[3-9]"
    # a landline typed with O or o for its area code's 0 (电话：O1O-6552 3456: the rule ``landline_letters``)
    letters += r"|(?:^|[^0-9A-Za-z])\(?[Oo][0-9lI]"
    # a mobile run on from letters (zhangsan13800138000.xlsx: the rule ``mobile_after_letters``)
    letters += r"|[A-Za-z][A-Za-z]1[3-9][0-9]{9}(?:$|[^0-9])"
    # a name in a staff label (营业员小王：, the rule ``name_staff_label``)
    staff = f"(?:{_STAFF_WORDS})[ \u3000]?{_LABEL_NAME}[ \u3000]?[:：]"
    # 我是 / 我就是 with spaces between (我 是王小明: the rule ``name_is_intro`` takes them; review32)
    intro = f"我{_space_class()}*(?:就{_space_class()}*)?是"
    return (f"[@+{BIDI_CONTROLS}]|{fold}|{start}|{bare}|(?:{_STREETS}){digits}|{words}|{latin}|{letters}|{staff}|"
            f"{intro}|{cues}")


def candidates(series: pd.Series, profile: str = "records") -> np.ndarray:
    """Which texts of ``series`` some masking rule of ``profile`` could change (:func:`candidate_pattern`).

    One vectorised scan of the column; missing values are not candidates.

    Examples
    --------
    >>> candidates(pd.Series(["WO1234567", "电话13812345678", None, "王先生"])).tolist()
    [False, True, False, True]
    """
    s = series if isinstance(series.dtype, pd.StringDtype) else series.astype("string")
    arr = getattr(s.array, "_pa_array", None)
    if arr is not None:
        # Arrow-backed text: RE2 over the column at once, as ``str.contains`` runs this pattern (it has none of
        # the features that send pandas to Python's ``re``), without pandas parsing the pattern again on each
        # call (~3 ms for this one, more than the scan of a piece of 100,000 ids)
        import pyarrow.compute as pc
        return pc.match_substring_regex(arr, candidate_pattern(profile)).fill_null(False).to_numpy(
            zero_copy_only=False).astype(bool, copy=False)
    hit = s.str.contains(candidate_pattern(profile), regex=True)
    return hit.fillna(False).to_numpy(dtype=bool)


#: Patterns compiled in this process (:func:`_compiled`), and the lock that makes each compiled once.
_COMPILED: dict = {}
_COMPILING = threading.Lock()


def _lock_after_fork() -> None:
    """A new lock in a forked child: a thread of the parent may have held the old one at the fork, and no thread of
    the child would ever release it (its first compile would wait for ever; review39)."""
    global _COMPILING
    _COMPILING = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_lock_after_fork)


def _compiled(pattern: str) -> re.Pattern:
    """``re.compile(pattern)``, once per process: the scoring threads each mask their first piece at the same moment,
    and a cache alone lets each compile every rule (~0.1 s of CPU each for the records' rules); the second waits
    for the first's pattern instead.  A pattern compiled already is read without the lock."""
    got = _COMPILED.get(pattern)
    if got is not None:
        return got
    with _COMPILING:
        got = _COMPILED.get(pattern)
        if got is None:
            got = _COMPILED[pattern] = re.compile(pattern)
        return got


_GROUP_REF = re.compile(r"\\(\d)")


def _mask_one(text: str, rules) -> str:
    """:func:`mask_text` of one text holding full-width characters: every rule matched on its folded form."""
    for pat, repl in rules:
        folded = _fold(text)
        parts, last = [], 0
        for m in pat.finditer(folded):   # a group taken back from the text as written (（ stays （)
            parts += [text[last:m.start()], _GROUP_REF.sub(lambda g: text[slice(*m.span(int(g[1])))]
                                                            if m.group(int(g[1])) is not None else "", repl)]
            last = m.end()
        if parts:
            text = "".join(parts) + text[last:]
    return text


def mask_frame(df: pd.DataFrame, columns: list[str] | None = None, not_personal=()) -> pd.DataFrame:
    """A copy of ``df`` with :func:`mask_text` applied to its text columns.

    Parameters
    ----------
    df : pandas.DataFrame
    columns : list of str, optional
        The columns to mask; by default every column of object or string
        dtype (numbers, dates and booleans are left as they are).
    not_personal : collection of str, optional
        Columns a record contract declares not personal (:func:`whole_personal_columns`): not masked whole.

    Returns
    -------
    pandas.DataFrame
        A copy; masked columns are of dtype ``string`` and keep their
        missing values.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"id": ["C1"], "note": ["张先生 13812345678"], "n": [3]})
    >>> mask_frame(df).values.tolist()
    [['C1', '某先生 [手机号]', 3]]
    >>> mask_frame(pd.DataFrame({"order_id": ["E12345678"], "comment": ["E12345678"]})).values.tolist()
    [['E12345678', '[证件号]']]
    >>> mask_frame(pd.DataFrame({"联系人": ["张三", ""], "n": [1, 2]})).values.tolist()   # a column of names: whole
    [['[已遮蔽 masked]', 1], ['', 2]]

    A column whose name says it holds personal data (:func:`personal_column`: 联系人, customer_name, 投诉人) is
    masked whole, each filled cell ``[已遮蔽 masked]`` (:data:`windoweval.cells.MASKED`): the one gate of every
    output format (the CSV and XLSX for people, the Parquet listings, the sections kept, the console, the HTML), as
    a bare name (张三) carries no cue the rules could find (safety20: the Parquet files held them).
    """
    return _mask_frame(df, columns, not_personal)


def _mask_frame(df: pd.DataFrame, columns=None, not_personal=(), text: bool = True) -> pd.DataFrame:
    """:func:`mask_frame`; with ``text=False`` a masked column of text holds its cells as objects (``pd.NA`` where
    missing), not as dtype ``string``: what a table printed needs (:func:`windoweval.console.print_table`), without
    an Arrow array made and read back for each column.

    A table of few rows (fewer than :data:`_PREFILTER_FROM`) is masked all at once: its text columns of one kind (a
    free-text column, an id column, any other) put end to end and masked text by text in one call
    (:func:`_mask_text_few`), each cell as a call of its own column masks it; a wide table (the scorecard's grid: a
    column a window) made one call of the masking per column.

    Examples
    --------
    >>> got = _mask_frame(pd.DataFrame({"a": ["张先生 13812345678", None], "b": ["x", "y"]}), text=False)
    >>> got["a"].tolist(), got["a"].dtype
    (['某先生 [手机号]', <NA>], dtype('O'))
    """
    if not df.columns.is_unique:
        # headers alike as given (a notebook's table pivoted by window name, two windows of one name): looked up by
        # name each was a frame of two columns (AttributeError: a traceback); each column masked as itself, by its
        # position, under its own header (msgs44)
        parts = [_mask_frame(df.iloc[:, [i]], None if columns is None else [c for c in columns if c == df.columns[i]],
                             not_personal, text) for i in range(df.shape[1])]
        return pd.concat(parts, axis=1)
    out = whole_personal_columns(df, not_personal).copy()
    if columns is None:
        columns = [c for c in out.columns
                   if out[c].dtype == object or pd.api.types.is_string_dtype(out[c].dtype)]
    groups: dict = {}   # (free text, id column) -> the columns of text of a few rows, masked together below
    for c in columns:
        if c not in out:
            continue
        s = out[c]
        kind = pd.api.types.infer_dtype(s, skipna=True)
        free = free_text_column(c)    # a passport-shaped token alone: a document in a note, an id elsewhere
        if kind in ("string", "empty") and len(out) < _PREFILTER_FROM and out.columns.is_unique:
            groups.setdefault((free, id_column(c)), []).append(c)
        elif kind in ("string", "empty"):
            out[c] = _masked_column(s, c, free)
            if not text:
                out[c] = _as_objects(out[c])
        elif kind.startswith("mixed") and kind != "mixed-integer-float":
            # text among other values: mask the text cells by the same rule as a column of text (an id column's
            # key only whole: safety22), keep the rest
            is_text = s.str.len().notna().to_numpy()
            out[c] = s.where(~is_text, _masked_column(s.where(is_text), c, free).astype(object))
    for (free, ids), cols in groups.items():
        vals = [v for c in cols for v in out[c].tolist()]
        done = _few_values(vals, "records")
        if done is None:   # a value that is neither text nor missing, or a long one: column by column
            for c in cols:
                out[c] = _masked_column(out[c], c, free)
                if not text:
                    out[c] = _as_objects(out[c])
            continue
        if free:   # as mask_text(free_text=True) of each column (a few texts)
            alone = _alone_few(done)
            done = [TOKENS["records"]["document"] if a else v for v, a in zip(done, alone)]
        got = pd.array(done, dtype="string")
        if ids:    # an id column's key masked only whole (whole_values looks at each value alone)
            got = whole_values(pd.Series(vals, dtype=object), pd.Series(got)).array
        n = len(out)
        if text:
            for i, c in enumerate(cols):
                out[c] = pd.Series(got[i * n:(i + 1) * n], index=out.index, name=c)
        else:
            cells = _as_objects(pd.Series(got)).to_numpy()
            for i, c in enumerate(cols):
                out[c] = pd.Series(cells[i * n:(i + 1) * n], index=out.index, name=c, dtype=object)
    return out


def _as_objects(s: pd.Series) -> pd.Series:
    """The masked text ``s`` (dtype ``string``) as objects, ``pd.NA`` where missing (as the ``string`` column shows)."""
    return pd.Series(s.to_numpy(dtype=object, na_value=pd.NA), index=s.index, name=s.name, dtype=object)


def _masked_column(s: pd.Series, name, free: bool) -> pd.Series:
    """:func:`mask_text` of one column's text ``s``: in an id column (:func:`id_column`) a key is masked only whole
    (:func:`whole_values`, safety21), whatever else the column holds (numbers among the text: safety22)."""
    got = mask_text(s, free_text=free)
    return whole_values(s, got) if id_column(name) else got


#: The start of an absolute path's folders in a message: ``/`` (not inside a word, a relative path or a URL's ``//``),
#: a drive ``C:\`` or ``C:/``, or a share ``\\``; then each folder (a name, spaces inside it, never at its ends) and
#: its separator.  What follows the last separator (the file's name) is not part of the match.
_SEG = r"[^\s/\\:;,，；：。、\"'<>|*?]"
_PATH_FOLDERS = re.compile(r"(?<![\w.~/\\\-])(?:[A-Za-z]:[\\/]|\\\\|/)(?=" + _SEG + r")"
                           r"(?:" + _SEG + r"+(?: " + _SEG + r"+)*[/\\])+")
#: The folders a message names files within (the data folder, the survey store), as given and resolved: a file inside
#: one is shown relative to it (:func:`shown_paths`).  Set by the command line for its run (:func:`path_roots`).
_PATH_ROOTS: list[str] = []
#: A letter of any script: folders without one (``/2025/06/``) cannot carry a name.
_LETTER = re.compile(r"[^\W\d_]")
#: The folders at the top of a file system that are the system's, never a person's (``/tmp/x``, ``/srv/x``): a path
#: with one of them as its only folder is shown as written; any other one folder (``/张三/x.csv``) can be a name.
_SYSTEM_TOP = frozenset("tmp var srv opt usr etc home root mnt media run dev proc sys bin sbin lib lib64 lib32 boot "
                        "data work private volumes users windows temp programdata nix snap cygdrive".split())
#: A ``file:`` URL's scheme and host (``file:///home/…``, ``file://localhost/…``, ``file:///C:/…``, ``file://server/…``):
#: taken off, the path after it is shown as any path is (:func:`shown_paths`).
_FILE_URL = re.compile(r"(?<![A-Za-z0-9.+-])file:(?://[^/\s\"'<>|]*(?=/)|(?!//))(?:/(?=[A-Za-z]:[/\\]))?"
                       r"((?:[A-Za-z]:)?[/\\][^\s\"'<>|]+)", re.IGNORECASE)
# ``//`` after ``file:`` always starts a host, never a path (file://x names no file: as written, never ``//x``,
# safety20); a path is at least one character after its ``/`` (file:/// names none)


#: A file's name after its folders (x.csv, 工单.xlsx, index.html): a name, a dot and an extension of letters or digits.
_FILE_NAME = re.compile(_SEG + r"*\." + r"[A-Za-z0-9]{1,8}(?![A-Za-z0-9])")


def path_roots(*folders) -> None:
    """The folders a file in a message is shown relative to (None left out), for the rest of the process: the command
    line gives its ``--data`` and ``--store``; without them a file is shown by its name alone.

    Examples
    --------
    >>> path_roots("/srv/windoweval/records", None)
    >>> shown_paths("/srv/windoweval/records/exports/工单.csv: 1 处; /home/张三/工单.csv")
    'exports/工单.csv: 1 处; 工单.csv'
    >>> path_roots()
    """
    import os

    roots = set()
    for f in folders:
        if f is None or str(f) == "":
            continue
        for r in (str(f), os.path.abspath(str(f)), os.path.realpath(str(f))):
            if re.match(r"[A-Za-z]:[\\/]|[/\\]", r):     # as a message writes it: absolute, on either system
                roots.update(r.rstrip("/\\") + sep for sep in "/\\")
    _PATH_ROOTS[:] = sorted(roots, key=len, reverse=True)


@contextlib.contextmanager
def roots_for(*folders):
    """:func:`path_roots` for the length of a block, the former roots back after it: one command line's ``--data`` and
    ``--store`` never name the files of what runs after it in the same process (a second ``windoweval.cli.main``, the
    test suite, a notebook).

    Examples
    --------
    >>> with roots_for("/srv/windoweval/records"):
    ...     shown_paths("/srv/windoweval/records/exports/工单.csv")
    'exports/工单.csv'
    >>> shown_paths("/srv/windoweval/records/exports/工单.csv")
    '工单.csv'
    """
    former = list(_PATH_ROOTS)
    try:
        path_roots(*folders)
        yield
    finally:
        _PATH_ROOTS[:] = former


def shown_paths(text: str) -> str:
    """``text`` with every absolute path's folders taken off: a file inside a folder :func:`path_roots` named is shown
    relative to it, any other by its name alone.  A folder can carry a person's name (``/home/张三/…``,
    ``C:\\Users\\王五\\…``), and a message is read by people the user's folders are nothing to.

    Examples
    --------
    >>> shown_paths("错误 / error: /home/张 三/导出/工单.csv: 第 3 行 / row 3 (see data/README.md, 1/2)")
    '错误 / error: 工单.csv: 第 3 行 / row 3 (see data/README.md, 1/2)'
    >>> shown_paths(r"C:\\Users\\王五\\Desktop\\工单.xlsx[Sheet1]: http://example.org/a/b")
    '工单.xlsx[Sheet1]: http://example.org/a/b'
    >>> shown_paths("--survey /tmp/evil: 不是调查编号")     # a folder at the top names no one: as written
    '--survey /tmp/evil: 不是调查编号'
    >>> shown_paths("受理时间 '/2025/06/02' 不是日期")         # a value, not a path: no folder of it names anyone
    "受理时间 '/2025/06/02' 不是日期"
    >>> shown_paths("/张三/x.csv; file:///home/%E5%BC%A0%E4%B8%89/y.csv")   # one folder that can be a name; a URL
    'x.csv; y.csv'
    >>> shown_paths("窗口 '/PW01/2025' 不存在; 科室 /内科/外科")   # a value with slashes, no file: as written
    "窗口 '/PW01/2025' 不存在; 科室 /内科/外科"
    """
    if "/" not in text and "\\" not in text:
        return text

    def shown(m: re.Match) -> str:
        folders = m.group(0)
        for root in _PATH_ROOTS:
            if folders.startswith(root):
                return folders[len(root):]
        # "folders" without a letter (a value quoted in a message, '/2025/06/02', /1/2/3) name no one, and the value is
        # what the user has to find and fix: kept as written; so is one folder at the top that is the system's
        # (/tmp/x, /srv/x: an id given as /tmp/evil is refused naming it), never one that can be a name (/张三/x.csv)
        if not _LETTER.search(folders):
            return folders
        top = folders.lstrip("/\\")
        if len(re.findall(r"[/\\]", top)) < 2:
            if top[:-1].lower() in _SYSTEM_TOP:
                return folders
            # one other folder: a file's (/张三/x.csv, a file: URL's) loses it; a value written with slashes
            # ('/PW01/2025', /内科/外科, /A/B: codes a field holds) is what the user has to find, kept (rev19x)
            if not url[0] and not _FILE_NAME.match(m.string, m.end()):
                return folders
        return ""

    url = [False]
    if "file:" in text.lower():      # file:///home/张三/x.csv: the path after the scheme, as any path
        def in_url(u: re.Match) -> str:
            url[0] = True
            try:
                return _PATH_FOLDERS.sub(shown, " " + u.group(1))[1:]
            finally:
                url[0] = False
        text = _FILE_URL.sub(in_url, text)
    return _PATH_FOLDERS.sub(shown, text)


#: What a cell of a personal column (:func:`personal_column`) shows in every output (:func:`whole_personal_columns`;
#: :data:`windoweval.cells.MASKED` is this).
MASKED = "[已遮蔽 masked]"


def whole_personal_columns(df: pd.DataFrame, not_personal=()) -> pd.DataFrame:
    """``df`` with each filled cell of a column of personal data (:func:`personal_column`) read
    :data:`windoweval.cells.MASKED`; blank and missing cells stay; the same frame when it has no such column.
    ``not_personal``: the columns a record contract declares not personal (``personal: false``,
    :func:`windoweval.records.contract.not_personal_columns`: a service offering's ``name``), given by a caller whose
    frame holds records read through their contract; kept as they are.

    Examples
    --------
    >>> df = pd.DataFrame({"window_id": ["PW01", "PW02"], "联系电话": ["13812345678", ""]})
    >>> whole_personal_columns(df)["联系电话"].tolist()
    ['[已遮蔽 masked]', '']
    >>> whole_personal_columns(df)["window_id"].tolist()
    ['PW01', 'PW02']
    >>> offers = pd.DataFrame({"window_id": ["PW01"], "name": ["柜台缴费"]})
    >>> whole_personal_columns(offers)["name"].tolist(), whole_personal_columns(offers, {"name"})["name"].tolist()
    (['[已遮蔽 masked]'], ['柜台缴费'])
    """
    personal = [i for i, c in enumerate(df.columns) if personal_column(c, not_personal)]
    keys = [i for i, c in enumerate(df.columns) if i not in personal and person_key_column(c)]
    named = {i: _names_in_keys(df.iloc[:, i]) for i in keys}
    named = {i: hit for i, hit in named.items() if hit is not None}
    if not personal and not named:
        return df
    out = df.copy(deep=False)
    for i in personal:
        col = df.iloc[:, i]
        blank = col.isna() | col.astype(str).str.strip().eq("")
        if isinstance(col.dtype, pd.CategoricalDtype):
            col = col.astype(object)
        out.isetitem(i, col.where(blank, MASKED).astype(object))
    for i, hit in named.items():   # a name where a person's key belongs: masked whole, the keys kept
        col = df.iloc[:, i]
        if isinstance(col.dtype, pd.CategoricalDtype):
            col = col.astype(object)
        out.isetitem(i, col.where(~hit, MASKED).astype(object))
    return out


#: Columns naming a person by a key: a staff member (工号, 柜员号), a call-centre agent, who covered a counter
#: (顶岗人员), a customer or patient.  A value there that is a personal name, not a key (李小龙 where S0101 belongs: an
#: export's 柜员 column mapped to staff_id, 顶岗人员姓名 read as covered_by), is masked whole (:func:`whole_personal_columns`).
_PERSON_KEY_COLUMN = re.compile(
    r"^\s*(?i:staff_?id|agent_?id|covered_?by|customer_?id|customer_?key|patient_?id)\s*$"
    r"|^\s*(?:工号|员工号|柜员|柜员号|坐席工号|坐席|顶岗人员?|顶替人|替岗人|代岗人|客户编号|客户标识|户号|患者编号|收费员|挂号员|药剂师)\s*$")
#: A value that is a personal name: a surname and one to three characters, or a name with a middle dot, alone
#: (after the folding: 李\u200b小龙 too).
_NAME_ALONE = re.compile(r"\s*(?:" + _DOTTED_NAME + "|(?:" + "|".join(_COMPOUND) + r"|[" + _SINGLE + r"])"
                         r"(?:\s?[\u4e00-\u9fa5]){1,3})\s*")


#: A Han character as :data:`_NAME_ALONE` writes one, or a character folding makes one (a traditional character, as
#: :data:`_FOLD` folds it): a value without any is no name (:func:`names_in_key_values`).
_HAN = "[\u4e00-\u9fa5" + "".join(sorted({
    "\\" + chr(k) if chr(k) in "\\]^-[" else chr(k) for k, v in _FOLD.items()
    if not "\u4e00" <= chr(k) <= "\u9fa5" and any("\u4e00" <= x <= "\u9fa5" for x in
                                                (v if isinstance(v, str) else chr(v) if isinstance(v, int) else ""))})) + "]"


def person_key_column(name) -> bool:
    """Whether a column names a person by a key (:data:`_PERSON_KEY_COLUMN`): a name written there is masked whole.

    Examples
    --------
    >>> [person_key_column(c) for c in ["staff_id", "covered_by", "工号", "customer_key", "window_id", "order_id"]]
    [True, True, True, True, False, False]
    """
    return isinstance(name, str) and bool(_PERSON_KEY_COLUMN.search(name.translate(_FOLD)))


def _names_in_keys(col: pd.Series):
    """Which cells of a person's key column (:func:`person_key_column`) hold a personal name, not a key, as a
    boolean Series; None when none does.  Each distinct value looked at once (a staff id repeats).

    Examples
    --------
    >>> _names_in_keys(pd.Series(["S0101", "李小龙", None, "欧阳娜娜", "1号柜员", "城东营业厅"])).tolist()
    [False, True, False, True, False, False]
    >>> _names_in_keys(pd.Series(["S0101", None])) is None
    True
    """
    if not (col.dtype == object or pd.api.types.is_string_dtype(col.dtype)
            or isinstance(col.dtype, pd.CategoricalDtype)):
        return None
    codes, uniq = pd.factorize(col.astype(object))
    if not len(uniq):
        return None
    # a value that is no text (a number) reads as its digits: never a name
    t = pd.Series(uniq, dtype=object).astype("string").str.translate(_FOLD)
    hit = t.str.fullmatch(_NAME_ALONE.pattern).fillna(False).to_numpy(dtype=bool)
    if not hit.any():
        return None
    got = np.zeros(len(col), dtype=bool)
    ok = codes >= 0
    got[ok] = hit[codes[ok]]
    return pd.Series(got, index=col.index)


def names_in_key_values(arr):
    """:func:`_names_in_keys` of an Arrow text column (array or chunked): which cells hold a personal name, as a
    boolean Arrow array (a missing cell False); None when none does.  Each distinct value looked at once: the
    missed records' masking (:mod:`windoweval.exports`) and a store file's plain-text claim
    (:func:`windoweval.records.store.with_plain_text`) ask it alike.

    Examples
    --------
    >>> import pyarrow as pa
    >>> names_in_key_values(pa.array(["S0101", "李小龙", None, "李小龙"])).to_pylist()
    [False, True, False, True]
    >>> names_in_key_values(pa.array(["S0101", None])) is None
    True
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    uniq = pc.unique(arr).drop_null()
    if pa.types.is_string(uniq.type) or pa.types.is_large_string(uniq.type):
        # every name :data:`_NAME_ALONE` finds holds a Han character, and folding (:data:`_FOLD`: to ASCII, or
        # nothing) makes none: a value without one (S0101, C00012345: nearly every key) is no name, found so in
        # one vectorised pass instead of being folded and matched in Python (~1.3 s a 10 million customer ids)
        uniq = uniq.filter(pc.match_substring_regex(uniq, _HAN))
    hit = _names_in_keys(pd.Series(uniq.to_pylist(), dtype=object))
    if hit is None:
        return None
    return pc.fill_null(pc.is_in(arr, value_set=uniq.filter(pa.array(hit.to_numpy()))), False)


def mask_message(text, terminal: bool = False) -> str:
    """One message (a console line, a log record, an error) with :func:`mask_text` applied and every absolute path
    shown without its folders (:func:`shown_paths`); with ``terminal``, its terminal controls shown as codes first
    (:data:`TERMINAL_CONTROL`: a bidi override is shown, not dropped).

    Examples
    --------
    >>> mask_message("行 3 的值 0571-8111-0008 无效")
    '行 3 的值 [电话] 无效'
    >>> mask_message("PW01\u202eRED 13812345678", terminal=True)
    'PW01<U+202E>RED [手机号]'
    >>> mask_message("/home/张三/工单.csv: 1 处不符合约定")
    '工单.csv: 1 处不符合约定'
    """
    from .paths import readable   # a file name that is not UTF-8 (its bytes kept as surrogates): text, not a crash

    text = shown_paths(readable(str(text)))
    if terminal:
        text = TERMINAL_CONTROL.sub(shown_control, text)
    return str(mask_text(pd.Series([text], dtype="string")).iloc[0])


def mask_messages(texts, terminal: bool = False) -> list:
    """:func:`mask_message` of each of ``texts``, their text masked in one call (a console table's heads: a window id
    per column), not one call each; masking is value by value, so each is the text :func:`mask_message` gives it.

    Examples
    --------
    >>> mask_messages(["PW01", "13812345678", "/home/张三/工单.csv"])
    ['PW01', '[手机号]', '工单.csv']
    """
    from .paths import readable

    texts = [shown_paths(readable(str(t))) for t in texts]
    if terminal:
        texts = [TERMINAL_CONTROL.sub(shown_control, t) for t in texts]
    if not texts:
        return []
    return [str(x) for x in mask_text(pd.Series(texts, dtype="string")).tolist()]


_LINE_END = re.compile(r"(\r\n|\n|\r)")


def mask_lines(text: str) -> str:
    r"""``text`` (what a command prints: one message or a whole table) with :func:`mask_text` applied line by line, its
    line ends kept: the one gate of the console (``windoweval.cli``), so that a value echoed from the command line
    (``--year '13812345678'``, a clause id, a file's name) or from the data reaches no terminal or scheduler's log
    unmasked, whatever message echoes it.  A line longer than :data:`MAX_TEXT` is cut there, as a cell is.

    Examples
    --------
    >>> mask_lines("没有条款 power_window.1<b>13812345678\n用法 / usage\n")
    '没有条款 power_window.1<b>[手机号]\n用法 / usage\n'
    >>> mask_lines("") == "" and mask_lines("\n") == "\n"
    True
    """
    parts = _LINE_END.split(text)
    lines = parts[0::2]
    if not any(lines):
        return text
    parts[0::2] = mask_text(pd.Series(lines, dtype="string")).fillna("").tolist()
    return "".join(parts)


def mask_json(obj, skip=("bdata", "dtype", "shape")):
    """A copy of a JSON-like value (a notebook's outputs, a figure, a section's kept meta) with every string leaf
    masked at once, and every key of a dict too: a count by window id (``{"13812345678": 3}``, the window ids of a
    delivery the workspace does not know) is keyed by data (hostile42).  Two keys masked alike both stay, the second
    numbered (``[手机号] (2)``): nothing is dropped.

    Examples
    --------
    >>> mask_json({"a": ["客户：张三", 3, {"b": "邮箱 a.b@example.com"}]})
    {'a': ['客户：某某', 3, {'b': '邮箱 [邮箱]'}]}
    >>> mask_json({"unknown_windows": {"13812345678": 3, "13912345678": 1, "PW09": 2}})
    {'unknown_windows': {'[手机号]': 3, '[手机号] (2)': 1, 'PW09': 2}}
    """
    leaves: list[str] = []

    def key(k, collect):
        if not isinstance(k, str):
            return k
        if collect:
            leaves.append(k)
            return k
        return next(it)

    def keyed(pairs: list) -> dict:
        out: dict = {}
        for k, v in pairs:
            mk, n = k, 1
            while mk in out:        # two keys masked alike: each kept, numbered
                n += 1
                mk = f"{k} ({n})"
            out[mk] = v
        return out

    def walk(o, collect):
        if isinstance(o, str):
            if collect:
                leaves.append(o)
                return o
            return next(it)
        if isinstance(o, dict):
            if collect:
                for k, v in o.items():
                    key(k, True)
                    if k not in skip:
                        walk(v, True)
                return o
            return keyed([(key(k, False), v if k in skip else walk(v, False)) for k, v in o.items()])
        if isinstance(o, (list, tuple)):
            return [walk(v, collect) for v in o]
        return o

    walk(obj, True)
    if not leaves:
        return obj
    it = iter(mask_text(pd.Series(leaves, dtype="string")).tolist())
    return walk(obj, False)


#: A column whose values are personal data by its name alone (a name or phone column mapped or delivered by mistake).
_PERSONAL_COLUMN = re.compile(
    r"姓名|名字|联系人|户名|户主|业主|电话|手机|座机|固话|身份证|证件号|护照|通行证|银行卡|卡号|邮箱|住址|家庭地址|"
    # a patient's own number, which names the patient in every visit (probe32): 病历号, 住院号, 门诊号, 医保号
    r"病历号|病案号|住院号|门诊号|医保号|社保号|医保卡|社保卡|"
    # a phone or card split across columns (hostile43): 号码前三位 / 后八位, 尾号: each part a person's number, written
    # alone as the header or after the number it is part of (a ranking, 投诉量排名前10位, is none: review43)
    r"(?:^|号码|号|机|话|证|卡)(?:前|后|末)[0-9一二三四五六七八九十]{1,2}位|尾号|"
    # a person under another word: who applied, complained, called, reported, came, handled, received, was treated
    r"(?:申请|投诉|来电|反映|举报|办事|经办|报修|报装|代理|收件|寄件|当事|就诊|监护|委托|受访|被访|联络)人(?!数|次|类|群)|"
    r"(?<![病伤])患者(?!类|数|人数|来源|年龄|性别)|病人(?!类|数|来源|年龄|性别)|^家属|家属(?:姓名|名)|"
    # a thing's name as a header shows it (Window name, File name, Measure name: an English label of the report) is
    # no person's
    r"(?i:(?<![a-z_])(?<!window )(?<!file )(?<!sheet )(?<!table )(?<!measure )(?<!clause )(?<!standard )(?<!hall )"
    r"(?<!department )(?<!region )(?<!company )(?<!organisation )(?<!organization )(?<!column )(?<!kind )"
    r"(?:full_?|customer_?|patient_?|contact_?|caller_?|respondent_?|applicant_?|complainant_?)?name(?![a-z])"
    r"|phone|mobile|(?<![a-z])tel(?![a-z])|e-?mail|id_?card|id_?number|passport|bank_?card|address"
    r"|(?<![a-z])(?:contact|applicant|patient|caller|complainant|claimant|requester|reporter|visitor|recipient|"
    r"next_?of_?kin|guardian|person)(?![a-z]|_(?:kind|type|count|n|id|key|group|class)(?![a-z])))")


#: A column whose values are free text by its name (a description, a comment, a note): a passport-shaped token alone in
#: one of its cells is a document, masked (:func:`mask_text` with ``free_text``); in any other column it is an id.
_FREE_TEXT_COLUMN = re.compile(
    r"描述|备注|说明|意见|建议|留言|评论|内容|反馈|情况|详情|附言|批注|"
    r"(?i:(?<![a-z])(?:comments?|notes?|remarks?|descriptions?|details?|text|feedback|memo|messages?|opinions?|"
    r"suggestions?|narrative|free_?text)(?![a-z]))")


#: The one guard over the whole name: a column named as an id (反馈单号, 建议编号, 评论ID, note_id, 反馈编码, comment
#: no.) or a kind (note_type, comment_kind) holds records' ids or codes, whatever free-text word is before: its last
#: word says so, a version or copy after it left aside (note_id_2, comment_id_old, remark_code_v2).
_ID_COLUMN_END = re.compile(
    r"(?:号|码|編號|(?i:id|key|no\.?|code|number|num|(?<![a-z])(?:kind|type)))\s*[)）]?"
    r"(?i:[\s_-]*(?:\d+|v\d+|old|new|orig(?:inal)?|bak|copy))?\s*$")


def free_text_column(name) -> bool:
    """Whether a column's name says it holds free text (a description, a comment, a note).

    Such a column's cell that is nothing but a passport-shaped token (``E12345678``) is masked as a document; the
    same cell in an id column (``order_id``, ``工单号``) is a record's id and kept (:func:`mask_frame`).

    Examples
    --------
    >>> [free_text_column(c) for c in ["description", "comment", "描述", "备注", "诉求内容", "note"]]
    [True, True, True, True, True, True]
    >>> [free_text_column(c) for c in ["order_id", "工单号", "window_id", "note_id", "respondent_id", None]]
    [False, False, False, False, False, False]
    >>> [free_text_column(c) for c in ["反馈单号", "建议编号", "意见单号", "留言编号", "内容编号", "评论ID", "反馈编码"]]
    [False, False, False, False, False, False, False]
    """
    return (isinstance(name, str) and bool(_FREE_TEXT_COLUMN.search(name.translate(_FOLD)))
            and not _ID_COLUMN_END.search(name))


def id_column(name) -> bool:
    """Whether a column's name says it holds records' ids or codes (``order_id``, ``工单号``, ``customer_key``: its
    last word an id's, :data:`_ID_COLUMN_END`), and not personal data (``身份证号`` is personal, masked whole).

    In such a column only a whole value is masked (:func:`whole_values`): the key a verdict rests on is never cut
    into (a work order's 22 digits, two mobile shapes run together, stay), a phone, ID-card number or e-mail written
    as the whole value is still masked.

    Examples
    --------
    >>> [id_column(c) for c in ["order_id", "工单号", "customer_key", "note", "身份证号", "window_id", None]]
    [True, True, True, False, False, True, False]
    """
    return isinstance(name, str) and bool(_ID_COLUMN_END.search(name)) and not personal_column(name)


#: Any token a masking rule writes (both profiles), as a pattern.
_ANY_TOKEN = "|".join(sorted({re.escape(t) for kinds in TOKENS.values() for t in kinds.values()}, key=len, reverse=True))


#: A token run into a digit or into another token: the rule cut into a longer key (:func:`whole_values`).
_CUT_INTO = rf"\d(?:{_ANY_TOKEN})|(?:{_ANY_TOKEN})(?:\d|{_ANY_TOKEN})"
#: A token after a filing date and a sign (2025-03-05-…, WO20250305_…): a work order's sequence number, kept.
_AFTER_DATE = rf"^[A-Za-z]*[-_./#]?(?:19|20)\d\d[-_./]?[01]\d[-_./]?[0-3]\d[-_./#]+(?:{_ANY_TOKEN})"


def _luhn(digits: str) -> bool:
    """Whether a card number's digits pass the Luhn check (a bank card's last digit is its check digit)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        total += (d * 2 - 9 if d > 4 else d * 2) if i % 2 else d
    return total % 10 == 0


def whole_values(original: pd.Series, masked: pd.Series, profile: str = "records") -> pd.Series:
    """``masked`` (:func:`mask_text` of ``original``, an id column's values: :func:`id_column`) where masking took the
    whole value, ``original`` where it took a part of it.

    The rules are written for free text; in an id column a match inside a value is a record's key cut into, never a
    phone (``1381234567813912345678``: two mobile shapes, a work order's number; a date then a sequence, also with a
    sign between: ``2025-03-05-13812345678``).  A token set apart by letters or signs (``13812345678``,
    ``Tel13812345678``, ``13812345678-1``, ``110101199003071234-01``, ``zs@qq.com``: a personal number where an id
    should be, rev21d) stays masked; a bank card only
    when its digits pass the Luhn check (a 19-digit order number starting 62 mostly does not).  A value with more
    than a key's characters (a space, a Chinese word: ``客户：张三 13812345678``) is text in the wrong column, masked as
    text.  Changed values are few: they alone are looked at.

    Examples
    --------
    >>> ids = pd.Series(["1381234567813912345678", "13812345678", "WO1", "6222021234567890123", "6222021234567890128",
    ...                  "客户：张三 13812345678"])
    >>> whole_values(ids, mask_text(ids)).tolist()
    ['1381234567813912345678', '[手机号]', 'WO1', '6222021234567890123', '[银行卡号]', '客户：某某 [手机号]']
    """
    orig = pd.Series(original, copy=False).astype("string")
    got = pd.Series(masked, copy=False).astype("string")
    changed = got.ne(orig).fillna(False).to_numpy(dtype=bool)
    if not changed.any():
        return masked
    m = got[changed]
    # a token set apart by letters or signs is a phone or an ID number written into the key (WO-13812345678,
    # 13812345678-1, 110101199003071234-01, 13812345678/13912345678: rev21d, the digits after a sign let it through);
    # a token run into digits or into another token cut a longer key (two mobiles run together), and a token after
    # a filing date (2025-03-05-13812345678, WO20250305-…) is a sequence number: both kept as written
    whole = (~m.str.contains(_CUT_INTO, regex=True) & ~m.str.contains(_AFTER_DATE, regex=True)).fillna(False) \
        .to_numpy(dtype=bool)
    card = m.str.contains(TOKENS[profile]["bank_card"], regex=False).fillna(False).to_numpy(dtype=bool)
    if card.any():
        tok = TOKENS[profile]["bank_card"]
        digits = [re.sub(r"\D", "", o.translate(_FOLD)[len(g.split(tok)[0]):len(o) - len(g.split(tok)[-1])])
                  for o, g in zip(orig[changed][card].tolist(), m[card].tolist())]    # the card's part alone
        whole[card] &= np.array([_luhn(d) for d in digits], dtype=bool)   # the few card-shaped values
    # a value with more than a key's characters (a space, a Chinese word, a colon: 客户：张三 13812345678) is text
    # written into the id column, never a key: masked as any text is
    # a key whose letters run straight into a mobile's shape (WO13812345678): an order id, kept in an id column, so
    # two orders are never made one key (WO[手机号]); in text it is masked (zhangsan13800138000.xlsx: leaks45); a
    # phone's own word before it (Tel13812345678) is no key's
    run_on = re.compile(rf"(?!(?i:tel|phone|mobile){re.escape(TOKENS[profile]['mobile'])})[A-Za-z]{{2,}}"
                        rf"{re.escape(TOKENS[profile]['mobile'])}(?![0-9])")
    whole &= ~np.array([bool(run_on.match(g)) for g in m.tolist()], dtype=bool)   # the few changed values only
    key_like = orig[changed].str.translate(_FOLD).str.fullmatch(r"[A-Za-z0-9_\-./#]+").fillna(False).to_numpy(dtype=bool)
    back = np.flatnonzero(changed)[~whole & key_like]
    if not len(back):
        return masked
    out = got.copy()
    out.iloc[back] = orig.iloc[back]
    return out


def personal_column(name, not_personal=()) -> bool:
    """Whether a column's name says its values are personal data (a name, phone, ID number, e-mail or address).

    ``not_personal``: column names a record contract declares not personal (``personal: false`` in
    ``records/contracts.yaml``: a service offering's ``name`` is 柜台缴费, no person's), passed only by a caller whose
    columns are records read through their contract; any other column named like a person's field stays personal
    (the safe default: a survey's ``name``, a user's own column).

    A value of such a column is never echoed in a problem (:meth:`windoweval.records.problems.Problems.lines`):
    a bare name (``张三``) carries no cue the masking could find.

    Examples
    --------
    >>> [personal_column(c) for c in ["客户姓名", "phone", "customer_name", "window_name", "received_at", None]]
    [True, True, True, False, False, False]
    >>> [personal_column(c) for c in ["投诉人", "患者", "Applicant", "contact", "patient_kind", "病人类别", "排队人数"]]
    [True, True, True, True, False, False, False]
    >>> personal_column("name"), personal_column("name", {"name"}), personal_column("姓名", {"name"})
    (True, False, True)
    >>> [personal_column(c) for c in ["号码前三位", "后八位", "手机尾号", "末4位", "保留小数点后两位", "窗口编号"]]
    [True, True, True, True, False, False]
    """
    # a header in traditional characters (聯繫人, 電話, 身份證號) read as its simplified form (:data:`_TRADITIONAL`)
    return isinstance(name, str) and name not in not_personal and bool(_PERSONAL_COLUMN.search(name.translate(_FOLD)))


#: A cell that is data, not a header: a date (2025-03-05, 2025/3/5, 2025年3月5日) or a run of five digits or more.
_RECORD_CELL = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}|\d{5}")


def looks_like_a_record(headers) -> bool:
    """Whether a header row is a record's row (a file without its header row): one of its cells a date or a long
    number.  Such a row's cells are a person's data (a name, a phone, a comment), never listed as headers.

    Examples
    --------
    >>> looks_like_a_record(["WO1", "PW01", "2025-03-05 09:00", "张三"]), looks_like_a_record(["000001", "张三", "4"])
    (True, True)
    >>> looks_like_a_record(["客户姓名", "备注", "q1", "满意度2025"])
    False
    """
    return any(_RECORD_CELL.search(str(h)) for h in headers)


class MaskingFilter:
    """A :mod:`logging` filter that masks each record's message (the log is an output for people too), and the
    traceback ``log.exception`` adds to it (hostile42: an exception's message quoting a value from the data, a
    window's name with a phone number, reached the build's log as written) and a stack's text."""

    def filter(self, record) -> bool:
        try:
            msg = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logged as it is
            return True
        record.msg, record.args = mask_message(msg), None
        if record.exc_info and not getattr(record, "exc_text", None):
            import logging

            # the text a Formatter would write, masked: a Formatter writes exc_text as it is when it is set
            record.exc_text = mask_message(logging.Formatter().formatException(record.exc_info))
        elif getattr(record, "exc_text", None):
            record.exc_text = mask_message(record.exc_text)
        if getattr(record, "stack_info", None):
            record.stack_info = mask_message(record.stack_info)
        return True
