"""Programmes, funds, prizes, platforms, parks and zones that a text names: one specific thing,
not a category (国家自然科学基金, 国家最高科学技术奖, 中关村国家自主创新示范区, 张江科学城; not
高新技术产业开发区 in general, not 重点实验室).

A name counts when it is quoted (“探索者计划”), when a place, the state or a proper noun stands in
front of its ending (中关村国家自主创新示范区, 杭州市重大科技创新资金, 国家自然科学奖), when the
text puts it in a list of such things (张江科学城、大零号湾等…承载区), or, for 本市/本省/全市, when
the jurisdiction tells which one it is (本市公共信用信息平台 in Shanghai). Zones and special
areas are pilots (Pilot), the rest programmes (Programme).
"""

from __future__ import annotations

import re
from functools import cache

from govkg.extract.candidates import Candidate
from govkg.extract.lexicon import Lexicon
from govkg.extract.literals import Literals, Match
from govkg.extract.sections import Document, Sentence
from govkg.extract.tokens import (
    NOUN_POS,
    SentenceWords,
    Token,
    Words,
    ends_with_any,
    phrase_start,
)
from govkg.loaders.laws import local_region
from govkg.ontology.terms import MECHANISM, PILOT, PROGRAMME
from govkg.ontology.vocabulary import Gazetteer, Region

QUOTED = re.compile(r"[“\"]([^“”\"\n]{2,20})[”\"]")
ENDINGS = ("奖", "基金", "资金", "计划", "专项", "工程", "示范区", "开发区", "试验区", "先行区",
           "新片区", "片区", "特区", "园", "园区", "科学城", "科技城", "城", "走廊", "平台", "系统",
           "数据库", "共同体", "基地", "聚集区", "经济区", "承载区", "湾", "新区", "指数")
PILOT_ENDINGS = ("特区", "试验区", "先行区", "示范区", "试验", "新片区", "片区", "开发区", "园区",
                 "经济区", "聚集区", "科学城", "科技城", "走廊", "园", "城", "承载区", "湾", "新区")
ZONE_ENDINGS = ("开发区", "示范区", "试验区", "园区", "新区", "高新区")
"""A region with one of these in front names one zone (北京经济技术开发区), not a kind."""
NAME_POS = frozenset({"ns", "nr", "nrt", "nrfg", "nt"})
_QUOTED_ENDINGS = (*ENDINGS, "周", "行动", "基金项目", "试验", "谷")
_MECHANISM_ENDINGS = ("机制", "制度", "制")
_NATIONAL = ("中华人民共和国", "全国", "国家", "中国")
_WHOLE_PLACE = ("本市", "本省", "全市", "全省")
_GENERIC_FUNDS = frozenset({"财政", "政府", "专项", "财政专项", "科技", "科研", "发展", "财政性",
                            "地方", "各级", "本级"})
"""Words before 资金, 基金, 专项 that name a kind of money, not one fund (北京市财政资金)."""
_KINDS = ("各类", "各种", "多种", "各级", "其他", "有关", "相关")
"""Words after 等 that make a list one of kinds, not of named things."""
_ENDING = re.compile("(?:" + "|".join(sorted(ENDINGS, key=len, reverse=True)) + ")$")
_ENDING_WORDS = Literals([*ENDINGS, "周", "行动", "试验"])
"""Endings of programmes and of quoted names: a sentence without one names none."""
_LIST = re.compile(r"等(?P<head>[^，。；：、等]{0,40}?(?:" + "|".join(
    sorted(ENDINGS, key=len, reverse=True)) + "))")
_ITEM = re.compile(r"、|以及|及")
_INNER_ZONE = re.compile(r"在(?P<zone>[\u4e00-\u9fff]{2,12}?)(?:内)?(?:设立|建设|设置|划定)"
                         r"(?P<what>[\u4e00-\u9fff]{1,6}?区)(?=[，。；,;]|$)")
"""在示范区设立核心区: a zone set up inside a named zone."""
_TITLE_OF_FUND = re.compile(r"^(?P<what>[^《》]{4,24}?(?:资金|基金|专项|计划|奖))(?:项目)?"
                            r"(?:管理|实施|使用|评审)?(?:暂行)?(?:办法|细则|规定|规程)"
                            r"(?:（试行）|\(试行\))?$")
"""The title of a fund's or a programme's own rules (…资金管理办法)."""
_LISTED = re.compile("(?:" + "|".join(sorted(ENDINGS, key=len, reverse=True))
                     + ")(?:、|及|以及|和|等)")
"""A name of a programme followed by a separator: a sentence without one holds no list."""


@cache
def _tables(lexicon: Lexicon, role_labels: frozenset[str]
            ) -> tuple[tuple[str, ...], frozenset[str], re.Pattern[str]]:
    """Known bodies (longest first), long role labels and a pattern of them (built once)."""
    bodies = tuple(sorted({s for body in lexicon.bodies for s in (body.name, *body.short)},
                          key=len, reverse=True))
    long_labels = frozenset(label for label in role_labels if len(label) >= 4)
    inside = re.compile("|".join(map(re.escape, sorted(long_labels, key=len, reverse=True))))
    return bodies, long_labels, inside


_SET_UP = re.compile(r"(?<![县区、和])(?P<who>本市|本省|市|省)人民政府(?:可以|应当|依法)?设立的?"
                     r"(?P<what>[^，。；、等和]{2,14}?(?:奖|基金|专项资金|资金))(?![^，。；]{0,2}项目)")
"""The government of the text's own place sets up a prize or a fund."""


def scheme_type(name: str) -> str:
    return PILOT if name.endswith(PILOT_ENDINGS) else PROGRAMME


class ProgrammeFinder:
    """Finds the programmes and zones of one document."""

    def __init__(self, lexicon: Lexicon, role_labels: frozenset[str],
                 instrument_labels: frozenset[str], places: Gazetteer,
                 home: Region | None) -> None:
        self.lexicon = lexicon
        self.role_labels = role_labels
        self.instrument_labels = instrument_labels
        self.places = places
        self.home = home
        self.bodies, self._long_role_labels, self._role_inside = _tables(lexicon, role_labels)
        self.defined: tuple[str, ...] = ()
        self._known = {form: known.name for known in lexicon.programmes
                       for form in (known.name, *known.synonyms)}
        self._known_words = _known_words(lexicon)

    def find(self, doc: Document, masked: str, words: Words, skip_before: int = 0,
             defined: tuple[str, ...] = ()) -> list[Candidate]:
        """`defined`: short forms the text defines (以下简称“示范区”); a name that starts with
        one is named (示范区发展专项资金)."""
        self.defined = tuple(sorted((d for d in defined if len(d) >= 2), key=len, reverse=True))
        found: list[Candidate] = []
        endings = _ENDING_WORDS.by_sentence(doc, masked, skip_before)
        known = self._known_words.by_sentence(doc, masked, skip_before)
        for index, matches in known.items():
            found += self._well_known(doc.sentences[index], words.of(doc.sentences[index]),
                                      matches)
        for sentence in doc.sentences:
            here = endings.get(sentence.index)
            if here is None or sentence.start < skip_before:
                continue
            text = masked[sentence.start:sentence.end]
            sw = words.of(sentence)
            if "“" in text or '"' in text:
                found += self._quoted(sentence, text, sw)
            named = self._named(sentence, text, sw, here)
            if "设立" in text:
                named += self._set_up(sentence, text, sw, {(c.start, c.end) for c in named})
            found += named
            found += self._listed(sentence, text, sw, named)
            if "在" in text and self.defined:
                found += self._inner_zones(sentence, text, sw)
        return found

    def _well_known(self, sentence: Sentence, sw: SentenceWords, matches: list[Match]
                    ) -> list[Candidate]:
        """创业板, 代办股份转让系统: well-known markets and programmes of the lexicon, on word
        boundaries."""
        found = []
        for written, start, end in matches:
            if not sw.on_boundaries(start, end):
                continue
            name = self._known[written]
            found.append(Candidate(type=PROGRAMME, name=name, sentence=sentence,
                                   confidence=0.7, category="programme",
                                   aliases=[written] if written != name else [],
                                   notes=["a well-known market or programme (lexicon)"],
                                   start=start, end=end))
        return found

    def in_titles(self, policies: list[Candidate], words: Words) -> list[Candidate]:
        """A fund or programme whose own rules a title names (《上海市中央引导地方科技发展资金
        管理办法》 → 中央引导地方科技发展资金): one specific thing, with low confidence."""
        found = []
        for policy in policies:
            match = _TITLE_OF_FUND.match(policy.name)
            if match is None:
                continue
            what = match.group("what")
            rest, front = self._rest(what)
            ending = _ENDING.search(what)
            if ending is None or not rest or rest in self.instrument_labels or \
                    rest in self.role_labels or not self._specific(
                        rest, ending.group(), front if front in _WHOLE_PLACE else None):
                continue
            start = policy.start + match.start("what")
            end = start + len(what)
            if policy.sentence.text[start - policy.sentence.start:
                                    end - policy.sentence.start] != what or \
                    not words.of(policy.sentence).on_boundaries(start, end):
                continue
            found.append(Candidate(type=scheme_type(what), name=what, sentence=policy.sentence,
                                   confidence=0.6, category="programme",
                                   aliases=[rest] if front and rest != what else [],
                                   notes=[f"its rules are the policy 《{policy.name}》"],
                                   start=start, end=end))
        return found

    def _inner_zones(self, sentence: Sentence, text: str, sw: SentenceWords
                     ) -> list[Candidate]:
        """A zone set up inside a zone the text names by a defined short form (在示范区设立核心区,
        在示范区建设人才特区): one specific area of that zone, with low confidence."""
        found = []
        for match in _INNER_ZONE.finditer(text):
            if match.group("zone") not in self.defined:
                continue
            start = sentence.start + match.start("what")
            end = sentence.start + match.end("what")
            if not sw.on_boundaries(start, end) or "□" in match.group("what"):
                continue
            found.append(Candidate(type=PILOT, name=match.group("what"), sentence=sentence,
                                   confidence=0.5, category="programme",
                                   notes=[f"a zone set up in {match.group('zone')}"],
                                   start=start, end=end))
        return found

    # ------------------------------------------------------------------ quoted terms

    def _quoted(self, sentence: Sentence, text: str, sw: SentenceWords) -> list[Candidate]:
        found = []
        for match in QUOTED.finditer(text):
            term = match.group(1)
            start, end = sentence.start + match.start(1), sentence.start + match.end(1)
            follows = text[match.end():match.end() + 2]
            if term.endswith(_QUOTED_ENDINGS):
                kind, category = scheme_type(term), "programme"
            elif follows.startswith("平台"):
                kind, category = PROGRAMME, "programme"
            elif term.endswith(_MECHANISM_ENDINGS) and len(term) >= 3:
                kind, category = MECHANISM, "mechanism"
            else:
                continue
            if term in self.role_labels or term in self.lexicon.generic_modifiers:
                continue
            found.append(Candidate(type=kind, name=term, sentence=sentence, confidence=0.85,
                                   category=category, notes=["quoted term"], start=start,
                                   end=end))
        return found

    # ------------------------------------------------------------------ named by their ending

    def _rest(self, name: str) -> tuple[str, str | None]:
        """The name without the place or the state in front, and what was in front."""
        for national in _NATIONAL:
            if name.startswith(national):
                return name[len(national):], national
        region = self.places.at_start(name)
        if region is not None:
            written = next(n for n in (region.name, *region.short) if name.startswith(n))
            return name[len(written):], region.name
        for place in _WHOLE_PLACE:
            if name.startswith(place):
                return name[len(place):], place
        for body in (*self.bodies, *self.defined):
            if name.startswith(body) and len(name) > len(body):
                return name[len(body):], body
        return name, None

    def _specific(self, rest: str, ending: str, front: str | None) -> bool:
        """Whether `rest` (the name after its place) names one thing, not a kind."""
        if not rest or rest == ending or rest[0] in "一二三四五六七八九十0123456789":
            return False
        zone = front is not None and front not in _NATIONAL and rest.endswith(ZONE_ENDINGS)
        whole = (front or "") + rest
        if not zone and front not in _WHOLE_PLACE and (
                rest in self.role_labels or self._role_inside.search(whole)):
            return False
        if rest.endswith(("部门", "机构", "单位", "企业", "中心")):
            return False
        bare = rest[: len(rest) - len(ending)]
        return bool(bare) and bare not in self.lexicon.generic_modifiers and \
            bare not in _GENERIC_FUNDS

    def _named(self, sentence: Sentence, text: str, sw: SentenceWords, matches: list[Match]
               ) -> list[Candidate]:
        found = []
        for ending, _, ending_end in matches:
            last_index = sw.end_at.get(ending_end)
            if last_index is None:
                continue
            last = last_index
            local = ending_end - sentence.start
            if self._continues(sw, last, text, sentence.start):
                continue
            first = self._joined_to_defined(sw, phrase_start(sw, last))
            start = sw.ends[first]
            name = text[start - sentence.start:local]
            if not 3 <= len(name) <= 24 or "□" in name:
                continue
            candidate = self._judge(name, ending, sw.slice(first, last + 1), sentence,
                                    start, ending_end)
            if candidate is not None:
                found.append(candidate)
        return found

    def _joined_to_defined(self, sw: SentenceWords, first: int) -> int:
        """示范区科技创新和|产业化促进中心服务平台: a phrase joined by 和 to one that starts
        with a short form the text defines is one name from that short form."""
        words = sw.words
        if first < 2 or words[first - 1] not in ("和", "与") or not self.defined:
            return first
        before = phrase_start(sw, first - 2)
        return before if words[before] in self.defined else first

    def _set_up(self, sentence: Sentence, text: str, sw: SentenceWords,
                known: set[tuple[int, int]]) -> list[Candidate]:
        """A prize or fund one government sets up (市人民政府设立自然科学基金) is that
        region's: 上海市自然科学基金, with a low confidence."""
        found = []
        for match in _SET_UP.finditer(text):
            region = local_region(match.group("who"), self.home, self.places) \
                if self.home is not None else None
            start, end = sentence.start + match.start("what"), sentence.start + match.end("what")
            what = match.group("what")
            if region is None or (start, end) in known or not sw.on_boundaries(start, end) \
                    or _ENDING.sub("", what) in _GENERIC_FUNDS or self._role_inside.search(what):
                continue
            name = what if what.startswith((region.name, *region.short)) else region.name + what
            found.append(Candidate(type=scheme_type(name), name=name, sentence=sentence,
                                   confidence=0.6, category="programme", aliases=[what],
                                   notes=[f"set up by the {match.group('who')}人民政府 of "
                                          f"{region.name}"], start=start, end=end))
        return found

    @staticmethod
    def _continues(sw: SentenceWords, last: int, text: str, base: int) -> bool:
        """Whether the name goes on past this ending (粤港澳大湾|区), or the words after it
        make a body or a role (国务院自然科学基金|管理机构)."""
        words, tags = sw.words, sw.tags
        if last + 1 >= len(words):
            return False
        if len(words[last + 1]) == 1 and words[last + 1] in "区园城港湾":
            return True
        for index in range(last + 1, min(last + 4, len(words))):
            if tags[index] not in NOUN_POS:
                return False
            if words[index].endswith(("机构", "部门", "单位", "委员会", "中心")) or \
                    _ENDING.search(text, 0, sw.ends[index + 1] - base) is not None:
                return True
        return False

    def _judge(self, name: str, ending: str, tokens: list[Token], sentence: Sentence,
               start: int, end: int) -> Candidate | None:
        rest, front = self._rest(name)
        if not self._specific(rest, ending, front):
            return None
        first = tokens[0]
        aliases: list[str] = []
        if front in _WHOLE_PLACE:
            if self.home is None or self.home.level == "national":
                return None
            short = self.home.short[0] if self.home.short else self.home.name
            resolved = (short if rest.startswith("国家") else self.home.name) + rest
            aliases, name, why = [name], resolved, f"{front} read as {self.home.name}"
            confidence = 0.6
        elif front is not None:
            why, confidence = f"{front} in front", 0.8
        elif first.pos in NAME_POS and len(first.word) >= 2 and \
                first.word not in self.lexicon.generic_modifiers:
            why, confidence = f"proper noun {first.word} in front", 0.7
        else:
            return None
        return Candidate(type=scheme_type(name), name=name, sentence=sentence,
                         confidence=confidence, category="programme", aliases=aliases,
                         notes=[f"named {ending}: {why}"], start=start, end=end)

    # ------------------------------------------------------------------ lists of named things

    def _listed(self, sentence: Sentence, text: str, sw: SentenceWords,
                named: list[Candidate]) -> list[Candidate]:
        """Items of X、Y等<zones or funds> (张江科学城、大零号湾等…承载区), and the other items of
        a list two of whose items are named zones (海淀园、丰台园、电子城…): each item must end
        like a programme or zone."""
        found: list[Candidate] = []
        spans = {(c.start, c.end) for c in named}
        if not _LISTED.search(text):
            return found
        for clause_start, clause in _clauses(text):
            if "、" not in clause and "及" not in clause and "和" not in clause:
                continue
            for items in self._runs(clause, clause_start, sentence, sw):
                if len(items) < 2:
                    continue
                listed = _LIST.match(clause, items[-1][1])
                of_kind = listed is not None and not listed.group("head").startswith(_KINDS)
                known = sum(1 for _, _, start, end in items if (start, end) in spans)
                if not of_kind and known < 2:
                    continue
                head = listed.group("head") if of_kind and listed else ""
                good = [item for item in items if self._plausible(item[0]) and
                        not (len(head) >= 4 and item[0].endswith(head))]
                if len(good) * 2 < len(items) + 1:
                    continue
                for name, _, start, end in good:
                    if (start, end) in spans:
                        continue
                    why = f"listed before 等{listed.group('head')}" if of_kind and listed \
                        else "listed with named zones"
                    found.append(Candidate(type=scheme_type(name), name=name,
                                           sentence=sentence, confidence=0.55,
                                           category="programme",
                                           notes=[f"item of a list: {why}"], start=start,
                                           end=end))
        return found

    def _runs(self, clause: str, clause_start: int, sentence: Sentence, sw: SentenceWords
              ) -> list[list[tuple[str, int, int, int]]]:
        """The lists of a clause (before its first 等): runs of items separated by 、, 及 or
        以及 (和 only between two items that end like programmes), each (name, end in the
        clause, start, end) cut on word boundaries; words in front of a run's first item
        (推进张江科学城) are left out, and an item with words in front starts a new run."""
        stop = clause.find("等")
        body = clause if stop < 0 else clause[:stop]
        runs: list[list[tuple[str, int, int, int]]] = [[]]
        for number, (local, piece) in enumerate(_pieces(body)):
            start = sentence.start + clause_start + local
            end = start + len(piece)
            last = sw.end_at.get(end)
            if last is None or start not in sw.start_at or (number and "的" in piece) or \
                    len(piece) > 40 or (number and any(
                        t.pos in ("p", "u", "uj") for t in
                        sw.tokens[sw.start_at[start]:last + 1])):
                runs.append([])
                continue
            if number == 0:
                first = phrase_start(sw, last, sw.start_at[start])
                start = sw.ends[first]
                piece = sentence.text[start - sentence.start:end - sentence.start]
            runs[-1].append((piece, end - sentence.start - clause_start, start, end))
        return [run for run in runs if run]

    def _plausible(self, name: str) -> bool:
        if not 2 < len(name) <= 20 or "□" in name or "的" in name or not name.endswith(ENDINGS):
            return False
        if name in self.role_labels or name in self.instrument_labels:
            return False
        bare = _ENDING.sub("", name)
        if bare in self.role_labels or ends_with_any(name, self._long_role_labels, 4):
            return False
        return not name.endswith(("部门", "机构", "单位", "企业", "人员", "制度", "机制"))


@cache
def _known_words(lexicon: Lexicon) -> Literals:
    return Literals(form for known in lexicon.programmes for form in (known.name, *known.synonyms))


def _pieces(body: str) -> list[tuple[int, str]]:
    """(offset, text) of the items of a list: split at 、, 以及, 及, and at 和 when both sides
    end like programmes (科技产业投资基金和绿色产业投资基金, not 雍和园)."""
    out = []
    position = 0
    for piece in _ITEM.split(body):
        local = body.find(piece, position)
        position = local + len(piece)
        left, _, right = piece.rpartition("和")
        if left and right and left.endswith(ENDINGS) and right.endswith(ENDINGS):
            out += [(local, left), (local + len(left) + 1, right)]
        else:
            out.append((local, piece))
    return out


def _clauses(text: str) -> list[tuple[int, str]]:
    out = []
    start = 0
    for match in re.finditer(r"[，。；：,;:]", text):
        out.append((start, text[start:match.start()]))
        start = match.end()
    out.append((start, text[start:]))
    return out
