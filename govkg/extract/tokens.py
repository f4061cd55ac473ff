"""Word segmentation with part-of-speech tags (jieba-rs through rjieba, dictionary built in).

Every sentence is segmented once, on first use, and every proposed name is cut on the word
boundaries of that segmentation: a name never starts or ends inside a word (科学技术部 is not
found in 科学技术部门, nor 贸试验区 in 自由贸易试验区). The helpers here say where a noun phrase
begins: the verb or preposition in front of 上海电器科学研究所 in 支持上海电器科学研究所 is not
part of it.
"""

from __future__ import annotations

from typing import NamedTuple

import rjieba

from govkg.extract.sections import Document, Sentence

BOUNDARY_POS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ug", "ud", "uv", "r", "d", "x",
                          "y", "e", "o", "rr", "rz", "zg", "m", "q", "mq", "t", "tg"})
BOUNDARY_WORDS = frozenset({"等", "的", "和", "与", "及", "或", "对", "由", "在", "向", "将", "为",
                            "以", "至", "从", "经", "按", "把", "被", "给", "于", "即", "并", "同",
                            "跟", "及其", "以及", "其中", "包括", "如", "、", "，", "。",
                            "全省", "我市", "我国", "首批", "第二批", "一批", "上",
                            "中", "内", "下", "前", "后", "间", "里", "外", "年", "月", "日",
                            "号", "或者", "并且", "而且", "通过", "经过", "根据", "按照", "依照",
                            "依法", "应当", "可以", "负责", "会同", "其他", "各", "该", "其", "本"})
CUT_VERBS = frozenset({
    "嵌入", "纳入", "支持", "依托", "推进", "建设", "组建", "设立", "成立", "启动", "加强", "完善",
    "推动", "鼓励", "引导", "委托", "联合", "会同", "实施", "开展", "发布", "出台", "制定", "汇交",
    "提交", "报送", "签署", "共建", "建立", "打造", "培育", "参与", "牵头", "承担", "申报", "获批",
    "认定", "入选", "加入", "批准", "授权", "同意", "要求", "通过", "筹备", "优化", "落实", "贯彻",
    "集聚", "吸引", "引进", "服务", "对接", "依靠", "利用", "发挥", "评估", "延长", "起草", "印发",
    "扩大", "深化", "加快", "探索", "形成", "提升", "强化", "构建", "面向", "聚焦", "围绕", "组织",
    "健全", "实行", "推行", "采取", "采用", "给予", "提供", "享受", "安排", "使用", "设置", "举办",
    "指导", "协助", "促进", "保障", "规范", "确定", "编制", "拟订", "执行", "运用", "办理", "进入",
    "举行", "开放", "资助", "奖励", "表彰", "应当", "可以", "负责", "按照", "依照", "根据",
})
PROPER_POS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "nt", "j", "eng"})
VERB_POS = frozenset({"v", "vd", "vi", "vg", "vq", "ad", "l", "i"})
NOUN_POS = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "j", "l", "b", "vn",
                      "an", "eng", "i", "nrf", "a", "f", "k", "s"})
"""Parts of speech a noun phrase is built of (l and i: jieba's idioms, 高等院校 is l)."""


class Token(NamedTuple):
    word: str
    pos: str
    start: int
    end: int


def tag(text: str, offset: int = 0) -> list[Token]:
    """Tokens of `text` with their offsets (plus `offset`)."""
    tokens = []
    position = offset
    for word, pos in rjieba.tag(text, False):
        end = position + len(word)
        tokens.append(Token(word, pos, position, end))
        position = end
    return tokens


class SentenceWords:
    """One sentence's tokens (document offsets) and where words start and end."""

    __slots__ = ("end_at", "start_at", "tokens")

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.start_at = {t.start: i for i, t in enumerate(tokens)}
        self.end_at = {t.end: i for i, t in enumerate(tokens)}

    def on_boundaries(self, start: int, end: int) -> bool:
        """Whether [start, end) starts and ends between words."""
        return start in self.start_at and end in self.end_at


class Words:
    """The tokens of each sentence of a document, segmented once on first use."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._cache: dict[int, SentenceWords] = {}

    def of(self, sentence: Sentence) -> SentenceWords:
        found = self._cache.get(sentence.index)
        if found is None:
            found = SentenceWords(tag(sentence.text, sentence.start))
            self._cache[sentence.index] = found
        return found


def is_boundary(token: Token, previous: Token | None) -> bool:
    """Whether a name cannot extend over `token` (a preposition, conjunction, particle, number)."""
    return token.word in BOUNDARY_WORDS or token.pos in BOUNDARY_POS


def is_leading_verb(token: Token) -> bool:
    """A verb of two or more characters that starts a clause, not a name."""
    verb = (token.pos in VERB_POS or token.pos == "v") and token.pos not in ("l", "i")
    return (verb and len(token.word) >= 2) or token.word in CUT_VERBS


def is_cut_verb(token: Token) -> bool:
    """A governing verb (支持, 依托, 嵌入, …): a name never contains it, so it ends the clause."""
    return token.word in CUT_VERBS


def is_nounish(token: Token) -> bool:
    return token.pos in NOUN_POS


def phrase_start(tokens: list[Token], last: int, floor: int = 0) -> int:
    """Index of the first token of the noun phrase ending with tokens[last].

    Walks left over nouns (and verbs inside a compound: 研究开发机构), over a short bracket
    (县（市）区), and stops at punctuation, prepositions, conjunctions, particles, numbers and
    governing verbs; leading verbs are then dropped. `floor` is the lowest token index
    allowed.
    """
    index = last
    while index > floor:
        token = tokens[index - 1]
        if token.word in ("）", ")"):
            opening = next((i for i in range(index - 2, max(floor, index - 6) - 1, -1)
                            if tokens[i].word in ("（", "(")), None)
            if opening is not None and opening > floor and is_nounish(tokens[opening - 1]) \
                    and not is_cut_verb(tokens[opening - 1]):
                index = opening
                continue
            break
        previous = tokens[index - 2] if index >= 2 else None
        if is_boundary(token, previous) or is_cut_verb(token):
            break
        if not is_nounish(token):
            inside = previous is not None and index - 2 >= floor and is_nounish(previous) \
                and not is_cut_verb(previous) and token.pos.startswith("v")
            if not inside:
                break
        index -= 1
    while index < last and (is_leading_verb(tokens[index]) or tokens[index].word in ("的",)):
        index += 1
    return index
