"""Labelled strings into the CRF's training sequences, and the training set as a whole.

A string is cleaned and tokenized exactly as the parser does (`litgraph.parse.typed`), so the model
learns on what it will see; each token takes the label of its first character.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from litgraph.csl import CslItem
from litgraph.parse.typed.clean import clean
from litgraph.parse.typed.features import sequence_features
from litgraph.parse.typed.tokens import tokenize
from litgraph.text import has_cjk

from . import anystyle, noise, records, shapes
from .sources import ANYSTYLE_CORE

Segments = list[tuple[str, str]]
#: Shapes drawn per record: Chinese records are fewer and their grammar is what no other tool has.
SHAPES_PER_RECORD = {True: 3, False: 2}
_ITALIC = {"apa", "harvard", "chicago"}


@dataclass(frozen=True)
class Example:
    text: str  # the string as a user would paste it
    shape: str
    features: list[list[str]]
    labels: list[str]


def example(segments: Segments, shape: str) -> Example | None:
    raw = "".join(text for text, _ in segments)
    char_labels = [label for text, label in segments for _ in text]
    cleaned = clean(raw)
    tokens = tokenize(cleaned.text)
    if not tokens:
        return None
    labels = [char_labels[cleaned.source[token.start]] for token in tokens]
    return Example(raw, shape, sequence_features(tokens, cleaned.text, cleaned.emphasis), labels)


def record_examples(item: CslItem, rng: random.Random, noisy: bool = True) -> Iterator[Example]:
    zh = has_cjk(item.title)
    names = shapes.ZH_SHAPES if zh else shapes.EN_SHAPES
    for name in rng.sample(names, SHAPES_PER_RECORD[zh]):
        segments = shapes.shape(item, name, rng)
        if noisy:
            segments = noise.add_noise(segments, zh, name in _ITALIC, rng)
        built = example(segments, name)
        if built:
            yield built


def anystyle_examples() -> Iterator[Example]:
    for segments in anystyle.sequences(ANYSTYLE_CORE.read()):
        built = example(segments, "anystyle")
        if built:
            yield built


def training_examples(seed: int, chinese_count: int) -> Iterator[Example]:
    """The whole training set, in a fixed order: rendered training records, then anystyle's core."""
    rng = random.Random(seed)
    for item in records.all_items(seed, chinese_count):
        if not records.is_eval(item):
            yield from record_examples(item, rng)
    yield from anystyle_examples()
