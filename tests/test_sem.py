"""`litgraph sem`: lavaan and semopy syntax, on the seed review and the second review.

The expected regressions, indirect effects and interactions are derived from the model
files read as plain YAML; semopy itself parses and fits the semopy syntax.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import semopy
import yaml


def _regressions(text: str) -> dict[str, list[str]]:
    """Outcome → the terms of its regression line."""
    lines = [line for line in text.splitlines() if " ~ " in line and not line.startswith("#")]
    return {outcome: terms.split(" + ") for outcome, terms in (line.split(" ~ ", 1) for line in lines)}


def _defined(text: str) -> dict[str, str]:
    lines = [line.split("#")[0].strip() for line in text.splitlines() if " := " in line]
    return dict(line.split(" := ") for line in lines)


def _by_id(model: dict) -> dict[str, dict]:
    return {h["id"]: h for h in model["hypotheses"]}


def _leg_labels(model: dict, mediation: dict) -> list[str]:
    """The coefficient label of each leg: its direct hypothesis, else '<mediation>_leg<n>'."""
    direct = {(h["from"], h["to"]): h["id"] for h in model["hypotheses"] if h["kind"] == "direct"}
    chain = [mediation["from"], *mediation["via"], mediation["to"]]
    return [
        direct.get(leg, f"{mediation['id']}_leg{n}")
        for n, leg in enumerate(zip(chain, chain[1:], strict=False), 1)
    ]


def _moderated_path(model: dict, hyp: dict) -> tuple[str, str]:
    target = _by_id(model)[hyp["moderates"]]
    return (
        (target["from"], target["to"]) if target["kind"] == "direct" else (target["from"], target["via"][0])
    )


def _check_lavaan(text: str, model: dict) -> None:
    regressions, defined = _regressions(text), _defined(text)
    for hyp in model["hypotheses"]:
        if hyp["kind"] == "direct":
            assert f"{hyp['id']}*{hyp['from']}" in regressions[hyp["to"]]
        elif hyp["kind"] == "mediation":
            assert defined[hyp["id"]] == "*".join(_leg_labels(model, hyp))
        else:
            cause, outcome = _moderated_path(model, hyp)
            assert f"{hyp['id']}*{cause}:{hyp['moderator']}" in regressions[outcome]
            assert hyp["moderator"] in regressions[outcome]  # its main effect
            if hyp["kind"] == "moderated_mediation":
                later_legs = _leg_labels(model, _by_id(model)[hyp["moderates"]])[1:]
                assert defined[f"{hyp['id']}_index"] == "*".join([hyp["id"], *later_legs])
    paths = {(h["from"], h["to"]) for h in model["hypotheses"] if h["kind"] == "direct"}
    for hyp in (h for h in model["hypotheses"] if h["kind"] == "mediation"):
        chain = [hyp["from"], *hyp["via"], hyp["to"]]
        paths |= set(zip(chain, chain[1:], strict=False))
    interactions = [h for h in model["hypotheses"] if "moderator" in h]
    main_effects = {(h["moderator"], _moderated_path(model, h)[1]) for h in interactions}
    assert sum(len(t) for t in regressions.values()) == len(paths) + len(interactions) + len(main_effects)


def test_lavaan_has_a_labelled_regression_per_path_and_defined_effects(
    seed_cli, seed_model, tam_cli, tam_model
):
    for cli, model in ((seed_cli, seed_model), (tam_cli, tam_model)):
        result = cli("sem")
        assert result.exit_code == 0, result.output
        _check_lavaan(result.stdout, model)


def test_a_leg_without_direct_hypothesis_gets_its_own_coefficient(tam, tam_cli):
    model = yaml.safe_load((tam / "model.yaml").read_text(encoding="utf-8"))
    model["hypotheses"] = [h for h in model["hypotheses"] if h["id"] != "H1"]
    (tam / "model.yaml").write_text(yaml.safe_dump(model, allow_unicode=True), encoding="utf-8")
    text = tam_cli("sem", "--format", "lavaan").stdout
    _check_lavaan(text, model)
    assert "H6_leg1*perceived_ease_of_use" in _regressions(text)["perceived_usefulness"]
    assert _defined(text)["H6"] == "H6_leg1*H2"


def _product_columns(model: dict) -> dict[str, tuple[str, str]]:
    products = {}
    for hyp in (h for h in model["hypotheses"] if "moderator" in h):
        cause = _moderated_path(model, hyp)[0]
        products[f"{cause}_x_{hyp['moderator']}"] = (cause, hyp["moderator"])
    return products


def _synthetic_data(model: dict, rows: int = 500) -> pd.DataFrame:
    """Random construct scores with the hypothesised effects, plus the product columns semopy needs."""
    rng = np.random.default_rng(7)
    data = pd.DataFrame({c["id"]: rng.normal(size=rows) for c in model["constructs"]})
    for hyp in (h for h in model["hypotheses"] if h["kind"] == "direct"):
        data[hyp["to"]] += 0.4 * data[hyp["from"]]
    for name, (cause, moderator) in _product_columns(model).items():
        data[name] = data[cause] * data[moderator]
    return data


@pytest.mark.parametrize("which", ["seed", "tam"])
def test_semopy_parses_and_fits_the_semopy_syntax(which, request):
    cli, model = request.getfixturevalue(f"{which}_cli"), request.getfixturevalue(f"{which}_model")
    result = cli("sem", "--format", "semopy")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert ":=" not in text and not any(":" in t for terms in _regressions(text).values() for t in terms)
    for name in _product_columns(model):
        assert f"data['{name}']" in text  # the comment saying how to compute it
    for hyp in (h for h in model["hypotheses"] if h["kind"] == "mediation"):
        assert f"#   {hyp['id']} = " + " × ".join(_leg_labels(model, hyp)) in text
    sem = semopy.Model(text)
    sem.fit(_synthetic_data(model))
    estimates = sem.inspect()
    fitted = {(row.lval, row.rval) for row in estimates.itertuples() if row.op == "~"}
    for hyp in (h for h in model["hypotheses"] if h["kind"] == "direct"):
        assert (hyp["to"], hyp["from"]) in fitted
    for name in _product_columns(model):
        assert any(rval == name for _, rval in fitted)
    assert estimates["Estimate"].notna().all()


def test_unknown_sem_format_is_a_usage_error(seed_cli):
    result = seed_cli("sem", "--format", "mplus")
    assert result.exit_code == 2 and "lavaan" in result.output
