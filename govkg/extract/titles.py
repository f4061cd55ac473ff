"""Policy documents: titles in 《》, the document's own title, document numbers (沪府发〔2021〕23号)
and dates of issue (发布), adoption (通过) and entry into force (施行), kept as partial as written.
"""

from __future__ import annotations

import re

from govkg.extract.candidates import Candidate
from govkg.extract.dates import find_dates, more_precise
from govkg.extract.law_header import LawHeader
from govkg.extract.sections import Document, Sentence, is_dateline
from govkg.ontology.terms import POLICY
from govkg.records.names import normalise

TITLE = re.compile(r"《([^《》\n]{2,120})》")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]"
                        r"\s*\d{1,4}\s*号")
_TRAILING_PAREN = re.compile(r"[（(][^（()）]{1,12}[)）]$")
_VERBS = (("起施行", "effective"), ("起实施", "effective"), ("施行", "effective"),
          ("实施", "effective"), ("生效", "effective"), ("发布", "issued"), ("印发", "issued"),
          ("公布", "issued"), ("出台", "issued"), ("颁布", "issued"), ("通过", "adopted"))
_VERB_RE = "|".join(v for v, _ in _VERBS)
_AFTER = re.compile(rf"^[\s　]*(?:已于|于|自|在)?[\s　]*(?P<date>[^，。；《]{{0,16}}?)[\s　]*"
                    rf"(?:正式)?(?P<verb>{_VERB_RE})")
_VERB_AFTER = re.compile(rf"^[\s　]*(?:正式)?(?P<verb>{_VERB_RE})")
_DOC_TYPES = (
    (("行动计划", "行动方案", "实施方案", "工作方案", "三年行动"), "action_plan"),
    (("规划", "纲要"), "plan"),
    (("条例",), "regulation"),
    (("实施细则", "细则", "规则", "规程"), "rules"),
    (("办法",), "measures"),
    (("规定",), "provisions"),
    (("意见",), "opinions"),
    (("通知", "通告"), "notice"),
    (("法",), "law"),
    (("计划", "决定", "公告", "指南", "措施", "方案", "纲领"), "other"),
)
_STATUS = (("草案", "draft"), ("征求意见稿", "draft"), ("修订", "revised"), ("修正", "revised"))
_SELF = re.compile(r"本(?:条例|办法|规定|意见|方案|通知|细则|决定|计划|规划|措施|指南)"
                   r"[^。；]{0,12}?自(?P<date>[^，。；]{4,16}?)起(?:施行|实施|生效)")
_PLAN_NAME = re.compile(r"(?:19|20)\d{2}\s*[—–\-－至]\s*(?:19|20)\d{2}\s*年"
                        r"[\u4e00-\u9fff“”]{2,24}?(?:规划|纲要)")
_CN_DIGIT = "[0-9０-９〇零一二三四五六七八九十]+"
_FULL_DATE = re.compile(rf"{_CN_DIGIT}年{_CN_DIGIT}月{_CN_DIGIT}日")
_ISSUER = re.compile(r"^(.{2,30}?)关于")
_PASSED_BEFORE = re.compile(r"(?P<date>(?:19|20)[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}日)"
                            r"[^，。；《》]{0,40}?(?P<verb>通过|发布|公布|印发)的$")
_STRATEGY = re.compile(r"(?:实施|贯彻|服务|围绕|根据|(?<=战略、)|(?<=战略和)|(?<=战略以及))"
                       r"(?P<names>(?:国家)?[\u4e00-\u9fff]{2,10}?"
                       r"(?:(?:和|、)[\u4e00-\u9fff]{2,10}?)*)战略(?!性)")
"""实施科教兴市战略、知识产权战略和人才强市战略: each name before 战略, also in a chain."""
_LAW_NAMED = re.compile(r"(?:依照|根据|参照|按照|违反|适用|依据)(?P<name>(?:中华人民共和国)?"
                        r"[\u4e00-\u9fff]{2,8}?法)(?![律规人定院案学])")
"""参照公务员法管理: a law named without 《》 after 依照, 根据, 参照…"""
_GENERIC_LAW = re.compile(r"^(?:有关|相关|国家|本|其他|上述|前款|该|现行|法律|办)|"
                          r"(?:办法|依法|执法|方法|做法|立法|违法|合法|非法|司法|守法|无法|设法|"
                          r"想法|说法|用法|算法|手法|书法|疗法|评估|结果|可以|减少|权限)")
_GENERIC_STRATEGY = ("发展", "重大", "国家重大", "重要", "经济社会发展", "科学技术发展", "国家",
                     "经济发展", "本市经济社会发展", "区域发展", "创新发展", "国家发展")


def mask_titles(text: str) -> str:
    """The text with every 《…》 replaced by □ of the same length (offsets stay valid)."""
    return TITLE.sub(lambda m: "□" * len(m.group()), text)


def strip_parens(title: str) -> str:
    """上海市…办法(试行) → 上海市…办法; （2021—2023） too."""
    stripped = title
    while (match := _TRAILING_PAREN.search(stripped)) and match.start() > 0:
        stripped = stripped[: match.start()]
    return stripped


def doc_type(title: str) -> str | None:
    bare = strip_parens(title)
    for endings, kind in _DOC_TYPES:
        if bare.endswith(endings):
            return kind
    return None


def _status(title: str, before: str) -> str | None:
    """A notation of govkg:PolicyStatusScheme: the verb before the title says what is being
    done (研究起草 → drafting, even of a 草案), else the title's own mark (草案, 修订)."""
    if re.search(r"(起草|研究制订|研究制定|拟订)$", before):
        return "drafting"
    for word, status in _STATUS:
        if re.search(rf"[（(][^)）]*{word}[^)）]*[)）]", title):
            return status
    return None


def _field(verb: str) -> str:
    return next(f for v, f in _VERBS if v == verb)


def inner_titles(title: str) -> str:
    """关于修改〈上海市科学技术进步条例〉的决定 → 关于修改《上海市科学技术进步条例》的决定."""
    return title.replace("〈", "《").replace("〉", "》").replace("<", "《").replace(">", "》")


def _policy(title: str, sentence: Sentence, start: int, confidence: float, note: str,
            before: str = "", end: int = -1) -> Candidate:
    fields: dict[str, str] = {}
    kind = doc_type(title)
    if kind:
        fields["doc_type"] = kind
    status = _status(title, before)
    if status:
        fields["status"] = status
    name = inner_titles(title)
    bare = strip_parens(name)
    aliases = [a for a in dict.fromkeys((title, bare)) if a != name]
    return Candidate(type=POLICY, name=name, sentence=sentence, confidence=confidence,
                     category="policy", fields=fields, aliases=aliases, notes=[note], start=start,
                     end=end)


class TitleFinder:
    """Finds policy documents and their dates in one document."""

    def __init__(self, doc: Document, default_year: int | None) -> None:
        self.doc = doc
        self.year = default_year

    def _date(self, text: str) -> tuple[str, bool] | None:
        dates = find_dates(text, self.year)
        if not dates:
            return None
        return dates[-1].value, dates[-1].year_inferred

    def _set_date(self, candidate: Candidate, field: str, text: str, where: str) -> None:
        found = self._date(text)
        if found is None:
            return
        value, inferred = found
        candidate.fields[field] = more_precise(candidate.fields.get(field), value)
        note = f"{field} {value} from “{text.strip()}” ({where})"
        if inferred:
            note += f"; year {self.year} taken from the document"
            candidate.confidence = min(candidate.confidence, 0.8)
        candidate.notes.append(note)

    def quoted(self) -> list[Candidate]:
        """Every 《》 title with the dates stated next to it."""
        found = []
        for sentence in self.doc.sentences:
            titles = list(TITLE.finditer(sentence.text))
            for index, match in enumerate(titles):
                title = match.group(1).strip()
                before_text = sentence.text[: match.start()]
                candidate = _policy(title, sentence, sentence.start + match.start(1), 0.9,
                                    "title in 《》", before_text,
                                    end=sentence.start + match.start(1) + len(title))
                next_start = titles[index + 1].start() if index + 1 < len(titles) else None
                after = sentence.text[match.end():next_start]
                if number := re.match(rf"^[（(]({DOC_NUMBER.pattern})[)）]", after):
                    candidate.fields["doc_number"] = number.group(1)
                self._dates_of(candidate, sentence, match, after, titles, index)
                found.append(candidate)
        return found

    def _dates_of(self, candidate: Candidate, sentence: Sentence, match: re.Match[str],
                  after: str, titles: list[re.Match[str]], index: int) -> None:
        previous_end = titles[index - 1].end() if index > 0 else 0
        passed = _PASSED_BEFORE.search(sentence.text[previous_end:match.start()])
        if passed and find_dates(passed.group("date"), self.year):
            self._set_date(candidate, _field(passed.group("verb")), passed.group("date"),
                           sentence.section)
            return
        clause = _AFTER.match(after)
        if clause and clause.group("date") and find_dates(clause.group("date"), self.year):
            self._set_date(candidate, _field(clause.group("verb")), clause.group("date"),
                           sentence.section)
            return
        verb = _VERB_AFTER.match(after)
        if verb:
            previous_end = titles[index - 1].end() if index > 0 else 0
            before = sentence.text[previous_end:match.start()]
            if find_dates(before, self.year):
                self._set_date(candidate, _field(verb.group("verb")), before, sentence.section)
            return
        line = self.doc.lines[sentence.line]
        if line.text.strip() == match.group() and sentence.line + 1 < len(self.doc.lines):
            below = self.doc.lines[sentence.line + 1]
            verb_below = re.search(_VERB_RE, below.text)
            if is_dateline(below.text) and verb_below:
                self._set_date(candidate, _field(verb_below.group()), below.text,
                               sentence.section)
                candidate.quote = self.doc.text[line.start:below.end]

    def named_plans(self, masked: str) -> list[Candidate]:
        """Plans named without 《》 by their years: 2021—2035年中长期科技发展规划."""
        found = []
        for sentence in self.doc.sentences:
            text = masked[sentence.start:sentence.end]
            for match in _PLAN_NAME.finditer(text):
                found.append(_policy(match.group(), sentence, sentence.start + match.start(),
                                     0.6, "plan named by its years, not in 《》"))
        return found

    def zone_plans(self, masked: str, zones: tuple[str, ...]) -> list[Candidate]:
        """Plans named without 《》 after a zone the text defines by a short form
        (示范区发展规划纲要, 示范区创新创业型人才发展规划): the zone makes the plan one
        document, not a kind of plan."""
        if not zones:
            return []
        pattern = re.compile("(?:" + "|".join(re.escape(z) for z in zones) + ")"
                             r"[\u4e00-\u9fff]{0,12}?(?:规划纲要|规划|纲要)")
        found = []
        for sentence in self.doc.sentences:
            text = masked[sentence.start:sentence.end]
            for match in pattern.finditer(text):
                if re.search("的|各|有关|相关|等", match.group()):
                    continue  # 示范区建设的各类规划: plans of a kind, not one document
                found.append(_policy(match.group(), sentence, sentence.start + match.start(),
                                     0.6, "plan of a zone the text defines, not in 《》"))
        return found

    def own(self) -> Candidate | None:
        """The document's own title, with its number and dates (通过, 施行, signature date)."""
        doc = self.doc
        if doc.title is None or doc.title_line is None or doc_type(doc.title) is None:
            return None
        title_sentences = doc.line_sentences(doc.title_line)
        if not title_sentences:
            return None
        start = doc.title_start if doc.title_start is not None else \
            doc.lines[doc.title_line].start
        candidate = _policy(doc.title, title_sentences[0], start, 0.85,
                            "the document's own title (its first line)",
                            end=start + len(doc.title))
        candidate.fields["self"] = True
        for line in doc.lines[doc.title_line + 1: doc.title_line + 6]:
            if number := DOC_NUMBER.fullmatch(line.text.strip("（）() ")):
                candidate.fields["doc_number"] = number.group()
            elif "通过" in line.text and line.text.startswith(("（", "(")):
                self._set_date(candidate, "adopted", line.text, "under the title")
            elif line.text.startswith(("（", "(")) and re.search(r"(发布|印发|公布)", line.text):
                self._set_date(candidate, "issued", line.text, "under the title")
        for sentence in doc.sentences:
            if match := _SELF.search(sentence.text):
                self._set_date(candidate, "effective", match.group("date"), sentence.section)
        for line in doc.lines[-3:]:
            if is_dateline(line.text) and _FULL_DATE.fullmatch(line.text.strip()):
                self._set_date(candidate, "issued", line.text, "date under the signature")
        return candidate

    def law_self(self, law: LawHeader) -> Candidate | None:
        """A law text's own title, its header events (kind, date, body) and effective date,
        as the law loader reads them."""
        doc = self.doc
        start = doc.title_start
        if start is None or doc.title_line is None or doc.title != law.title:
            return None
        sentence = doc.line_sentences(doc.title_line)[0]
        candidate = _policy(law.title, sentence, start, 0.95,
                            "the document's own title (the law's first line)",
                            end=start + len(law.title))
        candidate.fields["self"] = True
        candidate.quote = law.title  # the first line without its Markdown `# `
        candidate.fields["events"] = [{"kind": e.kind, "date": e.date, "body": e.body}
                                      for e in law.events]
        adopted = next((e.date for e in law.events if e.kind == "adopted"), None)
        if adopted:
            candidate.fields["adopted"] = adopted
        if law.effective:
            candidate.fields["effective"] = law.effective
            candidate.notes.append(f"effective {law.effective} ({law.effective_where}: "
                                   f"“{law.effective_quote}”)")
        for event in law.events:
            by = f" by {event.body}" if event.body else ""
            candidate.notes.append(f"header: {event.kind} {event.date}{by}")
        return candidate

    def header_decisions(self, law: LawHeader, found: list[Candidate]) -> None:
        """A decision a header event was made by (《关于修改〈…〉的决定》修正) is issued on the
        date of that event."""
        for event in law.events:
            if not event.decision:
                continue
            key = normalise(inner_titles(event.decision))
            for candidate in found:
                if normalise(candidate.name) == key and event.start <= candidate.start < \
                        event.end:
                    candidate.fields["issued"] = event.date
                    if candidate.fields.get("adopted") == event.date:
                        del candidate.fields["adopted"]  # the header's date is its issue
                    candidate.notes.append(f"issued {event.date}: the header's {event.kind} "
                                           "event it made")

    def strategies(self, masked: str, skip_before: int = 0) -> list[Candidate]:
        """Named strategies a text carries out (实施科教兴国和可持续发展战略): policies, with a
        low confidence (a strategy is named, not quoted)."""
        found = []
        for sentence in self.doc.sentences:
            if sentence.start < skip_before or "战略" not in sentence.text:
                continue
            text = masked[sentence.start:sentence.end]
            for match in _STRATEGY.finditer(text):
                position = match.start("names")
                for name in re.split("和|、", match.group("names")):
                    begin = text.find(name, position)
                    position = begin + len(name)
                    if name in _GENERIC_STRATEGY or "□" in name or "的" in name or \
                            name.startswith(("本", "全", "各", "重大", "有关")) or \
                            "经济社会" in name or name.endswith(("科学技术发展", "科技发展",
                                                                  "重大", "重要")):
                        continue
                    start = sentence.start + begin
                    found.append(_policy(name + "战略", sentence, start, 0.5,
                                         "a strategy the text names (…战略), not in 《》",
                                         end=start + len(name) + (2 if position ==
                                                                  match.end("names") else 0)))
        return found

    def unquoted_laws(self, masked: str, skip_before: int = 0) -> list[Candidate]:
        """Laws named without 《》 (参照公务员法管理的事业单位), with a low confidence."""
        found = []
        for sentence in self.doc.sentences:
            if sentence.start < skip_before or "法" not in sentence.text:
                continue
            text = masked[sentence.start:sentence.end]
            for match in _LAW_NAMED.finditer(text):
                name = match.group("name")
                if _GENERIC_LAW.search(name) or len(name) < 3 or "□" in name:
                    continue
                start = sentence.start + match.start("name")
                found.append(_policy(name, sentence, start, 0.6,
                                     "a law named without 《》", end=start + len(name)))
        return found

    def issuer(self) -> str | None:
        """The issuing body named before 关于 in the document's own title."""
        if self.doc.title is None:
            return None
        match = _ISSUER.match(self.doc.title)
        return match.group(1) if match else None
