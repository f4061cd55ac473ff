"""Mechanisms, programmes and pilots: concepts of the mechanism scheme with their synonyms,
quoted terms (“揭榜挂帅”, “探索者计划”), and schemes named by their endings (…计划, …专项,
…工程, …特区) when a label line or a repeated mention shows they are names.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from govkg.extract.candidates import Candidate
from govkg.extract.lexicon import Lexicon
from govkg.extract.sections import Document, Sentence
from govkg.extract.tokens import (
    PROPER_POS,
    TokenIndex,
    is_boundary,
    is_cut_verb,
    is_leading_verb,
    tag,
)
from govkg.ontology.terms import MECHANISM, PILOT, PROGRAMME

QUOTED = re.compile(r"[“\"]([^“”\"\n]{2,20})[”\"]")
_MECHANISM_ENDINGS = ("机制", "制度", "制")
_LABEL_NUMBERING = re.compile(r"^(?:专题|方向|任务|附件)?[0-9一二三四五六七八九十]{0,3}"
                              r"[、.．:：\s]*")


class SchemeFinder:
    """Finds mechanisms, programmes and pilots in one document."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._forms = {form: concept for concept in lexicon.mechanisms
                       for form in (concept.name, *concept.synonyms)}
        self._forms_re = re.compile("|".join(
            re.escape(f) for f in sorted(self._forms, key=len, reverse=True)))
        self._forms_quoted = re.compile("|".join(
            "[“”]?".join(re.escape(c) for c in f)
            for f in sorted(self._forms, key=len, reverse=True)))
        endings = (*lexicon.programme_endings, *lexicon.pilot_endings)
        self._scheme_end = re.compile("|".join(re.escape(e) for e in
                                               sorted(endings, key=len, reverse=True)))

    def _type_of(self, name: str) -> str | None:
        if name.endswith(self.lexicon.pilot_endings):
            return PILOT
        if name.endswith(self.lexicon.programme_endings):
            return PROGRAMME
        return None

    def concepts(self, doc: Document, masked: str) -> list[Candidate]:
        """Mentions of the scheme's concepts, quoted or not (经费“包干制” is 经费包干制)."""
        found = []
        starts = [s.start for s in doc.sentences]
        for match in self._forms_quoted.finditer(masked):
            number = bisect_right(starts, match.start()) - 1
            if number < 0 or match.end() > doc.sentences[number].end:
                continue
            sentence = doc.sentences[number]
            form = match.group().replace("“", "").replace("”", "")
            concept = self._forms[form]
            aliases = [form] if form != concept.name else []
            fields = {"name_en": concept.name_en} if concept.name_en else {}
            found.append(Candidate(
                type=MECHANISM, name=concept.name, sentence=sentence, confidence=0.9,
                category="mechanism", fields=fields, aliases=aliases,
                notes=[f"concept of the mechanism scheme ({form})"], start=match.start(),
            ))
        return found

    def quoted(self, doc: Document, masked: str, institution_endings: re.Pattern[str]
               ) -> list[Candidate]:
        found = []
        for sentence in doc.sentences:
            text = masked[sentence.start:sentence.end]
            for match in QUOTED.finditer(text):
                term = match.group(1)
                if self._forms_re.fullmatch(term) or institution_endings.match(text, match.end()):
                    continue
                kind = self._type_of(term)
                category = "programme"
                if kind is None and term.endswith(_MECHANISM_ENDINGS) and len(term) >= 3:
                    kind, category = MECHANISM, "mechanism"
                if kind is None:
                    continue
                found.append(Candidate(type=kind, name=term, sentence=sentence, confidence=0.85,
                                       category=category, notes=["quoted term"],
                                       start=sentence.start + match.start()))
        return found

    def _named(self, sentence: Sentence, text: str, match: re.Match[str], index: TokenIndex,
               is_label: bool = False) -> str | None:
        begin = max(text.rfind(c, 0, match.start()) for c in "，。；：、,;:“”（）() ") + 1
        stop = min([i for i in (text.find(c, match.end()) for c in "，。；：、,;:“”（）() ")
                    if i >= 0] or [len(text)])
        clause = text[begin:stop]
        local_end = match.end() - begin
        start = sentence.start + begin
        tokens = [t for t in index.relative(start, start + len(clause)) if t.end <= local_end]
        if not tokens or tokens[-1].end != local_end:
            return None
        first = len(tokens) - 1
        while first > 0:
            previous = tokens[first - 2] if first >= 2 else None
            if is_boundary(tokens[first - 1], previous) or is_cut_verb(tokens[first - 1]):
                break
            first -= 1
        while first < len(tokens) - 1 and is_leading_verb(tokens[first]):
            first += 1
        name = clause[tokens[first].start:local_end]
        prefix = tag(name[: -len(match.group())]) if len(name) > len(match.group()) else []
        national = bool(prefix) and prefix[0].word == "国家" and len(prefix) > 1
        if not prefix or (not is_label and not national and all(
                t.word in self.lexicon.generic_modifiers for t in prefix)):
            return None
        if prefix[0].pos == "m" or prefix[0].word[0] in "一二三四五六七八九十两0123456789":
            return None
        if len(name) > 20 or "□" in name or any(name.endswith(c) for c in
                                                 self.lexicon.concepts):
            return None
        return name

    def unquoted(self, doc: Document, masked: str, index: TokenIndex) -> list[Candidate]:
        """Schemes named by their ending, kept when named in a label line, by a proper noun,
        or at least twice."""
        mentions: list[tuple[str, Sentence, int, bool]] = []
        for sentence in doc.sentences:
            text = masked[sentence.start:sentence.end]
            is_label = sentence.label == sentence.text
            if is_label:
                text = _LABEL_NUMBERING.sub(lambda m: " " * len(m.group()), text, count=1)
            for match in self._scheme_end.finditer(text):
                if text[match.end():match.end() + 1] in ("”", '"'):
                    continue
                name = self._named(sentence, text, match, index, is_label)
                if name is None:
                    continue
                words = tag(name)
                proper = any(t.pos in PROPER_POS for t in words) or words[0].word == "国家"
                mentions.append((name, sentence, sentence.start + match.end() - len(name),
                                 is_label or proper))
        counts = Counter(name for name, *_ in mentions)
        found = []
        for name, sentence, start, strong in mentions:
            kind = self._type_of(name)
            if kind is None or not (strong or counts[name] >= 2):
                continue
            found.append(Candidate(type=kind, name=name, sentence=sentence, confidence=0.65,
                                   category="programme", notes=["named scheme (by its ending)"],
                                   start=start))
        return found
