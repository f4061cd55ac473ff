"""Word segmentation with part-of-speech tags (jieba-rs through rjieba, dictionary built in).

Used only around candidate names, to find where a name begins: the verb or preposition in front
of 上海电器科学研究所 in 支持上海电器科学研究所 is cut off by its tag.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate, count
from operator import itemgetter
from typing import Any, NamedTuple

from govkg.errors import needs_extra


def _segmenter() -> Any:
    """rjieba, imported when first needed (the `extract` extra)."""
    with needs_extra("extract", "Extraction (govkg extract)"):
        import rjieba
    return rjieba

BOUNDARY_POS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ug", "ud", "uv", "r", "d", "x",
                          "y", "e", "o", "rr", "rz", "zg"})
BOUNDARY_WORDS = frozenset({"等", "的", "和", "与", "及", "或", "对", "由", "在", "向", "将", "为",
                            "以", "至", "从", "经", "按", "把", "被", "给", "于", "即", "并", "同",
                            "跟", "及其", "以及", "其中", "包括", "如", "、", "，", "。",
                            "本市", "全省", "我市", "我国", "首批", "第二批", "一批", "上",
                            "中", "内", "下", "前", "后", "间", "里", "外", "年", "月", "日",
                            "号"})
CUT_VERBS = frozenset({
    "嵌入", "纳入", "支持", "依托", "推进", "建设", "组建", "设立", "成立", "启动", "加强", "完善",
    "推动", "鼓励", "引导", "委托", "联合", "会同", "实施", "开展", "发布", "出台", "制定", "汇交",
    "提交", "报送", "签署", "共建", "建立", "打造", "培育", "参与", "牵头", "承担", "申报", "获批",
    "认定", "入选", "加入", "批准", "授权", "同意", "要求", "通过", "筹备", "优化", "落实", "贯彻",
    "集聚", "吸引", "引进", "服务", "对接", "依靠", "利用", "发挥", "评估", "延长", "起草", "印发",
    "扩大", "深化", "加快", "探索", "形成", "提升", "强化", "构建", "面向", "聚焦", "围绕", "组织",
})
PROPER_POS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "nt", "j", "eng"})
VERB_POS = frozenset({"v", "vn", "vd", "vi", "vg", "vq", "a", "ad", "an", "l", "i"})


class Token(NamedTuple):
    word: str
    pos: str
    start: int
    end: int


def tag(text: str, offset: int = 0) -> list[Token]:
    """Tokens of `text` with their offsets (plus `offset`)."""
    tokens = []
    position = offset
    for word, pos in _segmenter().tag(text, False):
        end = position + len(word)
        tokens.append(Token(word, pos, position, end))
        position = end
    return tokens


class TokenIndex:
    """The tokens of a whole document, tagged once (segmenting clause by clause costs more
    than the whole text at once), with lookups by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.raw: list[tuple[str, str]] = _segmenter().tag(text, False)
        ends = list(accumulate(map(len, map(itemgetter(0), self.raw))))
        self.starts = [0, *ends[:-1]]
        self.ends = ends
        self.by_end = dict(zip(ends, count()))

    def ending_at(self, position: int) -> int | None:
        """Index of the token that ends at `position`, if a token boundary is there."""
        return self.by_end.get(position)

    def relative(self, origin: int, end: int, start: int | None = None) -> list[Token]:
        """Tokens of [start, end) (start defaults to origin), offsets counted from `origin`."""
        begin = origin if start is None else start
        first = bisect_left(self.starts, begin)
        last = self.by_end.get(end)
        if first < len(self.starts) and self.starts[first] == begin and last is not None:
            starts, ends = self.starts, self.ends
            return [Token(word, pos, starts[i] - origin, ends[i] - origin)
                    for i, (word, pos) in enumerate(self.raw[first:last + 1], first)]
        return tag(self.text[begin:end], begin - origin)

    def between(self, start: int, end: int) -> list[Token]:
        """Tokens inside [start, end) when both are token boundaries; else the span tagged
        on its own."""
        first = bisect_left(self.starts, start)
        last = self.by_end.get(end)
        if first < len(self.starts) and self.starts[first] == start and last is not None:
            return [Token(word, pos, self.starts[i], self.ends[i])
                    for i, (word, pos) in enumerate(self.raw[first:last + 1], first)]
        return tag(self.text[start:end], start)


def is_boundary(token: Token, previous: Token | None) -> bool:
    """Whether a name cannot extend over `token` (a preposition, conjunction, particle, number)."""
    if token.word in BOUNDARY_WORDS or token.pos in BOUNDARY_POS:
        return True
    if token.pos == "m" and any(c.isdigit() for c in token.word):
        return True
    return token.pos == "q" and previous is not None and previous.pos == "m"


def is_leading_verb(token: Token) -> bool:
    """A verb or adjective of two or more characters that starts a clause, not a name."""
    return token.pos in VERB_POS and len(token.word) >= 2


def is_cut_verb(token: Token) -> bool:
    """A governing verb (支持, 依托, 嵌入, …): a name never contains it, so it ends the clause."""
    return token.word in CUT_VERBS
