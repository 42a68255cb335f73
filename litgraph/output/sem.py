"""The research model as SEM syntax for lavaan (R) or semopy (Python).

One coefficient per arrow of the figure (`diagram.ModelPaths`), labelled with its
hypothesis id, so that estimates can be read straight against the hypothesis
table: regressions for direct paths, the product of the legs' labels for each
mediation, and an interaction term for each moderation. Constructs are observed
variables named by their ids (composite scores); the header says how to make them
latent. semopy has neither `:=` nor `X:W`, so its syntax names a product column the
data must carry and lists the indirect effects as comments to compute by hand.
"""

from __future__ import annotations

import re

from ..errors import LitgraphError
from ..query.rows import ConstructRow, HypothesisRow
from ..records import HypothesisKind
from .diagram import Arrow, ModelPaths

FORMATS = ("lavaan", "semopy")


def _identifier(text: str, taken: set[str]) -> str:
    """A variable or label name both R and Python accept, unique among `taken`."""
    name = re.sub(r"\W", "_", text)
    if not name[:1].isalpha():
        name = "v_" + name
    unique, number = name, 2
    while unique in taken:
        unique, number = f"{name}_{number}", number + 1
    taken.add(unique)
    return unique


def _leg_name(paths: ModelPaths, arrow: Arrow) -> str:
    """A mediation leg that no direct hypothesis states is named after its first mediation: H5a_leg2."""
    first = arrow.mediations[0]
    position = next(number for number, leg in enumerate(paths.mediations[first], 1) if leg is arrow)
    return f"{first}_leg{position}"


class _Names:
    """Variable names for constructs and coefficient labels for arrows."""

    def __init__(self, paths: ModelPaths):
        taken: set[str] = set()
        self.variable = {cid: _identifier(cid, taken) for cid in paths.constructs}
        self.coefficient: dict[int, str] = {}
        for arrow in paths.arrows:
            self.coefficient[id(arrow)] = _identifier(arrow.direct or _leg_name(paths, arrow), taken)
        self.hypothesis = {m.hypothesis: _identifier(m.hypothesis, taken) for m in paths.moderators}
        self.hypothesis |= {mid: _identifier(mid, taken) for mid in paths.mediations}
        self.interaction: dict[str, str] = {}  # moderation id → label of its interaction's coefficient

    def product(self, arrow: Arrow, moderator: str, fmt: str) -> str:
        x, w = self.variable[arrow.source], self.variable[moderator]
        return f"{x}:{w}" if fmt == "lavaan" else f"{x}_x_{w}"


def to_syntax(
    constructs: list[ConstructRow],
    hypotheses: list[HypothesisRow],
    fmt: str,
    lang: str = "en",
    review: str = "",
) -> str:
    if fmt not in FORMATS:
        raise LitgraphError(f"unknown SEM format '{fmt}' (use one of: {', '.join(FORMATS)})")
    paths = ModelPaths.of(constructs, hypotheses)
    names = _Names(paths)
    labels = {c.id: c.label(lang) for c in constructs}
    lines = _header(paths, names, labels, fmt, review)
    lines += ["", "# regressions: one line per outcome, coefficients labelled with hypothesis ids"]
    ranks = paths.ranks()
    outcomes = sorted(dict.fromkeys(a.target for a in paths.arrows), key=lambda c: ranks[c])
    products: dict[str, tuple[str, str]] = {}  # product term → (cause, moderator)
    for outcome in outcomes:
        terms: list[str] = []
        predictors: set[str] = set()
        interactions: dict[str, str] = {}
        for arrow in (a for a in paths.arrows if a.target == outcome):
            terms.append(f"{names.coefficient[id(arrow)]}*{names.variable[arrow.source]}")
            predictors.add(arrow.source)
        for moderation in (m for m in paths.moderators if m.onto.target == outcome):
            if moderation.moderator not in predictors:  # the moderator's main effect, once
                terms.append(names.variable[moderation.moderator])
                predictors.add(moderation.moderator)
            product = names.product(moderation.onto, moderation.moderator, fmt)
            own = names.hypothesis[moderation.hypothesis]
            # a second hypothesis on the same interaction (a moderation and a moderated mediation) shares it
            names.interaction[moderation.hypothesis] = shared = interactions.setdefault(product, own)
            if shared == own:
                terms.append(f"{own}*{product}")
                products[product] = (
                    names.variable[moderation.onto.source],
                    names.variable[moderation.moderator],
                )
        lines.append(f"{names.variable[outcome]} ~ " + " + ".join(terms))
    if fmt == "semopy" and products:
        lines += ["", "# semopy needs each product column computed in the data before fitting, e.g."]
        lines += [f"#   data['{p}'] = data['{x}'] * data['{w}']" for p, (x, w) in products.items()]
    lines += _defined(paths, names, fmt)
    return "\n".join(lines) + "\n"


def _header(paths: ModelPaths, names: _Names, labels: dict[str, str], fmt: str, review: str) -> list[str]:
    lines = [
        f"# {fmt} syntax for the research model{f' of {review}' if review else ''}, written by litgraph.",
        "# Constructs are observed variables (e.g. mean scores of their items); to make one latent, add",
        "#   construct =~ item1 + item2 + item3",
        "# Hypotheses and expected signs:",
    ]
    for arrow in paths.arrows:
        what = f"{arrow.direct} ({arrow.sign})" if arrow.direct else f"leg of {', '.join(arrow.mediations)}"
        lines.append(f"#   {what}: {labels[arrow.source]} → {labels[arrow.target]}")
    for mid, legs in paths.mediations.items():
        chain = [labels[legs[0].source], *(labels[leg.target] for leg in legs)]
        lines.append(f"#   {mid}: {' → '.join(chain)} (indirect effect)")
    for moderation in paths.moderators:
        onto = f"{labels[moderation.onto.source]} → {labels[moderation.onto.target]}"
        what = (
            onto
            if moderation.kind is HypothesisKind.MODERATION
            else f"the indirect effect {moderation.moderates} (on {onto})"
        )
        lines.append(
            f"#   {moderation.hypothesis} ({moderation.sign}): {labels[moderation.moderator]} "
            f"moderates {what}"
        )
    renamed = [f"#   {names.variable[c]} = {c}" for c in paths.constructs if names.variable[c] != c]
    if renamed:
        lines += ["# Construct ids renamed to valid variable names:", *renamed]
    return lines


def _defined(paths: ModelPaths, names: _Names, fmt: str) -> list[str]:
    """Indirect effects (product of the legs) and indices of moderated mediation
    (interaction × later legs)."""
    defined = []
    for mid, legs in paths.mediations.items():
        defined.append(
            (names.hypothesis[mid], [names.coefficient[id(leg)] for leg in legs], "indirect effect")
        )
    for moderation in (m for m in paths.moderators if m.kind is HypothesisKind.MODERATED_MEDIATION):
        legs = paths.mediations[moderation.moderates]
        factors = [
            names.interaction[moderation.hypothesis],
            *(names.coefficient[id(leg)] for leg in legs[1:]),
        ]
        defined.append(
            (
                f"{names.hypothesis[moderation.hypothesis]}_index",
                factors,
                "index of moderated mediation: change of the indirect effect per unit of the moderator",
            )
        )
    if not defined:
        return []
    if fmt == "lavaan":
        lines = ["", "# defined effects"]
        lines += [f"{name} := {'*'.join(factors)}  # {what}" for name, factors, what in defined]
        return lines
    lines = ["", "# semopy has no defined parameters: multiply these estimates from Model.inspect()"]
    lines += [f"#   {name} = {' × '.join(factors)}  ({what})" for name, factors, what in defined]
    return lines
