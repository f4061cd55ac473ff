"""Institutions: specific bodies that exist once, with their full names.

- bodies of a law's header (the adopting and approving congresses, the State Council);
- bodies named by their place in the text's jurisdiction: 市人民政府 in a Ningbo regulation is
  宁波市人民政府, 市、县（区）科学技术协会 names 舟山市科学技术协会 in Zhoushan's (the loader's
  rules, govkg.loaders.laws), 国务院, 全国人民代表大会;
- well-known short forms (科技部, 中科院) and bodies named with a proper noun, a region or the
  state in front of an ending (大学, 研究所, 委员会, 集团, …), cut on word boundaries;
- items of an enumeration of bodies (上海化工院、上海材料所…等5家院所);
- abbreviations the text defines (以下简称“市科委”) become aliases (pipeline).

A reference to a function or a category (市科学技术行政部门, 区人民政府, 高等学校) is a role
(roles.py), never an institution; a local department never becomes a national ministry.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from govkg.extract.candidates import Candidate
from govkg.extract.law_header import LawHeader
from govkg.extract.lexicon import KnownBody, Lexicon
from govkg.extract.literals import Literals, Match
from govkg.extract.sections import Document, Sentence
from govkg.extract.tokens import (
    NOUN_POS,
    SentenceWords,
    Token,
    Words,
    ends_with_any,
    phrase_start,
    unknown_char,
)
from govkg.loaders.laws import local_region, named_bodies
from govkg.ontology.terms import INSTITUTION
from govkg.ontology.vocabulary import NATIONAL_BODIES, Gazetteer, Region, Vocabulary
from govkg.records import EntityRecord

MAX_NAME = 30
SINGLE_BODIES = ("人民政府", "人民代表大会常务委员会", "人民代表大会", "科学技术协会",
                 "社会科学界联合会", "总工会", "人民法院", "人民检察院", "政治协商会议")
"""Bodies a region has exactly one of: with the region in front they name one body."""
_LOCAL = re.compile(
    r"(?<![县区级以上各设的和、与及乡镇])(本省|本市|省|市|自治区)"
    r"(?P<rest>(?:(?:和|、|及|以及)(?:区|县|乡|镇)[^，。；：]{0,10}?)?)"
    r"(?P<body>" + "|".join(SINGLE_BODIES) + r")"
    r"(?P<more>(?:、(?:" + "|".join(SINGLE_BODIES) + r"))*)")
_NATIONAL_IDS = {name: body_id for body_id, (name, _, _) in NATIONAL_BODIES.items()}
"""国务院 → inst-cn-state-council: the gazetteer's ids of the national bodies."""
_BODY_KINDS = {"人民政府": "gov", "人民代表大会常务委员会": "pc-sc", "人民代表大会": "pc"}
_WHOLE_PLACE = re.compile(r"^(全市|本市|全省|本省)")
_MAY_NAME = re.compile(r"国务院|全国人民代表大会|人民政府|人民代表大会|协会|联合会|总工会|人民法院|"
                       r"人民检察院|政治协商会议|等[0-9０-９一二三四五六七八九十两百]")
"""Words without which a sentence names no body by place or in an enumeration."""
_ENUM_HEADS = ("科研院所", "研究机构", "高等学校", "单位", "院所", "机构", "高校", "企业", "设施",
               "大学", "医院", "集团", "院校")
_ENUM = re.compile(
    r"(?<![高平同对均相上中次初何])等(?:[0-9０-９一二三四五六七八九十两百]+[家个所类批]?)"
    r"[^，。；、：,;:]{0,6}?(" + "|".join(_ENUM_HEADS) + ")")
_ITEM_SPLIT = re.compile(r"、|以及|和|及|与")
_STRONG = ("大学", "学院", "研究院", "研究所", "实验室", "集团", "有限公司", "股份有限公司",
           "研究中心", "医院", "分院", "科学院", "工程院")
"""Endings after which any specific (not generic) words make a name."""
_NATIONAL = ("中华人民共和国", "中国", "国家", "全国", "中央", "中共中央")
_NAME_POS = frozenset({"ns", "nr", "nrt", "nrfg", "nt"})
"""Tags of proper names (jieba's nz, j and eng also tag common terms: 诚信, 科协)."""
_GOVERNMENT_COMMITTEE = ("科学技术委员会", "发展和改革委员会", "经济和信息化委员会", "基金委员会",
                         "人民代表大会", "教育委员会", "卫生健康委员会")


@dataclass(frozen=True)
class Found:
    """A body found at [start, end) of the document: its full name and how."""

    name: str
    start: int
    end: int
    kind: str
    confidence: float
    note: str
    aliases: tuple[str, ...] = ()
    shared: bool = False
    """The span also names a role (市和县（市）区人民政府: the city's government and the
    counties')."""
    known_id: str | None = None
    """The gazetteer's id of the body (inst-ningbo-gov), so a later load of the laws that name
    it finds the same record."""


def _kind_of(name: str, ending: str, default: str) -> str:
    if ending == "委员会":
        return "government" if any(k in name for k in _GOVERNMENT_COMMITTEE) else "committee"
    if ending == "分院" and ("科学院" in name or "中科院" in name):
        return "academy"
    return default


class InstitutionFinder:
    """Finds the bodies one document names."""

    def __init__(self, lexicon: Lexicon, roles: Vocabulary, places: Gazetteer,
                 home: Region | None) -> None:
        self.lexicon = lexicon
        self.roles = roles
        self.places = places
        self.home = home
        tables = _tables(lexicon, roles)
        self._ending = tables.ending
        self._endings = tables.endings
        self._ending_kind = tables.ending_kind
        self._known = tables.known
        self._known_words = tables.known_words
        self._role_labels = tables.role_labels
        self._long_role_labels = tables.long_role_labels

    # ------------------------------------------------------------------ the law's header

    def header(self, law: LawHeader, doc: Document, words: Words) -> list[Candidate]:
        """The bodies of the header's events; the mention is the words that hold the body's
        name as written (国务院 in 中华人民共和国国务院令)."""
        found = []
        for event in law.events:
            if event.body is None or event.body_end <= event.body_start:
                continue
            sentence = _sentence_at(doc, event.start)
            if sentence is None:
                continue
            sw = words.of(sentence)
            start = max((s for s in sw.start_at if s <= event.body_start), default=None)
            end = min((e for e in sw.end_at if e >= event.body_end), default=None)
            if start is None or end is None:
                continue
            found.append(self._candidate(Found(
                event.body, start, end, "government", 0.95,
                f"body of the header's {event.kind} event, resolved in "
                f"{law.region.name if law.region else 'the text'}",
                known_id=event.body_id), sentence))
        return found

    # ------------------------------------------------------------------ sentences

    def find(self, doc: Document, masked: str, words: Words, skip_before: int = 0
             ) -> list[Candidate]:
        """Named bodies of every sentence (not the header: it is read by `header`)."""
        found: list[Candidate] = []
        endings = self._endings.by_sentence(doc, masked, skip_before)
        known = self._known_words.by_sentence(doc, masked, skip_before)
        for sentence in doc.sentences:
            if sentence.start < skip_before:
                continue
            text = masked[sentence.start:sentence.end]
            here = endings.get(sentence.index, [])
            bodies = known.get(sentence.index, [])
            if not here and not bodies and not _MAY_NAME.search(text):
                continue
            sw = words.of(sentence)
            items = [*self._resolved(text, sentence.start, sw),
                     *self._known_bodies(bodies, sw), *self._by_ending(text, sentence, sw, here),
                     *self._by_enumeration(text, sentence, sw)]
            seen: set[tuple[int, int]] = set()
            for item in items:
                if (item.start, item.end) in seen and not item.shared:
                    continue
                seen.add((item.start, item.end))
                found.append(self._candidate(item, sentence))
        return found

    def _resolved(self, text: str, base: int, sw: SentenceWords) -> list[Found]:
        """Bodies named by their place: 市人民政府 → <the city>人民政府 (the loader's rule),
        国务院, 全国人民代表大会; 市、县（区）科学技术协会 → <the city>科学技术协会."""
        if self.home is None:
            return []
        found = []
        for body_id, start, end in named_bodies(text, self.home, self.places):
            record = _body_record(self.places, body_id)
            if record is None or not sw.on_boundaries(base + start, base + end):
                continue
            found.append(Found(record.name, base + start, base + end, "government", 0.9,
                               f"“{text[start:end]}” named in {self.home.name}",
                               (text[start:end],) if text[start:end] != record.name else (),
                               known_id=body_id))
        for match in _LOCAL.finditer(text):
            region = local_region(match.group(1), self.home, self.places)
            start, end = match.start(), match.end()
            if region is None or not sw.on_boundaries(base + start, base + end) or \
                    departments_follow(sw, base + end):
                continue
            bodies = [match.group("body"), *filter(None, match.group("more").split("、"))]
            shared = bool(match.group("rest") or match.group("more"))
            for body in bodies:
                kind = "government" if body in SINGLE_BODIES[:3] else "other"
                known = self.places.body(region, _BODY_KINDS[body])[0] \
                    if body in _BODY_KINDS else None
                found.append(Found(region.name + body, base + start, base + end, kind,
                                   0.75 if shared else 0.9,
                                   f"the {match.group(1)} of “{text[start:end]}” in "
                                   f"{region.name}", shared=shared, known_id=known))
        return found

    def _known_bodies(self, matches: list[Match], sw: SentenceWords) -> list[Found]:
        found = []
        for word, start, end in matches:
            if not sw.on_boundaries(start, end):
                continue
            body = self._known[word]
            aliases = (word,) if word != body.name else ()
            found.append(Found(body.name, start, end, body.kind, 0.95,
                               f"well-known body {body.name}", aliases,
                               known_id=_NATIONAL_IDS.get(body.name)))
        return found

    def _is_named(self, tokens: list[Token], ending: str) -> tuple[bool, str]:
        """Whether the words before `ending` make the name of one body, and why."""
        name = "".join(t.word for t in tokens)
        first = tokens[0]
        prefix = name[: len(name) - len(ending)]
        region = self.places.at_start(name)
        written = next((n for n in (region.name, *region.short) if name.startswith(n)), "") \
            if region else ""
        rest = name[len(written):]
        single = any(rest.endswith(body) for body in SINGLE_BODIES)
        local = region is not None and region.level != "national"
        if not prefix or (self._is_role(rest) and not (local and single)):
            return False, ""
        words = [t for t in tokens if t.word not in self.lexicon.generic_modifiers]
        if not words or "".join(t.word for t in words) == ending:
            return False, ""
        if any(t.word.endswith(("部门", "机构", "单位")) for t in tokens):
            return False, ""
        if local and rest:
            return True, f"{written} in front"
        strong = ending in _STRONG
        if len(tokens) == 1:
            return (strong and len(prefix) >= 2 and first.pos in _NAME_POS | {"nz"},
                    f"one name ending in {ending}")
        if first.word not in self.lexicon.generic_modifiers and \
                first.word not in self._role_labels and (
                first.pos in _NAME_POS or (strong and first.pos == "nz")):
            return True, f"proper noun {first.word} in front"
        if first.word in _NATIONAL and len(tokens) > 2:
            return True, f"{first.word} in front"
        if any(unknown_char(a.word) and unknown_char(b.word)
               for a, b in itertools.pairwise(tokens)):
            return True, "an unknown word (a proper name) in front"
        if strong and any(t.pos in _NAME_POS | {"nz"} for t in tokens[:-1]):
            return True, f"a proper noun before {ending}"
        return False, ""

    def _is_role(self, rest: str) -> bool:
        """Whether a name (after its place) is a category of the role vocabulary: it is one
        of its labels or ends in one (公立医院, 在沪国家实验室, 工程（技术）研究中心)."""
        forms = {rest, re.sub(r"[（(][^（）()]*[)）]", "", rest), re.sub(r"[（()）]", "", rest)}
        return any(form in self._role_labels or ends_with_any(form, self._long_role_labels)
                   for form in forms)

    def _by_ending(self, text: str, sentence: Sentence, sw: SentenceWords,
                   matches: list[Match]) -> list[Found]:
        """Names ending in an institution ending, on word boundaries, that name one body."""
        found: list[Found] = []
        for ending, _, ending_end in matches:
            last_index = sw.end_at.get(ending_end)
            if last_index is None:
                continue
            last = last_index
            if self._continues(sentence, sw, last) or departments_follow(sw, ending_end):
                continue  # a longer name ends further on (中国科学院上海分院), or departments
            first = phrase_start(sw, last)
            start, end = sw.ends[first], ending_end
            name = self.doc_text(sentence, start, end)
            if not 2 < len(name) <= MAX_NAME or "□" in text[start - sentence.start:
                                                           end - sentence.start]:
                continue
            if any(name.endswith(c) for c in self.lexicon.concepts):
                continue
            named, why = self._is_named(sw.slice(first, last + 1), ending)
            whole = _WHOLE_PLACE.match(name)
            if whole and len(name) > len(whole.group()) + len(ending):
                rest = name[len(whole.group()):]
                kind = _kind_of(name, ending, self._ending_kind.get(ending, "other"))
                if self._is_role(rest):
                    continue
                if self.home is not None and self.home.level != "national":
                    found.append(Found(self.home.name + rest, start, end, kind, 0.7,
                                       f"“{name}” named in {self.home.name}", (name,)))
                else:
                    found.append(Found(name, start, end, kind, 0.5,
                                       f"“{name}”: one body of a place the text does not name"))
                continue
            if not named:
                continue
            kind = _kind_of(name, ending, self._ending_kind.get(ending, "other"))
            found.append(Found(name, start, end, kind, 0.85, f"name ends in {ending}; {why}"))
        return found

    def _continues(self, sentence: Sentence, sw: SentenceWords, last: int) -> bool:
        for index in range(last + 1, min(last + 4, len(sw.words))):
            if sw.tags[index] not in NOUN_POS:
                return False
            end = sw.ends[index + 1] - sentence.start
            if self._ending.search(sentence.text, max(0, end - 8), end):
                return True
        return False

    @staticmethod
    def doc_text(sentence: Sentence, start: int, end: int) -> str:
        return sentence.text[start - sentence.start:end - sentence.start]

    def _by_enumeration(self, text: str, sentence: Sentence, sw: SentenceWords) -> list[Found]:
        """Items of an enumeration of bodies: X、Y和Z等5家院所."""
        found = []
        for match in _ENUM.finditer(text):
            begin = max(text.rfind(c, 0, match.start()) for c in "，。；：,;:") + 1
            position = begin
            for item in _ITEM_SPLIT.split(text[begin:match.start()]):
                item_start = text.find(item, position)
                position = item_start + len(item)
                start, end = sentence.start + item_start, sentence.start + position
                first = sw.start_at.get(start)
                last = sw.end_at.get(end)
                if first is None or last is None:
                    continue
                first = phrase_start(sw, last, first)
                start = sw.ends[first]
                name = self.doc_text(sentence, start, end)
                if not 2 < len(name) <= MAX_NAME or "□" in name or "“" in name:
                    continue
                if self._ending.search(name) or name in self._known:
                    continue  # found by its ending or as a known body
                if name in self._role_labels or name in self.lexicon.generic_modifiers:
                    continue
                kind = "research_institute" if name.endswith(("院", "所")) else "other"
                found.append(Found(name, start, end, kind, 0.7,
                                   f"item of an enumeration of {match.group(1)}"))
        return found

    def set_up_by(self, doc: Document, masked: str, words: Words, named: list[Candidate],
                  defined: tuple[str, ...]) -> list[Candidate]:
        """Committees and management bodies a named body sets up or forms in the same clause
        (国家科学技术奖励委员会聘请…组成评审委员会和监督委员会; 市人民政府设立示范区管理机构, 示范区
        the short form the text defines): one body each, not a role, with low confidence."""
        found: list[Candidate] = []
        by_sentence: dict[int, list[Candidate]] = {}
        for body in named:
            by_sentence.setdefault(body.sentence.index, []).append(body)
        for index, bodies in by_sentence.items():
            sentence = doc.sentences[index]
            text = masked[sentence.start:sentence.end]
            for match in _SET_UP_BODY.finditer(text):
                start = sentence.start + match.start()
                clause = text[:match.start()]
                clause_start = max(clause.rfind(mark) for mark in "，。；：") + 1
                who = [b for b in bodies if sentence.start + clause_start <= b.span[0] and
                       b.span[1] <= start]
                if not who:
                    continue
                sw = words.of(sentence)
                for group in ("first", "second"):
                    what = match.group(group)
                    if not what:
                        continue
                    begin = sentence.start + match.start(group)
                    end = begin + len(what)
                    front = what[:-len(_ending_of(what))]
                    if not sw.on_boundaries(begin, end) or what in self._role_labels or (
                            what.endswith("管理机构") and front not in defined) or \
                            front in self.lexicon.generic_modifiers:
                        continue
                    found.append(Candidate(
                        type=INSTITUTION, name=what, sentence=sentence, confidence=0.5,
                        category="institution", fields={"kind": "committee" if what.endswith(
                            "委员会") else "government"},
                        notes=[f"a body {who[-1].name} sets up or forms"],
                        start=begin, end=end))
        return found

    def _candidate(self, item: Found, sentence: Sentence) -> Candidate:
        return Candidate(
            type=INSTITUTION, name=item.name, sentence=sentence, confidence=item.confidence,
            category="institution",
            fields={"kind": item.kind, **({"known_id": item.known_id} if item.known_id else {})},
            aliases=list(item.aliases),
            notes=[item.note], start=item.start, end=item.end, shared=item.shared,
        )


@dataclass(frozen=True)
class _Tables:
    """What every text's institution finder shares (built once per lexicon and vocabulary)."""

    ending: re.Pattern[str]
    endings: Literals
    ending_kind: dict[str, str]
    known: dict[str, KnownBody]
    known_words: Literals
    role_labels: frozenset[str]
    long_role_labels: frozenset[str]


@cache
def _tables(lexicon: Lexicon, roles: Vocabulary) -> _Tables:
    endings = sorted({e for e, _ in lexicon.endings}, key=len, reverse=True)
    known = {s: body for body in lexicon.bodies for s in (body.name, *body.short)}
    role_labels = frozenset(label for concept in roles.concepts.values()
                            for label in (concept.name, *concept.labels))
    return _Tables(
        ending=re.compile("(?:" + "|".join(map(re.escape, endings)) + ")$"),
        endings=Literals(endings), ending_kind=dict(lexicon.endings), known=known,
        known_words=Literals(known), role_labels=role_labels,
        long_role_labels=frozenset(label for label in role_labels
                               if len(label) >= 2 and label not in SINGLE_BODIES
                               and not label.startswith("、")))


@cache
def _body_record(places: Gazetteer, body_id: str) -> EntityRecord | None:
    """The gazetteer's record of a body, looked up once per id."""
    return places.body_record(body_id)


def departments_follow(sw: SentenceWords, end: int) -> bool:
    """Whether the words after `end` make a reference to a body's departments (…有关部门,
    …科学技术行政部门): then the body is not named as an actor itself."""
    index = sw.start_at.get(end)
    if index is None:
        return False
    for word, tag in zip(sw.words[index:index + 5], sw.tags[index:index + 5], strict=True):
        if word.endswith(("部门", "机构")):
            return True
        if tag not in NOUN_POS and word not in ("有关", "相关", "所属", "各"):
            return False
    return False


_SET_UP_BODY = re.compile(r"(?:设立|组成|成立|组建)"
                          r"(?P<first>[\u4e00-\u9fff]{2,10}?(?:委员会|管理机构))"
                          r"(?:和(?P<second>[\u4e00-\u9fff]{2,10}?委员会))?(?=[，。；,;]|负责|$)")
"""A body set up or formed: 组成评审委员会和监督委员会, 设立示范区管理机构."""


def _ending_of(name: str) -> str:
    return "管理机构" if name.endswith("管理机构") else "委员会"


def _sentence_at(doc: Document, offset: int) -> Sentence | None:
    return next((s for s in doc.sentences if s.start <= offset < s.end), None)
