"""Typed reference strings (a manuscript's reference list, one item at a time) read into CSL items.

`parse_reference("[1] 何佳讯. 品牌社群认同[J]. 营销科学学报, 2017, 13(2): 45-60.")` gives a
`ParsedReference`: the item, a confidence per field, and notes on why the parse is uncertain. A CRF
labels the tokens (see `parser.py`); rules read the labelled spans (`values.py`, `names.py`).
"""

from .parser import ParsedReference, parse_reference, parse_references

__all__ = ["ParsedReference", "parse_reference", "parse_references"]
