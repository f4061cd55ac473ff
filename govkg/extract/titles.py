"""Policy documents: titles in 《》, the document's own title, document numbers (沪府发〔2021〕23号)
and dates of issue (发布), adoption (通过) and entry into force (施行), kept as partial as written.
"""

from __future__ import annotations

import re

from govkg.extract.candidates import Candidate
from govkg.extract.dates import find_dates, more_precise
from govkg.extract.sections import Document, Sentence, is_dateline
from govkg.ontology.terms import POLICY

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


def _policy(title: str, sentence: Sentence, start: int, confidence: float, note: str,
            before: str = "") -> Candidate:
    fields: dict[str, str] = {}
    kind = doc_type(title)
    if kind:
        fields["doc_type"] = kind
    status = _status(title, before)
    if status:
        fields["status"] = status
    bare = strip_parens(title)
    aliases = [bare] if bare != title else []
    return Candidate(type=POLICY, name=title, sentence=sentence, confidence=confidence,
                     category="policy", fields=fields, aliases=aliases, notes=[note], start=start)


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
                candidate = _policy(title, sentence, sentence.start + match.start(), 0.9,
                                    "title in 《》", before_text)
                next_start = titles[index + 1].start() if index + 1 < len(titles) else None
                after = sentence.text[match.end():next_start]
                if number := re.match(rf"^[（(]({DOC_NUMBER.pattern})[)）]", after):
                    candidate.fields["doc_number"] = number.group(1)
                self._dates_of(candidate, sentence, match, after, titles, index)
                found.append(candidate)
        return found

    def _dates_of(self, candidate: Candidate, sentence: Sentence, match: re.Match[str],
                  after: str, titles: list[re.Match[str]], index: int) -> None:
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

    def own(self) -> Candidate | None:
        """The document's own title, with its number and dates (通过, 施行, signature date)."""
        doc = self.doc
        if doc.title is None or doc.title_line is None or doc_type(doc.title) is None:
            return None
        title_sentences = doc.line_sentences(doc.title_line)
        if not title_sentences:
            return None
        candidate = _policy(doc.title, title_sentences[0], doc.lines[doc.title_line].start, 0.85,
                            "the document's own title (its first line)")
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

    def issuer(self) -> str | None:
        """The issuing body named before 关于 in the document's own title."""
        if self.doc.title is None:
            return None
        match = _ISSUER.match(self.doc.title)
        return match.group(1) if match else None
