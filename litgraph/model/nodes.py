"""YAML into plain data that knows its lines: mappings become `Node`s with the line of
each key, so that every message about the model can say file:line.

The YAML is composed into nodes (libyaml when available) rather than loaded, and
walked without recursion; a file YAML itself rejects is an InputError at its line.
"""

from __future__ import annotations

import yaml

from ..errors import InputError
from ..records import Location

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = yaml.constructor.SafeConstructor()


class Node(dict):
    """A YAML mapping that remembers its line and the line of each key."""

    line: int

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _scalar(node: yaml.ScalarNode, file: str):
    try:
        return _SCALARS.construct_object(node)
    except (yaml.YAMLError, ValueError) as exc:  # a bad explicit tag (`!!int x`) or date (`2020-13-45`)
        raise InputError(
            f"not valid YAML: {getattr(exc, 'problem', None) or exc}", Location(file, _line(node))
        ) from None


def _plain(root: yaml.Node, file: str):
    """Plain data from the composed nodes, walked with a stack rather than recursion,
    so that deep nesting cannot overflow Python's stack and an alias inside the node
    it names (`x: &a [*a]`) is reported instead of followed for ever. A node read once
    is shared by its aliases, not copied: nested aliases ("billion laughs") stay small.

    Keys are taken as written (`no:` is Norwegian, not false); a key given twice is
    an error, as YAML says, rather than one value silently replacing the other. A
    merge key (`<<: *defaults`, or a list of them) adds the keys the mapping does not
    give itself, the earlier merged mapping winning, as PyYAML's own loader does.
    """
    if isinstance(root, yaml.ScalarNode):
        return _scalar(root, file)
    open_nodes: set[int] = set()
    finished: dict[int, object] = {}  # id(node) → its data, for the aliases that name it again
    merges: dict[
        int, list
    ] = {}  # id(mapping's Node) → [(merged data, line of its `<<`)], applied when it is done

    def begin(node: yaml.Node) -> tuple:
        if id(node) in open_nodes:
            raise InputError(
                "not valid YAML: an alias refers to the list or mapping that contains it",
                Location(file, _line(node)),
            )
        open_nodes.add(id(node))
        out = Node(_line(node)) if isinstance(node, yaml.MappingNode) else []
        return out, (node, out, iter(node.value))

    result, frame = begin(root)
    stack = [frame]
    while stack:
        node, out, children = stack[-1]
        child = next(children, None)
        if child is None:
            if isinstance(out, Node) and id(out) in merges:
                _merge(out, merges.pop(id(out)), file)
            open_nodes.discard(id(node))
            finished[id(node)] = out
            stack.pop()
            continue
        if isinstance(out, Node):
            key_node, child = child
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(
                    "not valid here: a key must be a name, not a list or mapping",
                    Location(file, _line(key_node)),
                )
            key = key_node.value
            if key in out.key_lines:
                raise InputError(
                    f"not valid YAML: key '{key}' is given twice in one mapping "
                    f"(first at line {out.key_lines[key]})",
                    Location(file, _line(key_node)),
                )
            out.key_lines[key] = _line(key_node)
        if isinstance(child, yaml.ScalarNode):
            value = _scalar(child, file)
        elif id(child) in finished:
            value = finished[id(child)]
        else:
            value, frame = begin(child)
            stack.append(frame)
        if isinstance(out, Node) and key_node.tag == _MERGE_TAG:
            del out.key_lines[key]
            merges.setdefault(id(out), []).append((value, _line(key_node)))
        elif isinstance(out, Node):
            out[key] = value
        else:
            out.append(value)
    return result


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _merge(out: Node, merged: list, file: str) -> None:
    """Add to a finished mapping the keys of its merge keys' mappings that it lacks."""
    for value, line in merged:
        for source in value if isinstance(value, list) else [value]:
            if not isinstance(source, Node):
                raise InputError(
                    "not valid YAML: a merge key (<<) takes a mapping or a list of mappings",
                    Location(file, line),
                )
            for key, item in source.items():
                if key not in out:
                    out[key] = item
                    out.key_lines[key] = source.key_lines.get(key, line)


def read_yaml(text: str, file: str) -> Node:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else 0
        raise InputError(f"not valid YAML: {exc.problem}", Location(file, line)) from None
    if root is None:
        raise InputError("the model file is empty", Location(file, 1))
    data = _plain(root, file)
    if not isinstance(data, Node):
        raise InputError(
            "the model file must be a mapping with review, constructs and hypotheses", Location(file, 1)
        )
    return data
