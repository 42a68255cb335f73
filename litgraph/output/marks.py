"""How a verify status and a finding's severity read beside what they are about, on the terminal
and in the report: a mark that keeps its meaning without colour (in greyscale print, to a
colour-blind reader), then the word, in English or Chinese."""

from __future__ import annotations

from ..query.answers import UNCHECKED

VERIFY_MARKS = {
    "verified": "✓",
    "unverifiable": "–",
    "error": "?",
    "ambiguous": "?",
    "not_found": "✗",
    "mismatch": "✗",
    "retracted": "✗",
    UNCHECKED: "·",
}
VERIFY_WORDS = {
    "en": {
        "verified": "verified",
        "unverifiable": "unverifiable",
        "error": "lookup failed",
        "ambiguous": "ambiguous",
        "not_found": "not found",
        "mismatch": "mismatch",
        "retracted": "retracted",
        UNCHECKED: "not verified",
    },
    "zh": {
        "verified": "核验通过",
        "unverifiable": "无法核验",
        "error": "查询失败",
        "ambiguous": "多条匹配",
        "not_found": "未找到",
        "mismatch": "元数据不符",
        "retracted": "已撤稿",
        UNCHECKED: "未核验",
    },
}
SEVERITY_MARKS = {"error": "✗", "warning": "!", "info": "i"}
SEVERITY_WORDS = {
    "en": {"error": "error", "warning": "warning", "info": "note"},
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
}


def verify_text(status: str, lang: str = "en") -> str:
    """'✗ mismatch', '✓ verified', 'not verified' (no mark before any run: nothing is wrong yet)."""
    word = VERIFY_WORDS.get(lang, VERIFY_WORDS["en"]).get(status, status)
    return word if status == UNCHECKED else f"{VERIFY_MARKS.get(status, '?')} {word}"


def severity_text(severity: str, lang: str = "en") -> str:
    return f"{SEVERITY_MARKS[severity]} {SEVERITY_WORDS.get(lang, SEVERITY_WORDS['en'])[severity]}"
