"""`litgraph verify`: each reference's metadata against Crossref and OpenAlex.

Only the verdict types and `load_verdicts` are imported here, so that the audit
and the report can read a project's verdicts without loading httpx; the network
side lives in `verify`, `sources`, `client`, `transport` and `cache`.
"""

from .verdicts import FieldDiff, Status, Verdict, load_verdicts, save_verdicts

__all__ = ["FieldDiff", "Status", "Verdict", "load_verdicts", "save_verdicts"]
