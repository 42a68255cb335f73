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
from litgraph.parse.typed.labels import MARK, OTHER
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
        if name in shapes.GBT_SHAPES and rng.random() < FRAGMENT_SHARE and (piece := fragment(segments, rng)):
            built = example(piece, name + " fragment")
            if built:
                yield built
        if noisy:
            segments = noise.add_noise(segments, zh, name in _ITALIC, rng)
        built = example(segments, name)
        if built:
            yield built


#: GB/T-only records are rendered in this many of the four GB/T variants.
GBT_SHAPES_PER_RECORD = 2
#: How often a GB/T rendering also gives a fragment of itself (the standard shows single elements).
FRAGMENT_SHARE = 0.07


def fragment(segments: Segments, rng: random.Random) -> Segments:
    """One or two of a reference's element groups as a string of their own (`北京: 科学出版社, 2021.`,
    `3 版.`, `Godard J-L.`): GB/T's examples of an element, and what a broken paste leaves."""
    blocks: list[Segments] = [[]]
    for text, label in segments:
        blocks[-1].append((text, label))
        if label == OTHER and ". " in text + " " and "//" not in text:
            blocks.append([])
    blocks = [block for block in blocks if any(label != OTHER for _, label in block)]
    if len(blocks) < 2:
        return []
    start = rng.randrange(len(blocks))
    chosen = [part for block in blocks[start : start + rng.choice((1, 1, 2))] for part in block]
    chosen = _trimmed(chosen, rng)
    while chosen and chosen[-1][1] == OTHER:  # its closing stop, not the words before it (3 版.)
        text = chosen.pop()[0].rstrip(" .。．,，")
        if text:
            chosen.append((text, OTHER))
            break
    if not any(label not in (OTHER, MARK) for _, label in chosen) or len(chosen) >= len(segments) - 1:
        return []
    return [*chosen, (".", OTHER)]


def _trimmed(chosen: Segments, rng: random.Random) -> Segments:
    """Now and then a group without its first field (`Macmillan, 1975.`, `2012, 22(2): 81-86.`) or
    with its first field only (`北京师范大学学报(自然科学版).`)."""
    fields = [i for i, (_, label) in enumerate(chosen) if label != OTHER]
    roll = rng.random()
    if roll < 0.3 and len(fields) > 1:
        return chosen[fields[1] :]
    if roll < 0.45 and len(fields) > 1:
        return chosen[: fields[0] + 1]
    return chosen


def gbt_record_examples(item: CslItem, rng: random.Random) -> Iterator[Example]:
    """A GB/T-only record in two of GB/T's four variants, with noise; now and then a fragment too."""
    zh = has_cjk(item.title)
    for name in rng.sample(shapes.GBT_SHAPES, GBT_SHAPES_PER_RECORD):
        segments = shapes.shape(item, name, rng)
        if rng.random() < FRAGMENT_SHARE and (piece := fragment(segments, rng)):
            built = example(piece, name + " fragment")
            if built:
                yield built
        built = example(noise.add_noise(segments, zh, False, rng), name)
        if built:
            yield built


def anystyle_examples() -> Iterator[Example]:
    for segments in anystyle.sequences(ANYSTYLE_CORE.read()):
        built = example(segments, "anystyle")
        if built:
            yield built


def training_examples(seed: int, chinese_count: int, rare_count: int) -> Iterator[Example]:
    """The whole training set, in a fixed order: the records rendered in every shape, the GB/T-only
    records in GB/T's shapes, then anystyle's core."""
    rng = random.Random(seed)
    held_out = records.HeldOut()
    items = records.all_items(seed, chinese_count, held_out)
    for item in items:
        if not records.is_eval(item):
            yield from record_examples(item, rng)
    for item in records.gbt_items(seed, rare_count, items, held_out):
        if not records.is_eval(item):
            yield from gbt_record_examples(item, rng)
    yield from anystyle_examples()
