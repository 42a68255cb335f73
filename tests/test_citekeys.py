"""Readable keys for imported entries: surname + year + title word, pinyin for Chinese, a/b suffixes,
unique ignoring case; a key the source gave kept when free. Expected keys written by hand."""

from __future__ import annotations

from litgraph.csl import CslItem, Name
from litgraph.output.citekeys import citation_key


def _item(family: str, given: str, year: int | None, title: str, **other) -> CslItem:
    return CslItem(title=title, author=[Name(family, given)], issued=(year,) if year else (), other=other)


def test_keys_read_like_their_works():
    taken: set[str] = set()
    assert citation_key(
        _item("Algesheimer", "René", 2005, "The social influence of brand community"), taken
    ) == ("Algesheimer2005Social")
    assert (
        citation_key(_item("周", "志民", 2019, "品牌社群文化对消费者品牌认同的影响研究"), taken)
        == "Zhou2019Pinpai"
    )
    assert citation_key(_item("欧阳", "修", 2020, "《社群》研究"), taken) == "Ouyang2020Shequn"
    assert (
        citation_key(_item("单", "志民", 2018, "社群"), taken) == "Shan2018Shequn"
    )  # 单 as a surname is Shan
    assert (
        citation_key(_item("Malär", "Lucia", 2011, "Emotional brand attachment"), taken)
        == "Malar2011Emotional"
    )
    assert citation_key(CslItem(title="Annual report"), taken) == "AnonAnnual"


def test_clashing_keys_get_letters_compared_ignoring_case():
    taken = {"park2010brand"}
    first = citation_key(_item("Park", "C. W.", 2010, "Brand attachment"), taken)
    second = citation_key(_item("Park", "C. W.", 2010, "Brand attitude"), taken)
    assert (first, second) == ("Park2010Branda", "Park2010Brandb")


def test_a_given_key_is_kept_when_free():
    taken = {"zhou2019"}
    assert (
        citation_key(_item("Park", "C.", 2010, "Brand", **{"citation-key": "park:2010"}), taken)
        == "park:2010"
    )
    assert (
        citation_key(_item("Zhou", "Z.", 2019, "Role", **{"citation-key": "Zhou2019"}), taken)
        == "Zhou2019Role"
    )
