"""Roles: references to a function or a category of actors rather than one body
(市科学技术行政部门, 县级以上人民政府, 有关部门, 高等学校, 科学技术人员), by the actor-role
vocabulary of govkg/ontology/vocabulary/roles.yaml and the nouns such references end in.

A role is written as the text writes it, the shortest full noun phrase without the verb or
preposition in front: 县级以上人民政府科学技术行政部门, 市和县（市）区人民政府, 财政、科技等部门.
Roles are kept apart from institutions: they are listed for the reviewer with the vocabulary
concept they belong to, and never become a body (市科学技术行政部门 is not 科学技术部).
"""

from __future__ import annotations

from govkg.extract.candidates import Candidate
from govkg.extract.literals import Literals
from govkg.extract.sections import Document, Sentence
from govkg.extract.tokens import (
    BOUNDARY_POS,
    BOUNDARY_WORDS,
    CUT_VERBS,
    INNER_VERBS,
    NOUN_POS,
    SentenceWords,
    Words,
    leading_verb,
)
from govkg.ontology.terms import ACTOR_ROLE
from govkg.ontology.vocabulary import Concept, Vocabulary

GENERIC_HEADS = ("部门", "机关", "机构", "单位", "组织", "团体", "人员", "主体", "力量", "载体",
                 "人才", "企业", "院校", "学校", "协会", "学会", "研究会", "联合会", "基金会",
                 "专家", "学者", "公民", "个人", "媒体", "政府", "中心", "社会公众")
"""Nouns a reference to actors ends in besides the vocabulary's labels."""
LEVELS = frozenset({"市", "县", "区", "省", "乡", "镇", "县级", "市级", "省级", "区级", "以上",
                    "各级", "本市", "本省", "自治区", "直辖市", "计划单列市", "街道", "国务院",
                    "中央", "地方", "本级", "省辖市", "设区", "县市", "和县", "区县", "市县",
                    "有关", "相关", "上级", "国家", "全国"})
"""Words of administrative level that may be coordinated in front of a role
(市和区、县（市）人民政府)."""
_COORDINATORS = frozenset({"、", "和", "及", "与"})
_PLACES = frozenset({"本市", "本省", "国内外", "境内外", "省外", "市外", "外地", "地区", "全市",
                     "全省"})
"""Where the actors are, not what they are (本市高等院校 is 高等学校)."""
_DEPARTMENT_ENDS = ("部门", "机关", "机构", "局", "厅", "委员会")
_FIELD_CONCEPTS = frozenset({
    "role-st-admin", "role-finance-dept", "role-education-dept", "role-ip-admin",
    "role-development-reform", "role-tax-dept", "role-hrss-dept", "role-industry-it-dept",
    "role-agriculture-dept", "role-audit", "role-market-regulator", "role-sector-dept"})
"""Departments the vocabulary also knows by their field alone (发展改革, 税务): such a label
is a role only when the words end in a department (发展改革部门), not as an item of a list
of fields (发展改革、财政等部门)."""
_NOT_ROLES = frozenset({"部门", "机构", "单位", "组织", "人员", "政府", "中心", "个人",
                        "主体", "人才", "载体", "人民政府", "机关", "力量", "协会", "学会"})
"""Heads too bare to report alone (a bare 企业 is reported: it is a label of the vocabulary)."""


def _start(words: list[str], tags: list[str], head: int) -> int:
    """Index of the first word of the role phrase ending with words[head]."""
    index = head
    enumeration = index > 0 and words[index - 1] == "等"
    if enumeration:
        index -= 1
    while index > 0:
        word, tag = words[index - 1], tags[index - 1]
        previous = index - 2
        if word in ("）", ")"):
            opening = next((i for i in range(index - 2, max(0, index - 6) - 1, -1)
                            if words[i] in ("（", "(")), None)
            if opening is None or opening == 0 or tags[opening - 1] not in NOUN_POS:
                break
            index = opening
            continue
        if word in _COORDINATORS:
            levels = words[index] in LEVELS and previous >= 0 and (
                words[previous] in LEVELS or words[previous] in ("）", ")"))
            listed = enumeration and previous >= 0 and tags[previous] in NOUN_POS
            if not (levels or listed):
                break
            index -= 1
            continue
        if word in LEVELS:
            index -= 1
            continue
        if tag in BOUNDARY_POS or word in BOUNDARY_WORDS or (word in CUT_VERBS and
                                                            word not in INNER_VERBS):
            break
        if tag not in NOUN_POS and word not in INNER_VERBS:
            break
        index -= 1
    while index < head and (words[index] in _COORDINATORS or words[index] in ("的", "等") or
                            words[index] in _PLACES or leading_verb(words[index], tags[index]) or
                            (tags[index] in ("v", "vn") and words[index] not in INNER_VERBS
                             and words[index] not in LEVELS)):
        index += 1
    return index


class RoleFinder:
    """Finds role references in one document."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.concepts: dict[str, Concept | None] = {head: None for head in GENERIC_HEADS}
        self.fields: set[str] = set()
        for concept in vocabulary.concepts.values():
            for label in (concept.name, *concept.labels):
                if not label.startswith("、") and not label.endswith(("、", "等")):
                    self.concepts[label] = concept
                    if concept.id in _FIELD_CONCEPTS and not label.endswith(_DEPARTMENT_ENDS):
                        self.fields.add(label)
        self._heads = Literals(self.concepts)

    def find(self, doc: Document, masked: str, words: Words, taken: set[tuple[int, int]],
             skip_before: int = 0) -> list[Candidate]:
        found = []
        heads = self._heads.by_sentence(doc, doc.text, skip_before)
        concepts = self.concepts
        for index, matches in heads.items():
            sentence = doc.sentences[index]
            mentions = [(start, end, concepts[word]) for word, start, end in matches]
            field_ends = {end for word, _, end in matches if word in self.fields}
            found += self._in_sentence(sentence, words.of(sentence), mentions, masked, taken,
                                       field_ends)
        return found

    def _in_sentence(self, sentence: Sentence, sw: SentenceWords,
                     mentions: list[tuple[int, int, Concept | None]], masked: str,
                     taken: set[tuple[int, int]], field_ends: set[int]) -> list[Candidate]:
        """`field_ends`: where labels that name a department's field alone (发展改革) end."""
        words, tags, ends = sw.words, sw.tags, sw.ends
        end_at = sw.end_at
        heads = sorted({end_at[end] for _, end, _ in mentions
                        if end in end_at and end not in field_ends})
        labelled = [(s, e, c) for s, e, c in mentions if c is not None]
        by_end = {e: c for _, e, c in labelled}
        count = len(words)
        found = []
        for head in heads:
            tag = tags[head]
            if tag in BOUNDARY_POS or not (tag in NOUN_POS or words[head] in self.concepts):
                continue
            if head + 1 < count and tags[head + 1] in NOUN_POS and \
                    words[head + 1] not in ("等", "以上", "以下"):
                continue  # a modifier of a longer noun (企业所得税, 人民政府有关部门)
            first = _start(words, tags, head)
            start, end = ends[first], ends[head + 1]
            name = masked[start:end]
            if "□" in name or (start, end) in taken or len(name) < 2:
                continue
            if name in _NOT_ROLES:
                continue
            concept = by_end.get(end) or (next(
                (c for s, e, c in reversed(labelled) if start <= s and e <= end), None)
                if labelled else None)
            fields = {"concept": concept.id} if concept else {}
            note = f"role {concept.name} ({concept.id})" if concept else "reference to " \
                "actors by their function or category"
            found.append(Candidate(type=ACTOR_ROLE, name=name, sentence=sentence,
                                   confidence=0.8 if concept else 0.6, category="role",
                                   fields=fields, notes=[note], start=start, end=end))
        return found
