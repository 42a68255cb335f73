"""GB/T 7714 document-type and carrier marks (文献类型标识, 载体标识), and their CSL types.

The 2015 edition's Table B.1 and B.2; the 2025 edition adds PP for preprints. A mark
is written in brackets after the title, with "/OL" for works read online: [J], [M],
[EB/OL]. Both directions live here: the renderer writes a mark for a CSL type, the
import parser reads a CSL type from a mark.
"""

from __future__ import annotations

import re

TYPE_MARKS_2015 = {
    "M": "普通图书",
    "C": "会议录",
    "G": "汇编",
    "N": "报纸",
    "J": "期刊",
    "D": "学位论文",
    "R": "报告",
    "S": "标准",
    "P": "专利",
    "DB": "数据库",
    "CP": "计算机程序",
    "EB": "电子公告",
    "A": "档案",
    "CM": "舆图",
    "DS": "数据集",
    "Z": "其他",
}
TYPE_MARKS_2025 = {**TYPE_MARKS_2015, "PP": "预印本"}
CARRIER_MARKS = {"MT": "磁带", "DK": "磁盘", "CD": "光盘", "OL": "联机网络"}

#: The CSL type a type mark names, for reading typed references (a chapter is [M] too: the
#: parser tells it from book by the "//" that introduces the host).
MARK_TO_CSL = {
    "M": "book",
    "C": "paper-conference",
    "G": "book",
    "N": "article-newspaper",
    "J": "article-journal",
    "D": "thesis",
    "R": "report",
    "S": "standard",
    "P": "patent",
    "DB": "dataset",
    "CP": "software",
    "EB": "webpage",
    "A": "document",
    "CM": "map",
    "DS": "dataset",
    "Z": "document",
    "PP": "article",
}

#: A type mark as typed: [J], [EB/OL], ［J］ with full-width brackets, [J/OL].
MARK_PATTERN = re.compile(r"[\[［]\s*(?P<type>[A-Z]{1,2})\s*(?:/\s*(?P<carrier>[A-Z]{2}))?\s*[\]］]")
