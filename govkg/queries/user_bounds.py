"""Constructs in a user's Cypher that the store cannot bound, found before the query runs.

FalkorDB checks a query's TIMEOUT between records, and QUERY_MEM_CAPACITY on the memory of
its operators; neither sees the work done while one expression is evaluated. So a single
`RETURN` can outlive any deadline (a list comprehension inside another over large lists) or
take the store down (`range(1, 1000000000)` is allocated at once; a `reduce()` doubling a
string asks for terabytes). Such queries are refused with a 400 naming the construct:

- `range()` of more than GOVKG_MAX_LIST numbers, or with bounds that are neither numbers
  written in the query nor integer parameters;
- one list iteration (list or pattern comprehension, `reduce`, `any`, `all`, `none`,
  `single`, or a `range()`) inside another: its work is the product of the lists;
- `reduce()` whose expression uses its accumulator twice (it can double at every step);
- a variable-length relationship without an upper bound, or above GOVKG_MAX_PATH_LEN;
- a cartesian product of two whole scans: two MATCH patterns that share no variable and
  neither of which has an inline property map (`{id: …}`).

Row-by-row work (scans, expansions, UNWIND of a bounded list) is left to the store's TIMEOUT
and memory limit. The check reads tokens (strings and comments are never taken for code); it
is not a parser, and what it cannot read it leaves to the store, which refuses bad syntax.
`cap_rows` adds a LIMIT so that the store stops after the row cap instead of computing every
row: the cap then bounds the work, not only the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from govkg.errors import InputError

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
   |(?P<comment>//[^\n]*|/\*.*?\*/)
   |(?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
   |(?P<quoted>`[^`]*`)
   |(?P<param>\$(?:[^\W\d]\w*|`[^`]*`|\d+))
   |(?P<number>0x[0-9A-Fa-f]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
   |(?P<word>[^\W\d]\w*)
   |(?P<punct>\.\.|<-|->|<=|>=|<>|=~|\+=|.)
    """,
    re.VERBOSE | re.DOTALL,
)
ITERATING_FUNCTIONS = frozenset({"reduce", "any", "all", "none", "single", "extract", "filter"})
CLAUSES = frozenset({"match", "optional", "where", "return", "with", "unwind", "call", "order",
                     "skip", "limit", "union", "create", "merge", "delete", "detach", "set",
                     "remove", "foreach", "load", "yield"})
OPENERS = {"(": ")", "[": "]", "{": "}"}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int

    @property
    def word(self) -> str:
        """Keywords and names compare case-insensitively; quoted names keep their case."""
        if self.kind == "quoted":
            return self.text[1:-1]
        return self.text.lower() if self.kind == "word" else self.text


def tokens(query: str) -> list[Token]:
    """The query's tokens without spaces and comments."""
    found = []
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "punct"
        if kind not in {"space", "comment"}:
            found.append(Token(kind, match.group(), match.start()))
    return found


def refuse(construct: str, why: str, **details: Any) -> InputError:
    return InputError(f"{construct} is not allowed in user queries: {why}",
                      details={"field": "query", "construct": construct, **details})


def _closing(toks: list[Token], at: int) -> int:
    """Index of the bracket closing the one opened at `at` (or the end)."""
    depth = 0
    for index in range(at, len(toks)):
        text = toks[index].text
        if text in OPENERS:
            depth += 1
        elif text in OPENERS.values():
            depth -= 1
            if depth == 0:
                return index
    return len(toks)


def _arguments(toks: list[Token], opening: int) -> list[list[Token]]:
    """The comma-separated arguments of the call whose '(' is at `opening`."""
    args: list[list[Token]] = [[]]
    depth = 0
    for token in toks[opening + 1 : _closing(toks, opening)]:
        if token.text in OPENERS:
            depth += 1
        elif token.text in OPENERS.values():
            depth -= 1
        if token.text == "," and depth == 0:
            args.append([])
        else:
            args[-1].append(token)
    return args


def _integer(arg: list[Token], params: Mapping[str, Any]) -> int | None:
    """An argument written as an integer, or an integer parameter; None otherwise."""
    sign = 1
    if len(arg) == 2 and arg[0].text in "+-":
        sign, arg = (-1 if arg[0].text == "-" else 1), arg[1:]
    if len(arg) != 1:
        return None
    token = arg[0]
    if token.kind == "number" and re.fullmatch(r"0x[0-9A-Fa-f]+|\d+", token.text):
        return sign * int(token.text, 0)
    if token.kind == "param":
        value = params.get(token.text[1:].strip("`"))
        if isinstance(value, int) and not isinstance(value, bool):
            return sign * value
    return None


def _check_ranges(toks: list[Token], params: Mapping[str, Any], max_list: int) -> None:
    for index, token in enumerate(toks):
        if not (token.word == "range" and index + 1 < len(toks) and toks[index + 1].text == "("
                and (index == 0 or toks[index - 1].text != ".")):
            continue
        args = _arguments(toks, index + 1)
        values = [_integer(arg, params) for arg in args]
        if len(args) not in (2, 3) or any(v is None for v in values):
            raise refuse("range() with computed bounds", "write its bounds as numbers or give "
                         "them as integer parameters, so that its size is known before it "
                         "runs", position=token.start)
        start, end, step = (*values, 1)[:3] if len(values) == 2 else values
        assert start is not None and end is not None and step is not None
        size = len(range(start, end + (1 if step > 0 else -1), step)) if step else 0
        if size > max_list:
            raise refuse("range() of more than GOVKG_MAX_LIST numbers",
                         f"it has {size:,} numbers; at most {max_list:,} (the store builds the "
                         "whole list at once, outside its memory limit)",
                         size=size, max_list=max_list, position=token.start)


def _iteration_at(toks: list[Token], index: int) -> str | None:
    """The kind of list iteration that opens at `index`, if one does (range() builds a list
    element by element, so inside another iteration it multiplies the work the same way)."""
    token = toks[index]
    nxt = toks[index + 1] if index + 1 < len(toks) else None
    if (token.word == "range" and token.kind == "word" and nxt is not None and nxt.text == "("
            and (index == 0 or toks[index - 1].text != ".")):
        return "range()"
    if (token.word in ITERATING_FUNCTIONS and token.kind == "word" and nxt is not None
            and nxt.text == "(" and (index == 0 or toks[index - 1].text != ".")):
        return f"{token.word}()"
    if token.text == "[" and nxt is not None and (index == 0 or toks[index - 1].text not in
                                                  {"-", "<-"}):
        after = toks[index + 2] if index + 2 < len(toks) else None
        if nxt.kind in {"word", "quoted"} and after is not None and after.word == "in":
            return "list comprehension"
        if nxt.text == "(" or (after is not None and after.text == "=" and nxt.kind == "word"):
            closing = _closing(toks, index)
            if any(t.text == "|" for t in toks[index:closing]) and any(
                    t.text in {"-", "->", "<-"} for t in toks[index:closing]):
                return "pattern comprehension"
    return None


def _body_start(toks: list[Token], opening: int, closing: int) -> int:
    """Where the per-element part of an iteration starts: its first WHERE or '|' at its own
    level (what comes before is the list iterated, evaluated once)."""
    depth = 0
    for index in range(opening + 1, closing):
        text = toks[index].text
        if text in OPENERS:
            depth += 1
        elif text in OPENERS.values():
            depth -= 1
        elif depth == 0 and (text == "|" or toks[index].word == "where"):
            return index
    return closing


def _check_iterations(toks: list[Token]) -> None:
    """No list iteration inside another's per-element part; no reduce() that doubles its
    accumulator."""
    bodies: list[tuple[int, int, str]] = []  # per-element parts of enclosing iterations
    for index, token in enumerate(toks):
        bodies = [(start, end, kind) for start, end, kind in bodies if end > index]
        kind = _iteration_at(toks, index)
        if kind is None:
            continue
        enclosing = [k for start, end, k in bodies if start < index]
        if enclosing:
            raise refuse("a list iteration inside another",
                         f"{kind} inside {enclosing[-1]}: its work is the product of the "
                         "lists, and the store cannot stop it at the deadline; use UNWIND, "
                         "whose rows the store can stop", position=token.start)
        if kind == "range()":
            continue
        opening = index + 1 if kind.endswith("()") else index
        closing = _closing(toks, opening)
        if kind == "reduce()":
            _check_reduce(toks, opening, closing)
        bodies.append((_body_start(toks, opening, closing), closing, kind))


def _check_reduce(toks: list[Token], opening: int, closing: int) -> None:
    accumulator = toks[opening + 1].word if opening + 1 < closing else ""
    bar = next((i for i in range(opening, closing) if toks[i].text == "|"), closing)
    uses = sum(1 for i in range(bar, closing) if toks[i].kind in {"word", "quoted"}
               and toks[i].word == accumulator and toks[i - 1].text != ".")
    if uses > 1:
        raise refuse("reduce() that uses its accumulator twice",
                     f"'{accumulator}' appears {uses} times after '|': the value can double "
                     "at every step (terabytes within 40 steps)", position=toks[opening].start)


_BOUNDS = re.compile(r"^\*\s*(\d+)?\s*(\.\.)?\s*(\d+)?$")


def _check_var_length(toks: list[Token], max_len: int) -> None:
    for index, token in enumerate(toks):
        if token.text != "[" or index == 0 or toks[index - 1].text not in {"-", "<-"}:
            continue
        closing = _closing(toks, index)
        inner = toks[index + 1 : closing]
        star = next((i for i, t in enumerate(inner) if t.text == "*"), None)
        if star is None:
            continue
        rest = inner[star:]
        end = next((i for i, t in enumerate(rest) if t.text == "{"), len(rest))
        spec = "*" + "".join(t.text for t in rest[1:end])
        bounds = _BOUNDS.match(spec)
        if bounds is None:
            continue  # not read here: left to the store
        low, dots, high = bounds.groups()
        upper = int(high) if high else (int(low) if low and not dots else None)
        if upper is None or upper > max_len:
            raise refuse("a variable-length relationship without an upper bound" if upper is None
                         else "a variable-length relationship longer than GOVKG_MAX_PATH_LEN",
                         f"write at most *..{max_len}: the number of paths grows "
                         "exponentially with their length", max_len=max_len,
                         position=token.start)


@dataclass
class _Part:
    """One comma-separated pattern of a MATCH: its variables and whether it is filtered."""

    variables: set[str]
    filtered: bool


def _match_parts(toks: list[Token]) -> Iterator[tuple[_Part, bool]]:
    """The pattern parts of every MATCH, and whether each starts a new query part (UNION)."""
    index, new_query = 0, True
    while index < len(toks):
        word = toks[index].word if toks[index].kind == "word" else ""
        if word == "union":
            new_query = True
        if word != "match":
            index += 1
            continue
        index += 1
        part: list[Token] = []
        depth = 0
        while index < len(toks):
            token = toks[index]
            if depth == 0 and token.kind == "word" and token.word in CLAUSES:
                break
            if token.text in OPENERS:
                depth += 1
            elif token.text in OPENERS.values():
                depth -= 1
            if token.text == "," and depth == 0:
                yield _part(part), new_query
                new_query, part = False, []
            else:
                part.append(token)
            index += 1
        if part:
            yield _part(part), new_query
            new_query = False


def _part(toks: list[Token]) -> _Part:
    names = {toks[i + 1].word for i, t in enumerate(toks[:-1])
             if t.text in {"(", "["} and toks[i + 1].kind in {"word", "quoted"}}
    if len(toks) > 1 and toks[1].text == "=":
        names.add(toks[0].word)
    return _Part(names, any(t.text == "{" for t in toks))


def _check_products(toks: list[Token]) -> None:
    """Refuse two unfiltered islands of patterns that share no variable (per UNION part)."""
    bound: set[str] = set()
    unfiltered_islands = 0
    for part, new_query in _match_parts(toks):
        if new_query:
            bound, unfiltered_islands = set(), 0
        connected = bool(part.variables & bound)
        bound |= part.variables
        if connected or part.filtered:
            continue
        unfiltered_islands += 1
        if unfiltered_islands > 1:
            raise refuse("a cartesian product of whole scans",
                         "two MATCH patterns share no variable and neither has an inline "
                         "property map, so every pair of their matches is built; join them "
                         "with a relationship or filter one inline, e.g. (a {id: 'x'})")


def check_bounds(query: str, params: Mapping[str, Any], *, max_list: int,
                 max_path_len: int) -> None:
    """Refuse (InputError, 400) the constructs of the module text."""
    toks = tokens(query)
    _check_ranges(toks, params, max_list)
    _check_iterations(toks)
    _check_var_length(toks, max_path_len)
    _check_products(toks)


def cap_rows(query: str, row_cap: int) -> str:
    """The query with a LIMIT of row_cap + 1 on its last RETURN (one more row than the cap
    says whether it was cut), so the store stops there. Queries whose last part cannot take
    one (UNION, a trailing LIMIT that is not a number, a procedure call) are left as they
    are: the store's memory limit and the deadline bound them."""
    toks = tokens(query)
    top: list[tuple[int, Token]] = []
    depth = 0
    for index, token in enumerate(toks):
        if token.text in OPENERS:
            depth += 1
        elif token.text in OPENERS.values():
            depth -= 1
        elif depth == 0 and token.kind == "word":
            top.append((index, token))
    words = [t.word for _, t in top]
    if "union" in words or "return" not in words or (toks and toks[-1].text == ";"):
        return query
    last_return = max(i for i, (_, t) in enumerate(top) if t.word == "return")
    after = [(i, t) for i, t in top[last_return:] if t.word == "limit"]
    wanted = row_cap + 1
    if not after:
        return f"{query}\nLIMIT {wanted}"
    at = after[-1][0]
    value = toks[at + 1] if at + 1 < len(toks) else None
    if at + 2 != len(toks) or value is None or not value.text.isdigit():
        return query
    if int(value.text) <= wanted:
        return query
    return f"{query[: value.start]}{wanted}{query[value.start + len(value.text):]}"


__all__ = ["cap_rows", "check_bounds", "tokens"]
