"""Word segmentation with part-of-speech tags (jieba-rs through rjieba, dictionary built in).

Every sentence is segmented once, on first use, and every proposed name is cut on the word
boundaries of that segmentation: a name never starts or ends inside a word (科学技术部 is not
found in 科学技术部门, nor 贸试验区 in 自由贸易试验区). The helpers here say where a noun phrase
begins: the verb or preposition in front of 上海电器科学研究所 in 支持上海电器科学研究所 is not
part of it.
"""

from __future__ import annotations

from functools import cache, partial
from itertools import accumulate, count
from operator import itemgetter
from typing import Any, NamedTuple

from govkg.errors import needs_extra
from govkg.extract.sections import Document, Sentence


@cache
def _segmenter() -> Any:
    """rjieba, imported when first needed (the `extract` extra), looked up once."""
    with needs_extra("extract", "Extraction (govkg extract)"):
        import rjieba
    return rjieba

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
    "进行", "具有", "属于", "成为", "作为", "视为", "列入", "享有", "取得", "获得", "维护",
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
    pairs = _segmenter().tag(text, False)
    words = [word for word, _ in pairs]
    tags = [_RETAG.get(word, pos) for word, pos in pairs]
    ends = list(accumulate(map(len, words), initial=offset))
    return list(map(_make_token, zip(words, tags, ends, ends[1:], strict=False)))


_make_token = partial(tuple.__new__, Token)
_first, _second = itemgetter(0), itemgetter(1)
"""Token from a (word, pos, start, end) tuple, without a Python-level __new__ per token."""


class SentenceWords:
    """One sentence's words: where words start and end (document offsets), their tags, and
    its tokens, made on first use. The offsets and tags are made at once (dicts and lists
    built in C), so the finders read plain attributes."""

    __slots__ = ("_tokens", "end_at", "ends", "start_at", "tags", "words")

    def __init__(self, pairs: list[tuple[str, str]], offset: int) -> None:
        words: list[str] = list(map(_first, pairs))
        self.words = words
        tags: list[str] = list(map(_second, pairs))
        if not _RETAG.keys().isdisjoint(words):
            tags = [_RETAG.get(w, t) for w, t in zip(words, tags, strict=True)]
        self.tags = tags
        """The part of speech of each word (with jieba's known mistakes corrected)."""
        self._tokens: list[Token] | None = None
        ends = list(accumulate(map(len, words), initial=offset))
        self.ends = ends
        self.start_at: dict[int, int] = dict(zip(ends[:-1], count()))
        """Offset where a word starts → its index."""
        self.end_at: dict[int, int] = dict(zip(ends[1:], count()))
        """Offset where a word ends → its index."""

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            ends = self.ends
            self._tokens = list(map(_make_token, zip(self.words, self.tags, ends, ends[1:],
                                                     strict=False)))
        return self._tokens

    def slice(self, first: int, stop: int) -> list[Token]:
        """Tokens first..stop-1, made without making the whole sentence's."""
        if self._tokens is not None:
            return self._tokens[first:stop]
        ends, tags = self.ends, self.tags
        return [_make_token((self.words[i], tags[i], ends[i], ends[i + 1]))
                for i in range(first, stop)]

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
            found = SentenceWords(_segmenter().tag(sentence.text, False), sentence.start)
            self._cache[sentence.index] = found
        return found


def ends_with_any(text: str, words: frozenset[str], shortest: int = 2) -> bool:
    """Whether `text` ends with one of `words` (at least `shortest` characters long): a
    lookup per suffix, not a comparison per word."""
    return any(text[i:] in words for i in range(len(text) - shortest + 1))


INNER_VERBS = frozenset({
    "引导", "研究", "开发", "创新", "推广", "服务", "转让", "投资", "发展", "管理", "交易", "孵化",
    "评价", "治理", "保护", "促进", "转化", "监督", "审查", "评估", "考核", "追究", "奖励", "资助",
    "补助", "扶持", "共享", "认定", "登记", "咨询", "监测", "培训", "激励", "融资", "担保", "贷款",
    "质押", "采购", "应用", "示范", "设计", "制造", "试验", "检测", "合作", "交流", "引进", "预警",
    "援助", "执法", "维权", "审批", "改革", "运营", "创业", "调整", "集聚", "承载", "代办",
    "报价", "扣除", "摊销", "折旧", "挂牌", "上市", "普及", "攻关", "储备", "留用", "评审", "提名",
    "聘任", "申报", "决策", "统计", "处理", "通报", "移送", "应对", "征求", "论证", "披露", "配置",
    "对接", "验证", "流动", "引才", "分成", "出售", "入股", "作价", "出资", "捐赠", "捐资", "运行",
    "生产", "经营", "加工", "实验", "测试", "计量", "认证", "制定", "规划", "编制", "收费",
    "投入", "增长", "奖惩", "惩戒", "失信", "守信", "诚信", "公示", "举报", "投诉", "信息化",
    "推进", "加速", "审核", "自主",
})
"""Verbs that occur inside names and terms (研究开发机构, 创业投资引导资金, 技术转让合同)."""
_LEADING = ("逐步", "积极", "大力", "不断", "进一步", "加快", "全面", "切实", "认真", "依法",
            "建立健全", "加强", "推动", "鼓励", "支持")
_RETAG = {"进步": "vn", "会同": "v", "协助": "v", "科普": "n", "税前": "n", "加计": "vn",
          "申请人": "n", "建立健全": "v"}
"""Words jieba tags badly in these texts (科学技术进步 is not an adverb)."""


def leading_verb(word: str, tag: str) -> bool:
    """A verb that starts a clause, not a name (支持, 鼓励, 逐步提高); verbs names are made
    of (研究, 开发, 引导) are kept."""
    if word in CUT_VERBS or word.startswith(_LEADING):
        return True
    return tag in ("v", "vd", "vi", "vg", "vq", "ad", "d") and len(word) >= 2


def is_leading_verb(token: Token) -> bool:
    return leading_verb(token.word, token.pos)


def cut_verb(word: str) -> bool:
    """A governing verb (支持, 依托, 嵌入, …): a name never contains it, so it ends the clause."""
    return word in CUT_VERBS and word not in INNER_VERBS


def is_nounish(token: Token) -> bool:
    return token.pos in NOUN_POS


def unknown_char(word: str) -> bool:
    """A Han character standing alone: jieba's sign of a word it does not know (张/江科学城)."""
    return (len(word) == 1 and "\u4e00" <= word <= "\u9fff"
            and word not in BOUNDARY_WORDS and word not in "市县区省乡镇")


def phrase_start(sw: SentenceWords, last: int, floor: int = 0) -> int:
    """Index of the first word of the noun phrase ending with word `last` of a sentence.

    Walks left over nouns, over verbs that names are made of (研究开发机构), over single
    characters jieba did not know as a word (张|江|科学城), over a short bracket (县（市）区),
    and stops at punctuation, prepositions, conjunctions, particles, numbers and other verbs;
    leading verbs are then dropped. `floor` is the lowest word index allowed.
    """
    words, tags = sw.words, sw.tags
    index = last
    while index > floor:
        word, tag = words[index - 1], tags[index - 1]
        if word in ("）", ")"):
            opening = next((i for i in range(index - 2, max(floor, index - 6) - 1, -1)
                            if words[i] in ("（", "(")), None)
            if opening is not None and opening > floor and tags[opening - 1] in NOUN_POS \
                    and not cut_verb(words[opening - 1]):
                index = opening
                continue
            break
        if unknown_char(word) and unknown_char(words[index]):
            index -= 1
            continue
        if word in BOUNDARY_WORDS or tag in BOUNDARY_POS or cut_verb(word):
            break
        if word in CUT_VERBS and tags[index] in PROPER_POS:
            break  # 重点建设|中关村科学城: a verb before a proper name governs it
        if tag not in NOUN_POS and word not in INNER_VERBS:
            break
        index -= 1
    while index < last and (leading_verb(words[index], tags[index]) or words[index] == "的"):
        index += 1
    return index
