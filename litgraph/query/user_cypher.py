"""A user's Cypher (`litgraph cypher`): allowed on Neo4j's own plan of it, bounded, stoppable.

READ access mode alone stops writes, not harm: `LOAD CSV FROM 'file:///etc/passwd'` returned
the server's files, `LOAD CSV FROM 'http://…'` reached other machines, `TERMINATE TRANSACTIONS`
killed a concurrent push and `db.clearQueryCaches()` ran. So, in the transaction that then
runs it, the query is first EXPLAINed (planned, nothing run) and every operator of the plan
must be a reading one, every procedure one of `READ_PROCEDURES`, and the database the one
asked for: the decision is taken on Neo4j's parse, never on the text.

The query runs in an explicit READ transaction with the server-side timeout `--timeout`
and is read up to `--max-rows` (closing the transaction ends it on the server). The
driver holds back Ctrl-C until the server answers, so the work happens in a thread: the
command waits for it, and on Ctrl-C or past the timeout terminates the transaction itself
(found by a token in its metadata) and leaves at once.
"""

from __future__ import annotations

import re
import secrets
import threading
from contextlib import suppress

import neo4j
from neo4j.exceptions import ClientError
from neo4j.graph import Node, Path, Relationship

from ..errors import BackendError, LitgraphError
from ..neo4j.settings import Neo4jSettings, neo4j_errors
from .limits import QueryLimits, timed_out, too_many_rows

#: Procedures that only describe the graph.
READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
        "dbms.components",
    }
)
#: Operators of reading plans (Neo4j 5 Community; the operator docs' names), besides the leaves
#: matched by `_READ_LEAF`. Anything else (LoadCSV, Create, SetProperty, Foreach,
#: TransactionApply, ShowTransactions, TerminateTransactions, AdministrationCommand, ...) is refused.
READ_OPERATORS = frozenset(
    """
    ProduceResults Projection Filter Limit ExhaustiveLimit Skip Sort PartialSort Top PartialTop
    Top1WithTies Distinct OrderedDistinct EagerAggregation OrderedAggregation Unwind
    PartitionedUnwind Eager CacheProperties EmptyRow EmptyResult Argument ArgumentTracker
    Optional Apply SemiApply AntiSemiApply LetSemiApply LetAntiSemiApply SelectOrSemiApply
    SelectOrAntiSemiApply LetSelectOrSemiApply LetSelectOrAntiSemiApply ConditionalApply
    AntiConditionalApply RollUpApply CartesianProduct NodeHashJoin ValueHashJoin
    NodeLeftOuterHashJoin NodeRightOuterHashJoin TriadicSelection TriadicBuild TriadicFilter Union
    OrderedUnion AssertSameNode AssertSameRelationship ShortestPath StatefulShortestPath
    Trail Repeat BidirectionalRepeat NullifyMetadata ProjectEndpoints NodeCountFromCountStore
    RelationshipCountFromCountStore ProcedureCall
    """.split()
)
_READ_LEAF = re.compile(r"(Scan|Seek|SeekByRange|Expand)$")
#: Waited for past the server-side timeout before the command terminates the query itself.
_GRACE = 2.0


def run_user_cypher(
    driver: neo4j.Driver, settings: Neo4jSettings, text: str, params: dict, limits: QueryLimits
) -> tuple[list[str], list[list]]:
    """Column names and rows (JSON-ready, see `plain`) of a user's read-only query."""
    token = secrets.token_hex(8)
    box: dict = {}

    def work() -> None:
        try:
            box["answer"] = _bounded_read(driver, settings, text, params, limits, token)
        except BaseException as error:  # handed to the waiting thread
            box["error"] = error

    worker = threading.Thread(target=work, name="litgraph-cypher", daemon=True)
    worker.start()
    try:
        worker.join(limits.timeout + _GRACE)  # a lock wait: Ctrl-C interrupts it
    except KeyboardInterrupt:
        _terminate(driver, settings, token)
        raise
    if worker.is_alive():
        _terminate(driver, settings, token)
        raise timed_out(limits)
    if "error" in box:
        raise box["error"]
    return box["answer"]


def _bounded_read(
    driver: neo4j.Driver, settings: Neo4jSettings, text: str, params: dict, limits: QueryLimits, token: str
) -> tuple[list[str], list[list]]:
    with (
        neo4j_errors(settings),
        driver.session(database=settings.database, default_access_mode=neo4j.READ_ACCESS) as session,
    ):
        tx = session.begin_transaction(timeout=limits.timeout, metadata={"litgraph": token})
        try:
            check_plan(tx.run("EXPLAIN " + text, params).consume(), settings)
            result = tx.run(text, params)
            rows: list[list] = []
            for record in result:
                if len(rows) == limits.max_rows:
                    raise too_many_rows(limits)
                rows.append([plain(value) for value in record.values()])
            return list(result.keys()), rows
        except ClientError as error:
            _raise_if_users_fault(error, limits)
            raise
        finally:  # rolls back: a query stopped at --max-rows ends on the server too
            with suppress(neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
                tx.close()


def check_plan(summary: neo4j.ResultSummary, settings: Neo4jSettings) -> None:
    """Refuse (exit 2) a plan with an operator or procedure that does more than read this database."""
    if summary.database and summary.database != settings.database:
        raise LitgraphError(
            f"cypher reads database '{settings.database}' only, and this query runs on '{summary.database}'"
        )
    for operator, details in _operators(summary.plan or {}):
        if operator == "ProcedureCall":
            name = details.split("(", 1)[0].strip()
            if name not in READ_PROCEDURES:
                raise LitgraphError(
                    f"not a read-only Cypher query: it calls the procedure {name} "
                    f"(cypher may call {', '.join(sorted(READ_PROCEDURES))})"
                )
        elif operator not in READ_OPERATORS and not _READ_LEAF.search(operator):
            raise LitgraphError(
                f"not a read-only Cypher query: its plan has {operator} (cypher runs reading clauses "
                "only: no LOAD CSV, writes, SHOW/TERMINATE or administration commands)"
            )


def _operators(plan: dict):
    """(operator, details) of every step of a plan, its name without "@database" or "(All)"."""
    stack = [plan]
    while stack:
        step = stack.pop()
        name = str(step.get("operatorType", "")).split("@", 1)[0].split("(", 1)[0]
        yield name, str(step.get("args", {}).get("Details", ""))
        stack.extend(step.get("children", []))


def _terminate(driver: neo4j.Driver, settings: Neo4jSettings, token: str) -> None:
    """End this command's transaction on the server (a user may always end their own); best effort."""
    try:
        with driver.session(database=settings.database) as session:
            ids = [
                record["id"]
                for record in session.run(
                    "SHOW TRANSACTIONS YIELD transactionId AS id, metaData WHERE metaData.litgraph = $token "
                    "RETURN id",
                    token=token,
                )
            ]
            if ids:
                session.run("TERMINATE TRANSACTIONS $ids", ids=ids).consume()
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
        pass


#: Error codes that are the query's fault (exit 2), not the server's (exit 3).
_USERS_FAULT = ("Neo.ClientError.Statement.", "Neo.ClientError.Procedure.")


def _raise_if_users_fault(error: ClientError, limits: QueryLimits) -> None:
    code = error.code or ""
    message = " ".join(str(error.message or "").split())
    if code.startswith("Neo.ClientError.Transaction.TransactionTimedOut"):
        raise timed_out(limits) from None
    if code == "Neo.ClientError.Statement.AccessMode":
        raise LitgraphError(f"not a read-only Cypher query: {message}") from None
    if code.startswith(_USERS_FAULT):
        raise LitgraphError(f"invalid Cypher: {message}") from None
    if code.startswith("Neo.ClientError.Transaction.Terminated"):
        raise BackendError(f"the query was stopped on the server: {message}") from None


def plain(value):
    """A Cypher value as JSON-ready data: nodes, relationships and paths as dicts, the rest as text."""
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": plain(dict(value))}
    if isinstance(value, Relationship):
        return {"type": value.type, "properties": plain(dict(value))}
    if isinstance(value, Path):
        return {
            "nodes": [plain(n) for n in value.nodes],
            "relationships": [plain(r) for r in value.relationships],
        }
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)  # dates, times, durations, points, bytes
