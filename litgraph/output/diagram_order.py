"""The model figure's columns: which constructs stand in each, in what order, at what height.

Counted from the order alone (no geometry yet), so that many orders can be tried: crossings
between arrows, and the lines a moderator's arrow must pass to reach the path it acts on.
"""

from __future__ import annotations

import itertools

WAYPOINT = "~"  # an item's name starts with this when it is the waypoint of an arrow skipping a column
ENUMERATED = 5  # columns up to this size try every order; longer ones swap neighbours


def is_waypoint(item: str) -> bool:
    return item.startswith(WAYPOINT)


def layers(
    constructs: list[str], ranks: dict[str, int], arrows: list[tuple[str, str]]
) -> tuple[dict[int, list[str]], dict[str, int], list[list[str]]]:
    """Columns (their items in first order), each item's column, and each arrow's chain of items:
    source, a waypoint in each column it skips, target."""
    columns: dict[int, list[str]] = {}
    column: dict[str, int] = {}
    for cid in dict.fromkeys([c for a in arrows for c in a] + constructs):
        if cid in ranks:
            columns.setdefault(ranks[cid], []).append(cid)
            column[cid] = ranks[cid]
    chains = []
    for i, (source, target) in enumerate(arrows):
        chain = [source]
        for rank in range(ranks[source] + 1, ranks[target]):
            chain.append(f"{WAYPOINT}{i}:{rank}")
            columns[rank].append(chain[-1])
            column[chain[-1]] = rank
        chains.append([*chain, target])
    return columns, column, chains


def heights(columns: dict[int, list[str]], chains: list[list[str]], separations) -> dict[str, float]:
    """Each item as near its neighbours' mean height as the order and `separations(members)` (the
    least distances between neighbours in a column) allow, by alternating sweeps."""
    near = neighbours(chains)
    y: dict[str, float] = {}
    for members in columns.values():
        y.update(zip(members, spread([0.0] * len(members), separations(members)), strict=True))
    for sweep in range(8):
        for rank in sorted(columns, reverse=sweep % 2 == 1):
            members = columns[rank]
            wanted = [mean([y[n] for n in near.get(m, [])], y[m]) for m in members]
            y.update(zip(members, spread(wanted, separations(members)), strict=True))
    return y


def neighbours(chains: list[list[str]]) -> dict[str, list[str]]:
    near: dict[str, list[str]] = {}
    for chain in chains:
        for a, b in zip(chain, chain[1:], strict=False):
            near.setdefault(a, []).append(b)
            near.setdefault(b, []).append(a)
    return near


def order(
    columns: dict[int, list[str]],
    column: dict[str, int],
    chains: list[list[str]],
    moderations: list[tuple[str, int]],
) -> None:
    """Barycentre sweeps, then each column's best order by `cost`, in place."""
    near = neighbours(chains)
    for sweep in range(4):
        position = _positions(columns)
        for rank in sorted(columns, reverse=sweep % 2 == 1):
            members = columns[rank]
            members.sort(
                key=lambda c: (mean([position[n] for n in near.get(c, [])], position[c]), position[c])
            )
            position.update(_positions({rank: members}))
    best = cost(columns, column, chains, moderations)
    for _ in range(2):
        for rank in sorted(columns):
            members = columns[rank]
            options = itertools.permutations(members) if len(members) <= ENUMERATED else _swaps(members)
            for option in options:
                kept = members[:]
                members[:] = option
                score = cost(columns, column, chains, moderations)
                if score < best - 1e-9:
                    best = score
                else:
                    members[:] = kept


def _swaps(members: list[str]):
    for n in range(len(members) - 1):
        swapped = members[:]
        swapped[n], swapped[n + 1] = swapped[n + 1], swapped[n]
        yield swapped


def _positions(columns: dict[int, list[str]]) -> dict[str, float]:
    return {c: i - (len(m) - 1) / 2 for m in columns.values() for i, c in enumerate(m)}


def cost(columns, column, chains, moderations) -> float:
    """Crossings between arrows, plus twice what the moderators' arrows must pass from the side
    with less: lines in the gap of the junction, or boxes (3 each) above or below a waypoint."""
    position = _positions(columns)
    gaps: dict[int, list[tuple[float, float]]] = {}
    for chain in chains:
        for a, b in zip(chain, chain[1:], strict=False):
            gaps.setdefault(column[a], []).append((position[a], position[b]))
    total = 0.0
    for segs in gaps.values():
        total += sum(1 for (a, b), (c, d) in itertools.combinations(segs, 2) if (a - c) * (b - d) < 0)
    sides: dict[str, list[float]] = {}
    for moderator, i in moderations:
        chain, tally = chains[i], sides.setdefault(moderator, [0.0, 0.0])
        middle = len(chain) // 2
        if len(chain) % 2 == 0:  # the middle of the path is in a gap
            a, b = chain[middle - 1], chain[middle]
            mid = position[a] + position[b]
            segs = gaps[column[a]]
            tally[0] += sum(1 for p, q in segs if p + q < mid - 1e-9)
            tally[1] += sum(1 for p, q in segs if p + q > mid + 1e-9)
        else:  # on a waypoint's run through a column
            members = columns[column[chain[middle]]]
            n = members.index(chain[middle])
            tally[0] += sum(1 if is_waypoint(m) else 3 for m in members[:n])
            tally[1] += sum(1 if is_waypoint(m) else 3 for m in members[n + 1 :])
    return total + 2 * sum(min(t) for t in sides.values())


def spread(wanted: list[float], separations: list[float]) -> list[float]:
    """The heights nearest to `wanted` (least squares) that keep the order and separations:
    isotonic regression (pool adjacent violators) on the heights less their offsets."""
    offsets = list(itertools.accumulate(separations))
    blocks: list[list[float]] = []  # [sum, count]
    for value in (w - o for w, o in zip(wanted, offsets, strict=True)):
        blocks.append([value, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    levels = [total / count for total, count in blocks for _ in range(int(count))]
    return [level + o for level, o in zip(levels, offsets, strict=True)]


def mean(values: list[float], default: float) -> float:
    return sum(values) / len(values) if values else default
