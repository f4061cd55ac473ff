"""The extractor's rules on small texts: numbers, dates, decoding, structure, names, figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from govkg.errors import InputError
from govkg.extract.dates import find_dates, infer_year
from govkg.extract.numbers import chinese_to_int, parse_number
from govkg.extract.pipeline import extract_text
from govkg.extract.reading import read_text, text_files
from govkg.extract.sections import segment
from govkg.ontology.terms import COVERS, FIGURE, INSTITUTION, MECHANISM, POLICY


def _names(text: str, category: str) -> set[str]:
    extraction = extract_text(text, year=2021).extraction
    pool = extraction.roles if category == "role" else extraction.candidates
    return {c.name for c in pool if c.category == category}


@pytest.mark.parametrize(("text", "value"), [
    ("三", 3), ("十四", 14), ("二十五", 25), ("一百零八", 108), ("两万", 20000), ("十", 10),
])
def test_chinese_numerals(text: str, value: int) -> None:
    assert chinese_to_int(text) == value


def test_numbers_full_width_and_separators() -> None:
    assert parse_number("１，０００") == 1000
    assert parse_number("1,000") == 1000
    assert parse_number("abc") is None


def test_dates_keep_their_precision() -> None:
    values = [d.value for d in find_dates("2021年，9月，2021年3月，2021年1月1日，12月1日", 2020)]
    assert values == ["2021", "2020-09", "2021-03", "2021-01-01", "2020-12-01"]


def test_impossible_dates_are_dropped() -> None:
    assert find_dates("13月5日", 2021) == []


def test_year_from_hint_then_text() -> None:
    assert infer_year("2019年 2019年 2020年", hint="report-2021") == 2021
    assert infer_year("2019年 2019年 2020年") == 2019


def test_gbk_text_is_detected_and_decoded(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes("关于印发《上海市科技创新券管理办法》的通知".encode("gbk"))
    source = read_text(path)
    assert source.encoding == "gb18030"
    assert "科技创新券" in source.text


def test_undecodable_and_binary_files_are_refused(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Résumé of the café programme, naïve façade".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin\.txt"):
        read_text(latin)
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    with pytest.raises(InputError, match="binary"):
        read_text(binary)


def test_directories_list_text_files_and_refuse_empty(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("乙", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("x: 1", encoding="utf-8")
    assert [p.name for p in text_files([tmp_path])] == ["b.txt", "a.md"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match=r"no \.md or \.text or \.txt files"):
        text_files([empty])


def test_articles_and_paragraphs_are_sections() -> None:
    doc = segment("某某条例\n\n第一章　总则\n\n第三条　第一款文字。\n\n第二款文字。\n\n"
                  "第四条　另一条。\n")
    sections = [(s.section, s.text) for s in doc.sentences]
    assert ("第一章第三条", "第三条　第一款文字。") in sections
    assert ("第一章第三条第二款", "第二款文字。") in sections
    assert ("第一章第四条", "第四条　另一条。") in sections
    assert doc.title == "某某条例"


def test_numbered_sections() -> None:
    doc = segment("标题\n\n一、总体要求\n\n（二）主要目标。\n\n5.3 深入推进改革\n\n正文。\n")
    sections = {s.text: s.section for s in doc.sentences}
    assert sections["（二）主要目标。"] == "一（二）"
    assert sections["正文。"] == "5.3"


def test_own_title_number_and_dates() -> None:
    text = ("上海市促进某某发展条例\n\n（2020年1月20日上海市人民代表大会常务委员会通过）\n\n"
            "第一条　为了促进发展，制定本条例。\n\n第九条　本条例自2020年5月1日起施行。\n")
    policies = [c for c in extract_text(text).extraction.candidates if c.type == POLICY]
    assert [(p.name, p.fields.get("adopted"), p.fields.get("effective")) for p in policies] == [
        ("上海市促进某某发展条例", "2020-01-20", "2020-05-01")]


def test_title_dates_in_every_layout() -> None:
    text = ("- 3月 • 首部法规《上海市甲条例》实施\n\n《乙办法(试行)》于2021年1月1日实施。\n\n"
            "《丙规定》\n\n12月1日发布\n\n印发《丁意见》（沪府发〔2019〕2号）。\n")
    found = {c.name: c.fields for c in extract_text(text, year=2021).extraction.candidates
             if c.type == POLICY}
    assert found["上海市甲条例"]["effective"] == "2021-03"
    assert found["乙办法(试行)"]["effective"] == "2021-01-01"
    assert found["乙办法(试行)"]["doc_type"] == "measures"
    assert found["丙规定"]["issued"] == "2021-12-01"
    assert found["丁意见"]["doc_number"] == "沪府发〔2019〕2号"
    assert "issued" not in found["丁意见"]


def test_institution_names_lose_the_verb_in_front() -> None:
    text = ("支持上海电器科学研究所开展研发。依托上海市财政科技投入信息管理平台，"
            "推进筹备组建全市科技伦理治理委员会。与联影集团和华虹集团签署协议。")
    assert _names(text, "institution") == {"上海电器科学研究所", "全市科技伦理治理委员会",
                                           "联影集团", "华虹集团"}
    assert _names(text, "programme") == {"上海市财政科技投入信息管理平台"}


def test_enumerations_name_short_forms() -> None:
    names = _names("支持上海化工院、上海材料所和上海激光技术研究所等3家院所开展公共服务。",
                   "institution")
    assert {"上海化工院", "上海材料所", "上海激光技术研究所"} <= names


def test_roles_are_kept_apart_from_institutions() -> None:
    text = "市科技主管部门负责协调。区人民政府负责本区工作。上海市人民政府加强领导。"
    assert _names(text, "role") >= {"市科技主管部门", "区人民政府"}
    assert _names(text, "institution") == {"上海市人民政府"}


NINGBO = Path("data/corpus/laws/浙江-宁波市科技创新促进条例-2011-04-11.md")


def test_a_law_text_is_read_with_the_law_loader() -> None:
    extracted = extract_text(NINGBO.read_text(encoding="utf-8"), path=NINGBO)
    own = next(c for c in extracted.extraction.candidates if c.fields.get("self"))
    assert own.name == "宁波市科技创新促进条例"  # the first line, without the Markdown `# `
    assert [(e["kind"], e["date"], e["body"]) for e in own.fields["events"]] == [
        ("adopted", "2010-12-24", "宁波市人民代表大会常务委员会"),
        ("approved", "2011-03-30", "浙江省人民代表大会常务委员会"),
        ("promulgated", "2011-04-11", "宁波市人民代表大会常务委员会"),
        ("effective", "2011-05-01", None)]
    assert own.fields["effective"] == "2011-05-01"
    by_key = {c.key: c for c in extracted.extraction.candidates}
    issuers = [by_key[r.target].name for r in extracted.extraction.relations
               if r.type == "ISSUED_BY"]
    assert issuers == ["宁波市人民代表大会常务委员会"]
    assert extracted.region is not None and extracted.region.name == "宁波市"


def test_bodies_are_resolved_in_the_jurisdiction_and_never_invented_from_roles() -> None:
    text = NINGBO.read_text(encoding="utf-8") + (
        "\n第五十条 市人民政府应当支持。市科学技术部门和财政部门负责监督。\n")
    extracted = extract_text(text, path=NINGBO)
    institutions = {c.name: c for c in extracted.extraction.candidates
                    if c.category == "institution"}
    assert "宁波市人民政府" in institutions
    assert "市人民政府" in institutions["宁波市人民政府"].aliases
    assert institutions["宁波市人民政府"].fields["known_id"] == "inst-ningbo-gov"
    assert not {"中华人民共和国科学技术部", "中华人民共和国财政部"} & set(institutions)
    roles = {c.name for c in extracted.extraction.roles}
    assert {"市科学技术部门", "财政部门"} <= roles


def test_coordinated_levels_name_the_city_body_and_a_role() -> None:
    text = ("# 舟山市甲条例\n\n2019年10月29日 舟山市第七届人民代表大会常务委员会第二十七次会议通过"
            "\n\n<!-- INFO END -->\n\n第五条 市、县（区）科学技术协会、社会科学界联合会协助工作。"
            "\n\n第六条 市和县（区）人民政府及其有关部门应当支持。\n")
    extracted = extract_text(text)
    names = {c.name for c in extracted.extraction.candidates if c.category == "institution"}
    assert {"舟山市科学技术协会", "舟山市社会科学界联合会", "舟山市人民政府",
            "舟山市人民代表大会常务委员会"} <= names
    assert "市和县（区）人民政府" in {c.name for c in extracted.extraction.roles}


def test_named_programmes_need_a_place_a_proper_noun_or_a_list() -> None:
    text = ("国家设立国家最高科学技术奖和国家自然科学奖。推进张江科学城、大零号湾等科技创新中心"
            "重要承载区建设。支持高新技术产业开发区和重点实验室建设。")
    names = _names(text, "programme")
    assert {"国家最高科学技术奖", "国家自然科学奖", "张江科学城", "大零号湾"} <= names
    assert not {"高新技术产业开发区", "重点实验室"} & names


def test_mechanisms_from_the_instruments_vocabulary_with_their_spellings() -> None:
    text = "县级以上人民政府应当落实税收优惠政策，开展知识产权质押贷款和科技保险业务。"
    mechanisms = {c.name: c for c in extract_text(text).extraction.candidates
                  if c.category == "mechanism"}
    assert {"税收优惠", "知识产权质押融资", "科技保险"} <= set(mechanisms)
    assert "税收优惠政策" in mechanisms["税收优惠"].aliases
    assert "知识产权质押贷款" in mechanisms["知识产权质押融资"].aliases
    assert mechanisms["税收优惠"].fields["known_id"] == "mech-tax-incentive"


def test_figures_in_chinese_numerals_percentages_and_fractions() -> None:
    text = ("第九条 用于基础研究的比例原则上不低于三分之一。"
            "第十条 提取不低于百分之二十的比例用于奖励。"
            "财政经费增长幅度应当高于经常性收入增长幅度一个百分点以上。")
    figures = {(c.fields["value"], c.fields["unit"])
               for c in extract_text(text).extraction.candidates if c.type == FIGURE}
    assert figures == {(0.3333, "fraction"), (20, "%"), (1, "个百分点")}


def test_defined_abbreviation_becomes_an_alias() -> None:
    text = ("上海市科学技术委员会（以下简称“市科委”）发布指南。"
            "成立张江脑科学研究院（以下简称“脑科院”）。")
    candidates = extract_text(text).extraction.candidates
    assert {c.name: c.aliases for c in candidates if c.type == INSTITUTION} == {
        "上海市科学技术委员会": ["市科委"], "张江脑科学研究院": ["脑科院"]}


def test_mechanisms_by_concept_and_quotes() -> None:
    text = "推进“揭榜挂帅”“赛马制”等试点，实行经费包干制，设立“基础研究特区”和“探索者计划”。"
    extraction = extract_text(text).extraction
    mechanisms = {c.name for c in extraction.candidates if c.type == MECHANISM}
    schemes = {(c.type, c.name) for c in extraction.candidates if c.category == "programme"}
    assert mechanisms == {"揭榜挂帅", "赛马制", "包干制"}
    assert schemes == {("Pilot", "基础研究特区"), ("Programme", "探索者计划")}


def test_figures_with_unit_qualifier_and_owner() -> None:
    text = ("“揭榜挂帅”机制\n\n发布**14**条榜单，全年引导企业投入超1000万元，"
            "一条榜单由两家单位承担。\n")
    extraction = extract_text(text).extraction
    figures = {(c.fields["value"], c.fields["unit"], c.fields.get("qualifier"))
               for c in extraction.candidates if c.type == FIGURE}
    assert figures == {(14, "条", None), (1000, "万元", "超"), (2, "家", None)}
    owners = {r.source for r in extraction.relations if r.type == "HAS_FIGURE"}
    assert owners == {"Mechanism:揭榜挂帅"}


def test_coverage_with_role_batch_and_context_from_the_label() -> None:
    text = ("“基础研究特区”\n\n复旦大学、上海交通大学等作为首批试点单位，推行长期稳定支持\n\n"
            "“探索者计划”\n\n与联影集团签署合作框架协议,按1:3的比例共同资助\n")
    relations = extract_text(text).extraction.relations
    covers = {(r.source, r.target, r.fields.get("role"), r.fields.get("as_written"),
               r.fields.get("batch"), r.fields.get("open_list"))
              for r in relations if r.type == COVERS}
    # the role of govkg:ParticipationRoleScheme, the phrase as written, and 等 ending the list
    assert covers == {
        ("Pilot:基础研究特区", "Institution:复旦大学", "pilot_unit", "首批试点单位", 1, True),
        ("Pilot:基础研究特区", "Institution:上海交通大学", "pilot_unit", "首批试点单位", 1, True),
        ("Programme:探索者计划", "Institution:联影集团", "co_funding_partner", "合作单位", None,
         None),
    }
    ratios = {(r.source, r.fields["ratio"]) for r in relations if r.type == "CO_FUNDS"}
    assert ratios == {("Institution:联影集团", "1:3")}


def test_government_bodies_are_not_covered_units() -> None:
    text = "“探索者计划”\n\n由市科委与联影集团等企业共同出资。\n"
    covers = {r.target for r in extract_text(text).extraction.relations if r.type == COVERS}
    assert covers == {"Institution:联影集团"}


def test_quotes_are_verbatim_slices() -> None:
    text = Path("data/corpus/shanghai-2021-st-governance.txt").read_text(encoding="utf-8")
    extracted = extract_text(text, hint="shanghai-2021")
    for candidate in extracted.extraction.candidates:
        quote = candidate.quote or candidate.sentence.text
        assert quote in text, candidate.name


def test_a_list_closed_by_its_count_is_not_open() -> None:
    """…等5家院所 names all five: not an open list; …等作为首批试点单位 is (issue 16)."""
    text = ("“探索者计划”\n\n支持上海电器科学研究所、上海化工研究院等2家院所开展公共服务\n")
    covers = [r for r in extract_text(text).extraction.relations if r.type == COVERS]
    assert covers and all(r.fields.get("open_list") is None for r in covers)
    assert {r.fields["role"] for r in covers} == {"supported_unit"}


def _mechanism_names(text: str) -> dict[str, set[str]]:
    return {c.name: set(c.names()) for c in extract_text(text, year=2021).extraction.candidates
            if c.category == "mechanism"}


def test_a_system_set_up_by_a_verb_keeps_its_whole_name() -> None:
    # 舟山市科技创新促进条例 第三十三条, 宁波市科技创新促进条例 第三十二条 (dev texts)
    found = _mechanism_names("市、县（区）人民政府应当建立财政对科技投入的持续稳定增长机制，"
                             "科学技术经费的增长幅度不低于全省平均水平。")
    assert any("财政对科技投入的持续稳定增长机制" in names for names in found.values())
    found = _mechanism_names("市和县（市）区人民政府应当建立和完善知识产权扶持、资助和奖励制度，"
                             "鼓励、引导企业加大知识产权投入。")
    assert any("知识产权扶持、资助和奖励制度" in names for names in found.values())


def test_the_other_items_of_a_list_of_mechanisms_are_proposed_with_low_confidence() -> None:
    # 舟山市科技创新促进条例 第二十七条 (dev text)
    text = ("企业、高等院校、科研机构可以采取知识产权入股、科技成果折股、收益分成或者"
            "股权奖励等方式，对完成职务科技成果的科技人员进行奖励。")
    mechanisms = {c.name: c for c in extract_text(text, year=2021).extraction.candidates
                  if c.category == "mechanism"}
    assert "知识产权入股" in mechanisms
    assert mechanisms["知识产权入股"].confidence < 0.6
    assert not {"企业", "高等院校", "科研机构"} & set(mechanisms)


def test_kinds_of_instruments_by_their_head_noun() -> None:
    # 中关村国家自主创新示范区条例 第四十七条 and 河南省促进高新技术产业发展条例 第三十五条 (dev)
    found = _mechanism_names("支持示范区内的企业运用中期票据、短期融资券、公司债、信托计划等"
                             "方式筹集资金，拓宽直接融资渠道。")
    assert {"中期票据", "短期融资券"} <= set(found)
    found = _mechanism_names("可以对在岗的高新技术产业人才实行年薪制、协议工资制。")
    assert "年薪制" in found
    assert not {"体制", "有关政策"} & set(_mechanism_names("依照有关政策深化科技体制。"))


def test_well_known_markets_quoted_brands_and_indices_are_programmes() -> None:
    # 河南省促进高新技术产业发展条例, 杭州市科学技术进步条例, 中关村国家自主创新示范区条例 (dev)
    assert {"主板", "中小企业板", "创业板"} <= _names(
        "支持有条件的高新技术企业在国内主板、中小企业板和创业板上市。", "programme")
    assert "天堂硅谷" in _names('优先发展科学技术，打造"天堂硅谷"，建设创新型城市。', "programme")
    assert "中关村指数" in _names("组织编制并定期发布中关村指数。", "programme")


def test_items_of_a_list_of_kinds_of_funds_are_not_named_funds() -> None:
    # 中关村国家自主创新示范区条例 (dev): kinds of funds, not two named funds
    names = _names("市人民政府可以运用科技产业投资基金和绿色产业投资基金等产业投资基金，"
                   "支持科技成果在示范区转化。",
                   "programme")
    assert not {"科技产业投资基金", "绿色产业投资基金"} & names


def test_a_longer_spelling_starting_inside_the_label_found_is_kept() -> None:
    # 北京市科学技术普及条例 第三十七条 (dev): 给予表彰 is found first, 表彰和奖励 is the term
    found = _mechanism_names("本市有关行政部门和社会团体对在科普工作中作出突出贡献的集体和个人，"
                             "给予表彰和奖励。")
    assert "表彰和奖励" in found["表彰奖励"]


def test_a_system_is_also_spelt_with_its_joined_phrase_and_without_a_modifier() -> None:
    # 中关村国家自主创新示范区条例 and 舟山市科技创新促进条例 第三十四条 (dev)
    found = _mechanism_names("完善行政机关之间以及行政机关与司法机关之间的案件移送和线索通报制度。")
    assert "案件移送和线索通报制度" in found["线索通报制度"]
    found = _mechanism_names("市、县（区）人民政府应当引导建立多元化科技投融资体系,"
                             "吸引国内外创业投资基金")
    assert any("科技投融资体系" in names for names in found.values())


def test_a_label_written_as_object_and_verb_apart_is_the_concept() -> None:
    # 河南省促进高新技术产业发展条例 第十七条 (dev)
    found = _mechanism_names("省科技部门应当会同省财政、税务部门对高新技术企业进行认定(复审)，"
                             "经认定（复审）合格的高新技术企业，依法按照百分之十五的税率征收企业所得税。")
    assert "高新技术企业进行认定" in found["高新技术企业认定"]


def test_a_fund_whose_rules_a_title_names_is_a_programme() -> None:
    # shanghai-2021-st-governance.txt (dev), the year's events
    names = _names("- 5月 • 《上海市中央引导地方科技发展资金管理办法》发布", "programme")
    assert "上海市中央引导地方科技发展资金" in names


def test_a_label_inside_the_name_of_a_kind_of_actor_is_no_mechanism() -> None:
    # 上海市科学技术进步条例 (dev): incubators are carriers (a role), not the instrument
    found = _mechanism_names("市、区人民政府及其相关部门应当制定措施，对科技企业孵化机构、"
                             "大学科技园等科技创新创业载体建设给予支持，"
                             "引导其为科技企业成长提供专业服务。")
    assert "孵化" not in found


def test_zi_zhu_is_part_of_a_name() -> None:
    # 上海市科学技术进步条例 (dev): 自主 is inside the name, not a verb that cuts it
    names = _names("市、区人民政府加强国家自主创新示范区、高新技术产业开发区建设发展，"
                   "推进张江科学城、大零号湾等科技创新中心重要承载区建设。", "programme")
    assert "国家自主创新示范区" in names


def test_a_zone_set_up_inside_a_defined_zone_is_a_pilot() -> None:
    # 中关村国家自主创新示范区条例 第三条 and 第三十六条 (dev)
    text = ("第三条 中关村国家自主创新示范区（以下简称“示范区”）由海淀园、丰台园、昌平园、电子城、"
            "亦庄园、德胜园、石景山园、雍和园、通州园、大兴生物医药产业基地以及市人民政府根据国务院"
            "批准划定的其他区域等多园构成。\n第三十六条 本市在示范区建设人才特区。")
    assert "人才特区" in _names(text, "programme")


def test_the_items_of_a_list_of_areas_are_not_mechanisms() -> None:
    # 上海市科学技术进步条例 第三十二条 (dev): fields of a cooperation, listed beside 人才流动
    found = _mechanism_names("第三十二条 本市推动与国内其他地区开展科技创新合作，建立科学研究、"
                             "人才交流、成果转化、产业对接等常态化合作交流机制，促进人才、技术、"
                             "资金等创新要素合理流动和协同发展。")
    assert not {"科学研究", "成果转化"} & set(found)


def test_committees_a_named_body_forms_are_bodies() -> None:
    # 国家科学技术奖励条例 第七条 (dev)
    names = _names("第七条 国家设立国家科学技术奖励委员会。国家科学技术奖励委员会聘请有关方面的"
                   "专家、学者等组成评审委员会和监督委员会，负责国家科学技术奖的评审和监督工作。",
                   "institution")
    assert {"评审委员会", "监督委员会"} <= names


def test_policy_and_reform_heads_are_no_kind_of_their_own() -> None:
    # shanghai-2021-st-governance.txt (dev): 分配政策 and 院所体制改革 are no instruments
    found = _mechanism_names("充分发挥收入分配政策的激励引导作用，围绕深化院所体制改革、"
                             "培育建设新型研发机构等，持续完善相应的支持政策。")
    assert not {"收入分配政策", "分配政策", "院所体制改革", "体制改革"} & set(found)


def test_a_list_of_systems_is_no_system_but_its_long_items_are() -> None:
    # 舟山市科技创新促进条例, 上海市科学技术进步条例, 中关村国家自主创新示范区条例 (dev)
    found = _mechanism_names("完善技术服务市场管理体制和运行机制，推动建立科技中介服务体系。")
    assert not any("体制和运行机制" in name for name in found)
    found = _mechanism_names("推进使用财政性资金设立的科学技术研究开发机构、高等学校建立科技成果"
                             "披露以及职务科技成果单列管理等制度，促进科技成果转化。")
    assert {"科技成果披露", "职务科技成果单列管理"} <= set(found)
    assert all(c.confidence < 0.5 for c in extract_text(
        "高等学校建立科技成果披露以及职务科技成果单列管理等制度。", year=2021
    ).extraction.candidates if c.name == "科技成果披露")
    found = _mechanism_names("制定示范区创新创业型人才发展规划，建立健全人才培养、引进、使用、"
                             "流动、评价等制度，为示范区内的人才提供服务。")
    assert not {"人才培养", "引进"} & set(found)
    assert not any(name.endswith("等制度") for name in found)


def test_kinds_of_insurance_and_bonds_keep_their_modifier_and_lose_their_holder() -> None:
    # 中关村国家自主创新示范区条例 第四十六条, 河南省促进高新技术产业发展条例 第四十八条 (dev)
    found = _mechanism_names("鼓励示范区内的企业购买关键研发设备保险、高管人员和关键研发人员团体"
                             "健康保险、意外保险、补充医疗保险和补充商业养老保险等保险服务。")
    assert {"补充医疗保险", "补充商业养老保险"} <= set(found)
    assert any("团体健康保险" in names for names in found.values())
    found = _mechanism_names("县级以上人民政府可以依法组织符合条件的高新技术企业发行"
                             "中小企业集合债券和集合票据。")
    assert "中小企业集合债券" in found


def test_a_kind_named_by_object_verb_and_head_without_who_makes_it() -> None:
    # 上海市科学技术进步条例 (dev); 公司债 alone: 中关村国家自主创新示范区条例 (dev)
    found = _mechanism_names("市经济信息化部门应当会同相关部门编制创新产品推荐目录，"
                             "并实施相关支持政策。")
    assert "创新产品推荐目录" in found
    # 舟山市科技创新促进条例 (dev)
    assert "债务融资工具" in _mechanism_names("支持有条件的科技型企业采取上市、挂牌、发行"
                                          "各类债务融资工具等多种形式进行融资。")
    assert "公司债" in _mechanism_names("支持示范区内的企业运用中期票据、短期融资券、公司债、"
                                        "信托计划等方式筹集资金。")


def test_three_general_words_name_a_system_two_do_not() -> None:
    # 上海市科学技术进步条例 第三十一条 (dev)
    found = _mechanism_names("本市推动长江三角洲区域科技创新共同体建设，完善区域协同创新机制，"
                             "整合跨区域、跨部门科技创新力量。")
    assert "区域协同创新机制" in found
    assert "科技创新机制" not in _mechanism_names("完善科技创新机制。")


def test_a_zone_the_text_defines_makes_a_plan_one_document() -> None:
    # 中关村国家自主创新示范区条例 第四十九条 (dev)
    text = ("第三条 中关村国家自主创新示范区（以下简称“示范区”）由海淀园、丰台园、昌平园组成。"
            "第四十九条 市和区、县人民政府应当根据示范区发展规划纲要的要求，统筹示范区与周边地区的"
            "基础设施。第五十四条 按照生态良好、节能环保的原则，编制示范区建设的各类规划。")
    names = _names(text, "policy")
    assert "示范区发展规划纲要" in names
    assert not any("各类规划" in name for name in names)


def test_donations_and_pilot_first_trials_are_mechanisms() -> None:
    # 北京市科学技术普及条例, 上海市科学技术进步条例 (dev)
    found = _mechanism_names("本市各级人民政府应当采取措施，鼓励境内外组织和个人捐助或者投资建设"
                             "科普设施。争取科技创新领域的改革措施在本市先行先试。")
    assert {"捐赠", "先行先试"} <= set(found)


def test_a_phrase_joined_to_a_defined_short_form_is_one_programme_name() -> None:
    # 中关村国家自主创新示范区条例 第三条, 第五十三条 (dev)
    text = ("第三条 中关村国家自主创新示范区（以下简称“示范区”）由海淀园、丰台园、昌平园组成。"
            "第五十三条 市人民政府会同国务院相关部门建立示范区科技创新和产业化促进中心服务平台，"
            "健全跨层级联合工作机制。")
    assert "示范区科技创新和产业化促进中心服务平台" in _names(text, "programme")
