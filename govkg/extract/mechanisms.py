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
from dataclasses import dataclass

from govkg.extract.candidates import Candidate
from govkg.extract.lexicon import Lexicon
from govkg.extract.sections import Document, Sentence
from govkg.extract.tokens import (
    BOUNDARY_POS,
    SentenceWords,
    Words,
    is_cut_verb,
    is_nounish,
    phrase_start,
)
from govkg.ontology.terms import MECHANISM
from govkg.ontology.vocabulary import Vocabulary

SYSTEM_ENDINGS = ("制度", "机制", "体系", "责任制")
"""Nouns that end the name of a system a text sets up."""
_GENERIC_SYSTEMS = frozenset({"制度", "机制", "体系", "管理制度", "工作机制", "责任制", "体制",
                              "运行机制", "管理体制", "服务体系", "创新体系", "政策体系",
                              "规章制度", "各项制度", "相关制度", "有关制度", "工作制度"})
_QUOTES = re.compile("[“”\"]")


@dataclass(frozen=True)
class Form:
    """A spelling of a concept: the concept's standard name, English name and id."""

    name: str
    name_en: str
    concept_id: str | None


class MechanismFinder:
    """Finds mechanisms in one document."""

    def __init__(self, lexicon: Lexicon, instruments: Vocabulary) -> None:
        self.lexicon = lexicon
        forms: dict[str, Form] = {}
        for concept in lexicon.mechanisms:
            for form in (concept.name, *concept.synonyms):
                forms.setdefault(form, Form(concept.name, concept.name_en, None))
        for vocab in instruments.concepts.values():
            for form in (vocab.name, *vocab.labels):
                forms.setdefault(form, Form(vocab.name, vocab.name_en, vocab.id))
        self.forms = forms
        ordered = sorted(forms, key=len, reverse=True)
        self._pattern = re.compile("|".join("[“”]?".join(re.escape(c) for c in form)
                                            for form in ordered))

    def find(self, doc: Document, masked: str, words: Words,
             taken: list[tuple[int, int]], skip_before: int = 0) -> list[Candidate]:
        """Concept mentions and named systems; `taken` spans (names of other kinds) are
        skipped."""
        found: list[Candidate] = []
        for sentence in doc.sentences:
            if sentence.start < skip_before:
                continue
            text = masked[sentence.start:sentence.end]
            sw = words.of(sentence)
            concepts = self._concepts(sentence, text, sw, taken)
            found += concepts
            found += self._systems(sentence, text, sw, taken, concepts)
        return found

    def _concepts(self, sentence: Sentence, text: str, sw: SentenceWords,
                  taken: list[tuple[int, int]]) -> list[Candidate]:
        found = []
        for match in self._pattern.finditer(text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if not sw.on_boundaries(start, end) or _inside(start, end, taken):
                continue
            written = _QUOTES.sub("", match.group())
            form = self.forms[written]
            phrase = self._phrase(sentence, sw, start, end)
            aliases = [a for a in dict.fromkeys((written, phrase)) if a and a != form.name]
            fields: dict[str, object] = {"name_en": form.name_en} if form.name_en else {}
            if form.concept_id:
                fields["concept"] = form.concept_id
            where = f"instruments vocabulary {form.concept_id}" if form.concept_id else \
                "mechanism lexicon"
            found.append(Candidate(
                type=MECHANISM, name=form.name, sentence=sentence, confidence=0.8,
                category="mechanism", fields=fields, aliases=aliases,
                notes=[f"concept of the {where} (“{written}”)"], start=start, end=end))
        return found

    def _phrase(self, sentence: Sentence, sw: SentenceWords, start: int, end: int) -> str:
        """The noun phrase around a label: nouns before it and nouns right after it."""
        last = sw.end_at[end]
        tokens = sw.tokens
        while last + 1 < len(tokens) and is_nounish(tokens[last + 1]) and \
                tokens[last + 1].pos not in BOUNDARY_POS and not is_cut_verb(tokens[last + 1]) \
                and len(tokens[last + 1].word) >= 2:
            last += 1
        first = min(phrase_start(tokens, last), sw.start_at[start])
        return sentence.text[tokens[first].start - sentence.start:
                             tokens[last].end - sentence.start]

    def _systems(self, sentence: Sentence, text: str, sw: SentenceWords,
                 taken: list[tuple[int, int]], concepts: list[Candidate]) -> list[Candidate]:
        """建立X制度, 健全Y机制: a named system, unless it is a concept's (then an alias)."""
        found = []
        tokens = sw.tokens
        for last, token in enumerate(tokens):
            if not token.word.endswith(SYSTEM_ENDINGS) or not is_nounish(token):
                continue
            if last + 1 < len(tokens) and is_nounish(tokens[last + 1]) and \
                    tokens[last + 1].pos not in BOUNDARY_POS:
                continue
            first = phrase_start(tokens, last)
            start, end = tokens[first].start, token.end
            name = text[start - sentence.start:end - sentence.start]
            if len(name) < 4 or name in _GENERIC_SYSTEMS or "□" in name or \
                    _inside(start, end, taken) or all(
                    t.word in self.lexicon.generic_modifiers or t.word.endswith(SYSTEM_ENDINGS)
                    for t in tokens[first:last + 1]):
                continue
            inner = [c for c in concepts if start <= c.start and c.end <= end]
            if inner:
                if name not in inner[-1].aliases:
                    inner[-1].aliases.append(name)
                continue
            found.append(Candidate(
                type=MECHANISM, name=name, sentence=sentence, confidence=0.6,
                category="mechanism", notes=[f"a system the text names (ends in "
                                             f"{token.word[-2:]})"], start=start, end=end))
        return found


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)
