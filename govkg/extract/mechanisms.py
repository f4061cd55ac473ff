"""Mechanisms and instruments of funding and management: the concepts of the instruments
vocabulary (govkg/ontology/vocabulary/instruments.yaml) and of the extractor's lexicon with the
spellings texts use (后补助, 贷款贴息, 知识产权质押, 揭榜挂帅, 经费“包干制”), and the systems a text
sets up by name (建立科技决策责任追究制度: a noun phrase ending in 制度, 机制, 体系, 责任制).

A mention counts only on word boundaries. One candidate per concept: its name is the concept's
standard phrase, its aliases how this text writes it (the label, and the whole noun phrase
around the label: 知识产权质押 → 知识产权质押贷款).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from govkg.extract.candidates import Candidate
from govkg.extract.lexicon import Lexicon
from govkg.extract.literals import Literals, Match
from govkg.extract.sections import Document, Sentence
from govkg.extract.tokens import (
    BOUNDARY_WORDS,
    INNER_VERBS,
    NOUN_POS,
    SentenceWords,
    Words,
    cut_verb,
    leading_verb,
    phrase_start,
)
from govkg.ontology.terms import MECHANISM
from govkg.ontology.vocabulary import Vocabulary

SYSTEM_ENDINGS = ("制度", "机制", "体系", "责任制")
"""Nouns that end the name of a system a text sets up."""
_SYSTEMS = Literals(SYSTEM_ENDINGS)
_SYSTEM_HEADS = (*SYSTEM_ENDINGS, "体制")
_GENERIC_SYSTEMS = frozenset({"制度", "机制", "体系", "管理制度", "工作机制", "责任制", "体制",
                              "运行机制", "管理体制", "服务体系", "创新体系", "政策体系",
                              "规章制度", "各项制度", "相关制度", "有关制度", "工作制度",
                              "交流机制", "管理机制", "体制机制", "制度机制", "机制和制度"})
_BROAD_ENDINGS = ("体制机制", "创新体系", "治理体系", "用户体系")
"""Systems too broad to be one mechanism (科技治理体系, 区域科学技术创新体系)."""
_PLACE_WORDS = re.compile(r"^(?:本行政区域|本市|本省|全市|全省|辖区|各级|市|省|县|区|方面)")
_QUOTES = re.compile("[“”\"]")
_PLACES = frozenset({"国内外", "境内外", "本市", "本省", "全市", "全省", "国内", "国外"})
_SETTING_UP = frozenset({"建立", "健全", "完善", "建立健全", "实行", "推行", "构建", "形成",
                         "探索", "落实", "执行", "改革"})
"""Verbs that set a system up: 建立X制度 names the system X制度 whatever X is made of."""
_CLAUSE_ENDS = frozenset({"，", "。", "；", "：", ",", ";", ":", "（", "）", "(", ")", "“", "”"})
_GOVERNED_LONGEST = 24
_SPLIT_VERBS = frozenset({"认定", "登记", "评审", "评价", "审查", "考核", "备案", "审核"})
"""Verbs that end a label made of an object and its verb (高新技术企业|认定)."""
_CARRIERS = ("机构", "平台", "基地", "孵化器", "中心", "企业", "单位", "人才", "人员")
"""Nouns that make a phrase around a label a kind of actor (孵化机构), not the instrument."""
_KIND_MODIFIERS = frozenset({"补充"})
"""Verbs that make a kind of instrument when right before its head (补充医疗保险)."""
_HOLDERS = ("人员", "人才", "企业", "单位", "机构", "职工")
"""Who holds or issues an instrument, written before its name (关键研发人员团体健康保险)."""
_LIST_SEPARATORS = frozenset({"、", "和", "或者", "以及", "及", "或"})
_AREA_HEADS = ("方面", "内容", "领域", "原则", "组织", "机制", "环节", "要素")
"""Nouns after a list that make its items areas of something (…等方面)."""
_LIST_TAILS = frozenset({"等", "方式", "形式", "等方式", "措施", "手段"})
_ACTOR_ENDINGS = ("人员", "人才", "者", "人", "团队", "中心", "院", "所", "校", "部门", "政府",
                  "平台", "基地", "园区", "市场", "行业", "领域", "产业", "技术", "产品", "成果",
                  "项目", "规定", "依据", "原则", "重点", "骨干", "实体", "奖")
_WORD_ENDS = frozenset({"政策", "制度", "机制", "业务", "方式", "资金", "基金", "项目", "体系",
                        "工作", "服务", "活动", "措施", "产品", "办法"})
"""What may follow a label inside one word (优惠|政策)."""


@dataclass(frozen=True)
class Form:
    """A spelling of a concept: the concept's standard name, English name and id."""

    name: str
    name_en: str
    concept_id: str | None


class MechanismFinder:
    """Finds mechanisms in one document."""

    def __init__(self, lexicon: Lexicon, instruments: Vocabulary,
                 role_labels: frozenset[str] = frozenset()) -> None:
        self.lexicon = lexicon
        self.role_labels = role_labels
        forms: dict[str, Form] = {}
        for concept in lexicon.mechanisms:
            for form in (concept.name, *concept.synonyms):
                forms.setdefault(form, Form(concept.name, concept.name_en, None))
        for vocab in instruments.concepts.values():
            for form in (vocab.name, *vocab.labels):
                forms.setdefault(form, Form(vocab.name, vocab.name_en, vocab.id))
        self.forms = forms
        self._body_endings = tuple(ending for ending, _ in lexicon.endings)
        self._heads = Literals(lexicon.instrument_heads)
        self._forms = Literals(forms)
        apart = [(form[:-2], form[-2:]) for form in forms
                 if len(form) >= 6 and form[-2:] in _SPLIT_VERBS]
        self._split_labels = re.compile(
            "(?P<object>" + "|".join(sorted({re.escape(o) for o, _ in apart}, key=len,
                                             reverse=True)) +
            ")(?:进行|的(?:[\u4e00-\u9fff]{2}和)?)(?P<verb>" +
            "|".join(sorted({v for _, v in apart})) + ")") if apart else re.compile("(?!)")
        spellings: dict[str, list[str]] = {}
        for form, spelt in forms.items():
            spellings.setdefault(spelt.name, []).append(form)
        self._spellings = spellings
        """Every spelling of a concept, by its standard name."""

    def find(self, doc: Document, masked: str, words: Words,
             taken: list[tuple[int, int]], skip_before: int = 0,
             programmes: list[tuple[int, int]] | None = None) -> list[Candidate]:
        """Concept mentions and named systems; `taken` spans (names of other kinds) are
        skipped, and `programmes` (named programmes, funds, databases) are not proposed again
        as kinds of instruments."""
        found: list[Candidate] = []
        starts = [sentence.start for sentence in doc.sentences]
        taken_in: dict[int, list[tuple[int, int]]] = {}
        for span in taken:
            taken_in.setdefault(bisect_right(starts, span[0]) - 1, []).append(span)
        named_in: dict[int, list[tuple[int, int]]] = {}
        for span in programmes or []:
            named_in.setdefault(bisect_right(starts, span[0]) - 1, []).append(span)
        forms = self._forms.by_sentence(doc, masked, skip_before)
        systems = _SYSTEMS.by_sentence(doc, masked, skip_before)
        heads = self._heads.by_sentence(doc, masked, skip_before)
        for sentence in doc.sentences:
            here, named = forms.get(sentence.index, []), systems.get(sentence.index, [])
            kinds = heads.get(sentence.index, [])
            if (not here and not named and not kinds) or sentence.start < skip_before:
                continue
            text = masked[sentence.start:sentence.end]
            sw = words.of(sentence)
            spans = taken_in.get(sentence.index, [])
            concepts = self._concepts(sentence, sw, spans, here)
            systems_here = self._systems(sentence, text, sw, spans, concepts, named) \
                if named else []
            found += concepts + systems_here
            found += self._siblings(sentence, sw, spans, concepts + systems_here)
            if kinds:
                found += self._kinds(sentence, sw, spans + named_in.get(sentence.index, []),
                                     concepts + systems_here, kinds)
        return found + self._split(doc, masked, words, starts, skip_before)

    def _split(self, doc: Document, masked: str, words: Words, starts: list[int],
               skip_before: int) -> list[Candidate]:
        """A label made of an object and its verb, written apart (对高新技术企业进行认定,
        高新技术企业的培育和认定 for 高新技术企业认定): the concept, the words as an alias."""
        found = []
        for match in self._split_labels.finditer(masked, skip_before):
            sentence = doc.sentences[bisect_right(starts, match.start()) - 1]
            if match.end() > sentence.end:
                continue
            form = self.forms.get(match.group("object") + match.group("verb"))
            if form is None:
                continue  # an object of one label and the verb of another
            sw = words.of(sentence)
            if not sw.on_boundaries(match.start(), match.end()):
                continue
            fields: dict[str, object] = {"name_en": form.name_en} if form.name_en else {}
            if form.concept_id:
                fields["concept"] = fields["known_id"] = form.concept_id
            found.append(Candidate(
                type=MECHANISM, name=form.name, sentence=sentence, confidence=0.7,
                category="mechanism", fields=fields, aliases=[match.group()],
                notes=[f"concept {form.name}, object and verb written apart"],
                start=match.start(), end=match.end()))
        return found

    def _kinds(self, sentence: Sentence, sw: SentenceWords, taken: list[tuple[int, int]],
               known: list[Candidate], matches: list[Match]) -> list[Candidate]:
        """营业中断保险, 自主创新产品目录, 年薪制: a noun phrase ending in the head noun of a kind
        of instrument, proposed with low confidence (the head alone, 有关政策, 体制 say
        nothing)."""
        words, tags = sw.words, sw.tags
        spans = [(c.start, c.end) for c in known] + taken
        found: list[Candidate] = []
        not_kinds = self.lexicon.instrument_heads_not
        broad = tuple(n for n in not_kinds if len(n) >= 4)
        for head, _, head_end in matches:
            last = sw.end_at.get(head_end)
            if last is None or tags[last] not in NOUN_POS or \
                    (words[last] in not_kinds and len(words[last]) > len(head)) or \
                    (last + 1 < len(words) and tags[last + 1] in NOUN_POS):
                continue
            if len(head) == 1 and (len(words[last]) < 3 or words[last][-2:] in not_kinds):
                continue
            first = phrase_start(sw, last)
            if first == last and last >= 2 and words[last] == head and \
                    tags[last - 1] == "v" and len(words[last - 1]) == 2 and \
                    tags[last - 2] in NOUN_POS and not cut_verb(words[last - 1]):
                first = phrase_start(sw, last - 2)  # 创新产品|推荐|目录: object, verb, head
            if first == last and len(words[last]) <= len(head) + 1 and last > 0 and \
                    tags[last - 1] in ("t", "b", "a") and len(words[last - 1]) == 2:
                first = last - 1  # 中期|票据, 短期|融资券
            actor = max((i for i in range(first, last - 1) if words[i].endswith("部门")),
                        default=None)
            if actor is not None:
                first = actor + 1  # 部门|编制|…目录: who makes it is not part of its name
            while first < last and (_PLACE_WORDS.fullmatch(words[first]) or (
                    leading_verb(words[first], tags[first]) and not (
                        words[first] in self.lexicon.generic_modifiers and
                        tags[first + 1] in NOUN_POS))):
                first += 1  # 编制|创新产品推荐目录: 创新 before a noun makes the name
            if last - 2 <= first - 1 and first > 0 and words[first - 1] in _KIND_MODIFIERS:
                first -= 1  # 补充|医疗保险, 补充|商业|养老保险: a kind, not a verb before it
            start, end = sw.ends[first], head_end
            name = sentence.text[start - sentence.start:end - sentence.start]
            if len(name) < 3 or (name == head and (len(head) < 3 or head in not_kinds)) or \
                    name.endswith(broad) or "□" in name or \
                    _inside(start, end, spans) or (first < last and all(
                        w in self.lexicon.generic_modifiers for w in words[first:last])) or \
                    self._actor(name):
                continue
            inner = [c for c in known if start <= c.start and c.end <= end]
            if inner:  # …税收优惠政策: a spelling of the concept inside, not a kind of its own
                if name not in inner[-1].aliases and name != inner[-1].name:
                    inner[-1].aliases.append(name)
                continue
            if head in self.lexicon.instrument_heads_weak:
                continue  # 分配政策, 体制改革: too seldom a kind of instrument
            spans.append((start, end))
            shorter = sentence.text[sw.ends[first + 1] - sentence.start:end - sentence.start]
            aliases = [shorter] if first + 1 < last and len(shorter) >= 4 else []
            holder = max((i for i in range(first, last) if words[i].endswith(_HOLDERS)),
                         default=None)
            if holder is not None and sw.ends[holder + 1] < head_end - len(head) - 1:
                # 关键研发人员|团体健康保险: also without who holds it
                aliases.append(sentence.text[sw.ends[holder + 1] - sentence.start:
                                             end - sentence.start])
            found.append(Candidate(
                type=MECHANISM, name=name, sentence=sentence, confidence=0.5,
                category="mechanism", notes=[f"a kind of instrument (ends in {head})"],
                aliases=list(dict.fromkeys(aliases)),
                start=start, end=end))
        return found

    def _siblings(self, sentence: Sentence, sw: SentenceWords, taken: list[tuple[int, int]],
                  known: list[Candidate]) -> list[Candidate]:
        """The other items of a list a mechanism stands in (采取知识产权入股、科技成果折股、收益分成
        或者股权奖励等方式): things of the same kind, proposed with low confidence."""
        words, tags = sw.words, sw.tags
        spans = {(c.start, c.end) for c in known}
        wholes = [(sentence.start + at, sentence.start + at + len(alias))
                  for c in known for alias in c.aliases if len(alias) > 6 and
                  (at := sentence.text.find(alias)) >= 0]
        found: list[Candidate] = []
        seen: set[int] = set()
        for candidate in known:
            if "concept" not in candidate.fields:
                continue  # only a vocabulary concept says what kind the list is of
            first, last = sw.start_at.get(candidate.start), sw.end_at.get(candidate.end)
            if first is None or last is None or first in seen or not (
                    (first > 0 and words[first - 1] in _LIST_SEPARATORS) or
                    (last + 1 < len(words) and (words[last + 1] in _LIST_SEPARATORS or
                                                words[last + 1] in _LIST_TAILS))):
                continue  # not an item of a list
            items = _list_items(words, first, last)
            if not items or not any(words[stop + 1] == "、" or words[begin - 1] == "、"
                                    for begin, stop in items if begin > 0 and
                                    stop + 1 < len(words)):
                continue  # a pair joined by 和 says less than a list
            if _of_areas(words, max(first, *(begin for begin, _ in items))):
                continue  # 科学研究、…、成果转化等…合作交流机制: fields of a thing, not kinds
            owner = candidate.name
            for begin, stop in items:
                seen.add(begin)
                while stop > begin and words[stop] in _LIST_TAILS:
                    stop -= 1
                if tags[stop] not in NOUN_POS and words[stop] not in INNER_VERBS:
                    continue
                begin = max(begin, phrase_start(sw, stop, begin))
                start, end = sw.ends[begin], sw.ends[stop + 1]
                name = sentence.text[start - sentence.start:end - sentence.start]
                if (start, end) in spans or not 4 <= len(name) <= 12 or \
                        _inside(start, end, taken) or self._actor(name) or \
                        _inside(start, end, wholes) or \
                        name in self.forms or any(ch.isdigit() for ch in name):
                    continue
                spans.add((start, end))
                found.append(Candidate(
                    type=MECHANISM, name=name, sentence=sentence, confidence=0.4,
                    category="mechanism", notes=[f"listed beside {owner}"],
                    start=start, end=end))
        return found

    def _actor(self, name: str) -> bool:
        """An actor or a category of actors (企业, 科研机构), not an instrument."""
        return name in self.role_labels or name.endswith(self.lexicon.generic_endings) or \
            name.endswith(_ACTOR_ENDINGS) or name.endswith(self._body_endings)

    def _concepts(self, sentence: Sentence, sw: SentenceWords, taken: list[tuple[int, int]],
                  matches: list[Match]) -> list[Candidate]:
        found = []
        for written, start, end in matches:
            if start not in sw.start_at:
                word_start = self._word_start(sw, start, end)
                if word_start is None:
                    continue
                start = word_start
            if end not in sw.end_at:
                word_end = self._word_end(sw, end)
                if word_end is None:
                    continue
                end = word_end
            if _inside(start, end, taken):
                continue
            form = self.forms[written]
            as_written = _QUOTES.sub("", sentence.text[start - sentence.start:
                                                       end - sentence.start])
            longer = self._longer_spelling(sentence, sw, form.name, start, end)
            if longer:
                written = longer  # 给予|表彰和奖励: a longer label that starts inside this one
            phrases = self._phrases(sentence, sw, start, end)
            if phrases and phrases[-1].endswith(_CARRIERS) and \
                    not written.endswith(_CARRIERS):
                continue  # 科技企业孵化机构, 公共服务平台: the carriers, actors of a role
            aliases = [a for a in dict.fromkeys((written, as_written, *phrases))
                       if a and a != form.name]
            fields: dict[str, object] = {"name_en": form.name_en} if form.name_en else {}
            if form.concept_id:
                fields["concept"] = fields["known_id"] = form.concept_id
            where = f"instruments vocabulary {form.concept_id}" if form.concept_id else \
                "mechanism lexicon"
            found.append(Candidate(
                type=MECHANISM, name=form.name, sentence=sentence, confidence=0.8,
                category="mechanism", fields=fields, aliases=aliases,
                notes=[f"concept of the {where} (“{written}”)"], start=start, end=end))
        return found

    def _longer_spelling(self, sentence: Sentence, sw: SentenceWords, name: str,
                         start: int, end: int) -> str | None:
        """A spelling of the same concept that starts on a word inside the label found and
        runs past its end (the search takes the leftmost label: 给予表彰 in 给予表彰和奖励)."""
        text, base = sentence.text, sentence.start
        for offset in range(start + 1, end):
            if offset not in sw.start_at:
                continue
            for spelling in self._spellings[name]:
                stop = offset + len(spelling)
                if stop > end and stop in sw.end_at and text.startswith(spelling, offset - base):
                    return spelling
        return None

    def _word_start(self, sw: SentenceWords, start: int, end: int) -> int | None:
        """A label starting inside a word (贷款 in 信用贷款) is the whole word when the label
        ends it, one or two characters come before, and the word is not an actor."""
        index = bisect_right(sw.ends, start) - 1
        if index < 0 or index >= len(sw.words):
            return None
        word, word_start, word_end = sw.words[index], sw.ends[index], sw.ends[index + 1]
        if word_end != end or start - word_start > 2 or word in self.role_labels:
            return None
        return word_start

    def _word_end(self, sw: SentenceWords, end: int) -> int | None:
        """A label ending inside a word (税收优惠 in 税收|优惠政策) is the whole word when the
        rest is a short nominal ending (政策, 业务) and the word is not an actor (孵化器)."""
        index = bisect_right(sw.ends, end) - 1
        if index < 0 or index >= len(sw.words):
            return None
        word, word_start, word_end = sw.words[index], sw.ends[index], sw.ends[index + 1]
        if not word_start < end < word_end or word_end - end > 2 or word in self.role_labels:
            return None
        return word_end if word[end - word_start:] in _WORD_ENDS else None

    def _phrases(self, sentence: Sentence, sw: SentenceWords, start: int, end: int
                 ) -> list[str]:
        """The noun phrases around a label, as the text writes them: with the nouns before it
        (not a place: 国内外), and with the first noun or all the nouns right after it
        (科技计划 → 科技计划项目, 科技计划项目立项评审)."""
        words, tags = sw.words, sw.tags
        label_first, label_last = sw.start_at[start], sw.end_at[end]
        last = label_last
        while last + 1 < len(words) and tags[last + 1] in NOUN_POS and \
                not cut_verb(words[last + 1]) and len(words[last + 1]) >= 2:
            last += 1
        if last + 1 < len(words) and tags[last + 1] in ("v", "vn") and \
                len(words[last + 1]) == 2 and not cut_verb(words[last + 1]) and (
                last + 2 == len(words) or tags[last + 2] in ("x", "u", "uj", "c", "p")):
            last += 1  # a verb that ends the phrase is a noun here: 职称评聘等, 信贷投入。
        first = min(phrase_start(sw, label_last), label_first)
        while first >= 2 and words[first - 1] == "和" and tags[first - 2] in NOUN_POS \
                and words[first - 2] not in self.role_labels:
            first = phrase_start(sw, first - 2)
        while first < label_first and words[first] in _PLACES:
            first += 1
        ends = sorted({label_last, min(label_last + 1, last), last})
        base = sentence.start
        return [sentence.text[sw.ends[begin] - base:sw.ends[stop + 1] - base]
                for begin in sorted({label_first, first}) for stop in ends]

    def _systems(self, sentence: Sentence, text: str, sw: SentenceWords,
                 taken: list[tuple[int, int]], concepts: list[Candidate],
                 matches: list[Match]) -> list[Candidate]:
        """建立X制度, 健全Y机制: a named system, unless it is a concept's (then an alias)."""
        found = []
        words, tags = sw.words, sw.tags
        for _, _, system_end in matches:
            last = sw.end_at.get(system_end)
            if last is None or tags[last] not in NOUN_POS:
                continue
            if last + 1 < len(words) and tags[last + 1] in NOUN_POS:
                continue
            first = phrase_start(sw, last)
            while first < last and _PLACE_WORDS.fullmatch(words[first]):
                first += 1
            start, end = sw.ends[first], system_end
            name = text[start - sentence.start:end - sentence.start]
            confidence = 0.6
            governed = _governed(sw, first, last)
            whole = text[sw.ends[governed] - sentence.start:end - sentence.start] \
                if governed is not None else ""
            if not self._system_name(name, words[first:last + 1]):
                if governed is None or not self._system_name(whole, words[governed:last + 1]):
                    found += _system_items(sentence, sw, governed, last, taken)
                    continue
                name, first, whole = whole, governed, ""  # 建立|协调机制: the whole is the name
                start = sw.ends[first]
                tail = name.rsplit("的", 1)[-1]
                tail_first = sw.start_at.get(end - len(tail))
                if tail != name and tail_first is not None and tail in _GENERIC_SYSTEMS \
                        and tail not in SYSTEM_ENDINGS:
                    continue  # 松绑放权的管理制度: what the clause sets up has no name
                if tail != name and len(tail) >= 4 and tail_first is not None:
                    # 有利于鼓励创新的激励机制: the system is 激励机制; the clause stays an alias
                    name, whole, start = tail, name, end - len(tail)
                    confidence = 0.5
            if "□" in whole or whole.endswith(_BROAD_ENDINGS):
                whole = ""
            if _inside(start, end, taken):
                continue
            inner = [c for c in concepts if start <= c.start and c.end <= end]
            if inner:
                for alias in (name, whole):
                    if alias and alias not in inner[-1].aliases:
                        inner[-1].aliases.append(alias)
                continue
            note = f"a system the text names (ends in {words[last][-2:]})"
            if whole:
                note += f"; set up as “{whole}”"
            first = sw.start_at.get(start, first)
            found.append(Candidate(
                type=MECHANISM, name=name, sentence=sentence, confidence=confidence,
                category="mechanism", notes=[note],
                aliases=[a for a in (whole, *self._system_variants(sentence, sw, first, end))
                         if a and a != name], start=start, end=end))
        return found


    @staticmethod
    def _system_variants(sentence: Sentence, sw: SentenceWords, first: int, end: int
                         ) -> list[str]:
        """How else a reader writes the system: with the noun phrase joined by 和 in front
        (案件移送和|线索通报制度), and without a leading modifier in 化
        (多元化|科技投融资体系)."""
        words, tags, base = sw.words, sw.tags, sentence.start
        variants = []
        if first >= 2 and words[first - 1] in ("和", "与") and (
                tags[first - 2] in NOUN_POS or words[first - 2] in INNER_VERBS):
            joined = phrase_start(sw, first - 2)
            if joined < first - 1:
                variants.append(sentence.text[sw.ends[joined] - base:end - base])
        if ((words[first].endswith("化") and len(words[first]) >= 3) or
                (words[first].endswith(("区", "市", "省")) and len(words[first]) >= 2)) and \
                end - sw.ends[first + 1] >= 4:  # 示范区|重大行政决策…制度: without the place
            variants.append(sentence.text[sw.ends[first + 1] - base:end - base])
        joins = [i for i in range(first + 1, len(words)) if sw.ends[i] < end and
                 words[i] in ("和", "与")]
        if joins and end - sw.ends[joins[-1] + 1] >= 4:  # 支持和|接力培养机制: the last one
            variants.append(sentence.text[sw.ends[joins[-1] + 1] - base:end - base])
        return variants

    def _system_name(self, name: str, words: list[str]) -> bool:
        """A system's name says more than 制度 or 管理机制 (two general words do not:
        科技创新机制; three do: 区域|协同|创新|机制), and is not a broad field (科技治理体系)
        nor a list of systems."""
        return not (len(name) < 4 or name in _GENERIC_SYSTEMS or "□" in name or
                    name.endswith(_BROAD_ENDINGS) or _several_systems(words) or (all(
                        w in self.lexicon.generic_modifiers or w.endswith(SYSTEM_ENDINGS)
                        for w in words) and len(words) < 4))


def _several_systems(words: list[str]) -> bool:
    """人才培养、引进、使用、流动、评价等制度, 科技成果披露以及…单列管理等制度, 管理体制和运行机制:
    a list of systems or of what they govern, not the name of one system."""
    return any(word in ("等", "以及") or (word in ("和", "与") and index > 0 and
                                         words[index - 1].endswith(_SYSTEM_HEADS))
               for index, word in enumerate(words))


def _system_items(sentence: Sentence, sw: SentenceWords, first: int | None, last: int,
                  taken: list[tuple[int, int]]) -> list[Candidate]:
    """健全科技成果披露以及职务科技成果单列管理等制度: the items of a list of systems a
    setting-up verb governs, each a system (confidence 0.4); none when an item is shorter than
    four characters (人才培养、引进、使用…等制度 lists activities on one object)."""
    words = sw.words
    if first is None or ("等" not in words[first:last] and "以及" not in words[first:last]):
        return []
    items: list[tuple[int, int]] = []
    begin = first
    for index in range(first, last + 1):
        if words[index] in _LIST_SEPARATORS or words[index] == "等" or index == last:
            items.append((begin, index - 1))
            begin = index + 1
        if words[index] == "等":
            break
    base = sentence.start
    spans = [(sw.ends[b], sw.ends[e + 1]) for b, e in items if e >= b]
    if len(spans) < 2 or any(end - start < 4 for start, end in spans):
        return []
    return [Candidate(type=MECHANISM, name=sentence.text[start - base:end - base],
                      sentence=sentence, confidence=0.4, category="mechanism",
                      notes=["an item of a list of systems set up (…以及…等制度)"],
                      start=start, end=end)
            for start, end in spans if not _inside(start, end, taken)]


def _of_areas(words: list[str], begin: int) -> bool:
    """Whether what follows a list's last item (starting at word `begin`: after its 等 or 的,
    within its clause) says the items are areas, contents or principles of something
    (…等方面, …等内容, …的原则, …等组织, …等合作交流机制), not instruments."""
    index = begin
    while index < len(words) and words[index] not in ("等", "的"):
        if words[index] in _CLAUSE_ENDS or words[index] == "、":
            return False
        index += 1
    for word in words[index + 1:index + 8]:
        if word in _CLAUSE_ENDS or word == "、":
            return False
        if word.endswith(_AREA_HEADS):
            return True
    return False


def _list_items(words: list[str], first: int, last: int) -> list[tuple[int, int]]:
    """The items (first and last word index) of the 、-list that words first..last stand in
    as one item, within its clause; [] when they are not a whole item of a list."""
    def item_edge(index: int, step: int) -> int:
        while 0 <= index + step < len(words) and words[index + step] not in _CLAUSE_ENDS and \
                words[index + step] not in _LIST_SEPARATORS:
            index += step
        return index
    if item_edge(first, -1) != first:
        return []
    stop = last
    while stop + 1 < len(words) and words[stop + 1] in _LIST_TAILS:
        stop += 1
    if item_edge(stop, 1) != stop and item_edge(last, 1) != last:
        return []
    items: list[tuple[int, int]] = []
    index = first - 1
    while index >= 1 and words[index] in _LIST_SEPARATORS:
        begin = item_edge(index - 1, -1)
        items.append((begin, index - 1))
        index = begin - 1
    index = last + 1
    while index + 1 < len(words) and words[index] in _LIST_SEPARATORS:
        stop_at = item_edge(index + 1, 1)
        items.append((index + 1, stop_at))
        index = stop_at + 1
    return items


def _governed(sw: SentenceWords, first: int, last: int) -> int | None:
    """Where the whole name of a system starts when a setting-up verb governs it within its
    clause (建立|财政对科技投入的持续稳定增长|机制, 完善|知识产权扶持、资助和奖励|制度): the word
    after the verb, if that is before the noun phrase's start and the name stays short."""
    words = sw.words
    index = first - 1
    while index >= 0 and words[index] not in _CLAUSE_ENDS:
        if words[index] in _SETTING_UP:
            begin = index + 1
            if begin >= first or sw.ends[last + 1] - sw.ends[begin] > _GOVERNED_LONGEST:
                return None
            return begin if words[begin] not in BOUNDARY_WORDS else None
        index -= 1
    return None


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)
