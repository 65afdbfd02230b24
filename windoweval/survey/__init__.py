"""Third-party satisfaction surveys: instruments, deliveries, import, design-based estimates.

第三方满意度调查：问卷定义、交付文件检查、导入、基于抽样设计的估计与分析。
The power-supply standard (第十二条(二)) requires a satisfaction survey run by a third
party every year, and progress every year; this package turns the survey firm's
delivery into figures that hold up.

Modules: :mod:`.instrument`, :mod:`.delivery`, :mod:`.screening`, :mod:`.store`,
:mod:`.estimate`, :mod:`.analysis`, :mod:`.demo`, :mod:`.template`, :mod:`.cli`.

Examples
--------
>>> from windoweval.survey import load_instrument
>>> load_instrument("hospital_window").title_zh
'医院窗口患者满意度调查问卷'
"""
from .instrument import Instrument, InstrumentError, list_instruments, load_instrument

__all__ = ["Instrument", "InstrumentError", "list_instruments", "load_instrument"]
