"""Truncation marks (等, et al., ほか, и др.) have one home, `parse.names.cut_short`, and body words one,
`parse.names.BODY_WORDS`: every name reader (BibTeX, export files, typed strings) cuts the same lists
short, leaves the same names whole and knows the same bodies."""

from __future__ import annotations

import pytest

from litgraph.csl import Name
from litgraph.parse.names import cut_short, name_from_text, names_from_list, split_persons
from litgraph.parse.typed.names import is_body, split_names

CUT = [
    ("何佳讯等", "何佳讯"),
    ("Smith J, et al.", "Smith J"),
    ("Smith J, et al", "Smith J"),
    ("Smith, John and others", "Smith, John"),
    ("山田太郎 ほか", "山田太郎"),
    ("山田太郎ほか", "山田太郎"),
    ("山田太郎 外", "山田太郎"),
    ("山田太郎外", "山田太郎"),
    ("王小明外", "王小明"),
    ("Иванов И И, и др.", "Иванов И И"),
    ("Smith J, …", "Smith J"),
    ("others", ""),
    ("et al.", ""),
]
WHOLE = ["Brothers", "Metal", "李外", "Jane Others", "Smith, John", "Иванов И И"]


@pytest.mark.parametrize(("names", "rest"), CUT)
def test_cut_short_takes_the_mark_off(names: str, rest: str):
    assert cut_short(names) == (rest, True)


@pytest.mark.parametrize("names", WHOLE)
def test_cut_short_leaves_a_name_whole(names: str):
    assert cut_short(names) == (names, False)


def test_every_reader_asks_the_same_marks():
    persons, truncated = split_persons("山田太郎 and 佐藤花子ほか")
    assert truncated and [p.last for p in persons] == ["山田太郎", "佐藤花子"]
    persons, truncated = split_persons("K. Barker and R. Hoare et al.")  # a corpus's own spelling
    assert truncated and [(p.first, p.last) for p in persons] == [("K.", "Barker"), ("R.", "Hoare")]
    names, truncated = names_from_list(["Иванов И. И.", "и др."])
    assert truncated and [n.family for n in names] == ["Иванов"]
    names, truncated = split_names("Иванов И И, Петров П П, и др", family_first=True)
    assert truncated and [n.family for n in names] == ["Иванов", "Петров"]


def test_a_name_ending_like_a_mark_is_kept_by_every_reader():
    assert split_persons("李外")[0][0].last == "李外"
    names, truncated = names_from_list(["Brothers, Jane"])
    assert not truncated and names[0].family == "Brothers"


BODIES = [
    "Deutsche Gesellschaft für Soziologie",
    "Рабочая группа по климату",
    "Рабочая группа МГЭИК",
    "Google LLC",
    "Eastholm School of Medicine",
    "Robert Bosch GmbH",
    "Acme Co., Ltd",
    "Open Source Developers",
]


@pytest.mark.parametrize("body", BODIES)
def test_export_and_typed_readers_know_the_same_bodies(body: str):
    assert name_from_text(body) == Name(literal=body)
    assert is_body(body)


@pytest.mark.parametrize(
    ("text", "family", "given"),
    [
        ("Smith SE", "Smith", "SE"),
        ("Co, Jennifer", "Co", "Jennifer"),
        ("Jennifer Co", "Co", "Jennifer"),
        ("Maria Ag", "Ag", "Maria"),
        ("Fund, Judith", "Fund", "Judith"),
    ],
)
def test_a_legal_form_shaped_like_a_name_names_a_person(text: str, family: str, given: str):
    assert name_from_text(text) == Name(family=family, given=given)


@pytest.mark.parametrize(
    ("names", "family"),
    [("FORCE P, SMITH J", "Force"), ("FORCE E J", "Force"), ("ROBERTSON W, PRESS H", "Press")],
)
def test_a_body_word_with_initials_names_a_person(names: str, family: str):
    persons, _ = split_names(names, family_first=True)
    assert family in [person.family for person in persons]


def test_a_legal_form_after_one_word_names_a_body():
    persons, _ = split_names("Siemens AG", family_first=True)
    assert persons == [Name(literal="Siemens AG")]


def test_a_family_name_others_is_a_name_to_the_bibtex_reader():
    persons, truncated = split_persons("Jane Others and Bob Smith")
    assert not truncated and [p.last for p in persons] == ["Others", "Smith"]


def test_a_run_of_spaces_in_an_export_name_is_one_space():
    names, truncated = names_from_list(["Smith, J" + " " * 5000 + "; 于潇"])
    assert not truncated and names == [Name(family="Smith", given="J"), Name(family="于", given="潇")]


def test_a_legal_form_after_the_comma_names_a_body():
    assert name_from_text("Microsoft, Inc.") == Name(literal="Microsoft, Inc.")
