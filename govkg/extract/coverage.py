"""Pilots and coverage: which unit takes part in which pilot or programme, from sentences with
试点, 支持…等单位, 依托…, 与…签署合作 and the like; co-funding ratios (按1:3的比例共同资助).
"""

from __future__ import annotations

import re

from govkg.extract.candidates import Candidate, RelationCandidate, nearest_label
from govkg.extract.sections import Document, Sentence
from govkg.ontology.terms import CO_FUNDS, COVERS, INSTITUTION, PILOT, PROGRAMME

CUES = re.compile(r"试点|支持|依托|合作|签署|共同|参与|承担|入选|纳入|首批|资助|出资|牵头|"
                  r"联合|揭榜")
_ROLE = re.compile(r"作为(?P<role>[^，,。；、]{0,10}?(?:单位|企业|高校|院所|机构))")
_BATCH = {"首批": 1, "第一批": 1, "第二批": 2, "第三批": 3, "第四批": 4, "第五批": 5}
_RATIO = re.compile(r"(?P<ratio>\d+\s*[:：]\s*\d+)[^，。；]{0,6}?"
                    r"(?:共同资助|共同出资|联合资助|配套)")
_CUE_ROLES = (("试点", "试点单位"), ("签署", "合作单位"), ("合作", "合作单位"),
              ("出资", "共同出资单位"), ("资助", "共同资助单位"), ("依托", "依托单位"),
              ("支持", "支持单位"), ("揭榜", "揭榜单位"))
_SCHEME_ROLES = (("试点", "pilot_unit"), ("出资", "co_funding_partner"),
                 ("资助", "co_funding_partner"), ("签署", "partner"), ("合作", "partner"),
                 ("依托", "host_unit"), ("支持", "supported_unit"), ("揭榜", "task_taker"),
                 ("承担", "task_taker"))
"""Cue words of a phrase → a role of govkg:ParticipationRoleScheme (first match wins)."""
SCHEMES = (PILOT, PROGRAMME)


def _role(text: str) -> tuple[str, int | None]:
    """The role phrase as the text writes it (作为首批试点单位 → 首批试点单位, else a phrase
    for the cue word) and the batch."""
    batch = next((number for word, number in _BATCH.items() if word in text), None)
    if match := _ROLE.search(text):
        return match.group("role"), batch
    return next((role for cue, role in _CUE_ROLES if cue in text), "参与单位"), batch


def scheme_role(phrase: str, sentence: str) -> str:
    """The participation role (govkg:ParticipationRoleScheme) of a role phrase: a stated
    funding split makes a co-funding partner, else the phrase's cue word decides."""
    if _RATIO.search(sentence):
        return "co_funding_partner"
    return next((role for cue, role in _SCHEME_ROLES if cue in phrase), "participant")


_OPEN = re.compile(r"等(?![0-9０-９一二三四五六七八九十两]+[家个所项])")
"""等 ending a list of units and not followed by their count (…等5家 may name them all)."""


def _open_list(sentence: Sentence, unit: Candidate) -> bool:
    """The unit is one of a list the text ends with 等 (…、中科院上海分院等作为…): the units
    named are not all of them."""
    clause = _clause(sentence, unit)
    end = clause.find(unit.name) if unit.name in clause else 0
    return bool(_OPEN.search(clause, end))


class _Schemes:
    """Pilot and programme mentions indexed by sentence, line and label."""

    def __init__(self, doc: Document, mentions: list[Candidate]) -> None:
        self.by_sentence: dict[int, list[Candidate]] = {}
        self.by_line: dict[int, list[Candidate]] = {}
        self.by_text: dict[tuple[str, str], list[Candidate]] = {}
        for mention in mentions:
            if mention.type in SCHEMES:
                self.by_sentence.setdefault(mention.sentence.index, []).append(mention)
                self.by_line.setdefault(mention.sentence.line, []).append(mention)
                self.by_text.setdefault((mention.sentence.section, mention.sentence.text),
                                        []).append(mention)
        titled = {m.key: m for m in self.by_line.get(doc.title_line, [])} \
            if doc.title_line is not None else {}
        self.title = next(iter(titled.values())) if len(titled) == 1 else None

    def context(self, sentence: Sentence, first_unit: int) -> Candidate | None:
        """The pilot or programme a sentence is about: named in it (before the units, else
        anywhere), in an earlier sentence of the same line, in the label line above it, or in
        the document's title."""
        same = self.by_sentence.get(sentence.index, [])
        before = [m for m in same if m.start < first_unit]
        if before or same:
            return (before or same)[-1]
        earlier = [m for m in self.by_line.get(sentence.line, [])
                   if m.sentence.index < sentence.index][-1:]
        if earlier:
            return earlier[-1]
        if sentence.label:
            labelled = nearest_label(self.by_text.get((sentence.section, sentence.label), []),
                                     sentence.index)
            if labelled:
                return labelled[-1]
        return self.title


def _clause(sentence: Sentence, unit: Candidate) -> str:
    """The clause (between commas) of a unit's mention."""
    offset = unit.start - sentence.start
    text = sentence.text
    begin = max(text.rfind(c, 0, offset) for c in "，,；;：:") + 1
    ends = [i for i in (text.find(c, offset) for c in "，,；;。") if i >= 0]
    return text[begin:min(ends) if ends else len(text)]


def _nested(unit: Candidate, units: list[Candidate]) -> bool:
    start, end = unit.span
    return any(o is not unit and o.span[0] <= start and end <= o.span[1]
               and (o.span[1] - o.span[0]) > (end - start) for o in units)


def find_coverage(doc: Document, mentions: list[Candidate]) -> list[RelationCandidate]:
    """COVERS (scheme → unit) and CO_FUNDS (unit → scheme) relations, keyed by candidate key."""
    relations: list[RelationCandidate] = []
    schemes = _Schemes(doc, mentions)
    by_sentence: dict[int, list[Candidate]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence.index, []).append(mention)
    for sentence in doc.sentences:
        here = by_sentence.get(sentence.index, [])
        all_units = [m for m in here if m.type == INSTITUTION and m.category == "institution"]
        units = [m for m in all_units if m.fields.get("kind") != "government"
                 and not _nested(m, all_units)]
        units = [u for u in units if CUES.search(_clause(sentence, u))]
        if not units:
            continue
        scheme = schemes.context(sentence, min(u.start for u in units))
        if scheme is None:
            continue
        role, batch = _role(sentence.text)
        ratio = _RATIO.search(sentence.text)
        confidence = 0.8 if scheme.sentence.index == sentence.index else 0.7
        for unit in units:
            fields: dict[str, object] = {"role": scheme_role(role, sentence.text),
                                         "as_written": role}
            if batch is not None:
                fields["batch"] = batch
            if _open_list(sentence, unit):
                fields["open_list"] = True
            relations.append(RelationCandidate(COVERS, scheme.key, unit.key, sentence,
                                               confidence, fields))
            if ratio:
                relations.append(RelationCandidate(
                    CO_FUNDS, unit.key, scheme.key, sentence, confidence - 0.1,
                    {"ratio": re.sub(r"\s|：", lambda m: ":" if m.group() == "：" else "",
                                     ratio.group("ratio"))}))
    return relations
