"""Chinese records for training: real titles and journal names, synthetic people and numbers.

The shared corpora hold almost no Chinese. Real Chinese bibliographic records in bulk are not
public, but their parts are: 24,753 real paper titles with their journals (a CNKI crawl of education
journals), the 533 CSSCI journal names, the Chinese items of zotero-chinese's style tests. Authors
are drawn from the common surnames and given-name characters below (our own lists), volumes, issues,
pages and DOIs from realistic ranges; books, theses, conference papers, reports, newspapers,
standards, patents and web pages reuse the titles with publishers, universities and places listed
below (real names, our own lists). Every draw comes from one seeded `random.Random`. Most of the
module's length is those lists, one name a line.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable

from litgraph.csl import CslItem, Name
from litgraph.parse.names import split_cjk_name

from .sources import CNKI_EDUCATION_TITLES, CSSCI_JOURNALS

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "司徒", "夏侯")
GIVEN_CHARS = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红梅鑫波斌宇浩凯健俊帆帅旭宁龙林欣佳雪慧"
    "颖琳晨阳鹏飞峰辉建国志民新海燕晓东文博思远子涵雨轩一诺梓萱浩然嘉怡俊杰欣怡宏亮振华永胜立群德昌世平"
    "学良家豪正阳若曦紫涵天佑海涛春梅秋月冬青夏雨晓彤佳讯敏学俊云先国永贵新圣志杰丽叶洪建泽宪"
)
PUBLISHERS = (
    ("北京", "科学出版社"),
    ("北京", "人民出版社"),
    ("北京", "高等教育出版社"),
    ("北京", "清华大学出版社"),
    ("北京", "北京大学出版社"),
    ("北京", "中国人民大学出版社"),
    ("北京", "商务印书馆"),
    ("北京", "中华书局"),
    ("北京", "社会科学文献出版社"),
    ("北京", "中国社会科学出版社"),
    ("北京", "机械工业出版社"),
    ("北京", "电子工业出版社"),
    ("北京", "人民邮电出版社"),
    ("北京", "经济科学出版社"),
    ("北京", "化学工业出版社"),
    ("北京", "中国标准出版社"),
    ("北京", "人民卫生出版社"),
    ("北京", "知识产权出版社"),
    ("北京", "中国农业出版社"),
    ("上海", "上海人民出版社"),
    ("上海", "复旦大学出版社"),
    ("上海", "上海交通大学出版社"),
    ("上海", "华东师范大学出版社"),
    ("上海", "上海古籍出版社"),
    ("上海", "格致出版社"),
    ("上海", "上海三联书店"),
    ("南京", "南京大学出版社"),
    ("南京", "江苏人民出版社"),
    ("杭州", "浙江大学出版社"),
    ("武汉", "武汉大学出版社"),
    ("广州", "中山大学出版社"),
    ("成都", "四川人民出版社"),
    ("西安", "西安交通大学出版社"),
    ("长沙", "湖南教育出版社"),
    ("天津", "南开大学出版社"),
    ("合肥", "中国科学技术大学出版社"),
    ("济南", "山东人民出版社"),
    ("大连", "东北财经大学出版社"),
    ("重庆", "重庆大学出版社"),
    ("哈尔滨", "哈尔滨工业大学出版社"),
)
UNIVERSITIES = (
    ("北京", "北京大学"),
    ("北京", "清华大学"),
    ("北京", "中国人民大学"),
    ("北京", "北京师范大学"),
    ("北京", "中国科学院大学"),
    ("北京", "北京航空航天大学"),
    ("北京", "中央财经大学"),
    ("上海", "复旦大学"),
    ("上海", "上海交通大学"),
    ("上海", "同济大学"),
    ("上海", "华东师范大学"),
    ("上海", "上海财经大学"),
    ("南京", "南京大学"),
    ("南京", "东南大学"),
    ("杭州", "浙江大学"),
    ("武汉", "武汉大学"),
    ("武汉", "华中科技大学"),
    ("广州", "中山大学"),
    ("广州", "华南理工大学"),
    ("成都", "四川大学"),
    ("成都", "西南财经大学"),
    ("西安", "西安交通大学"),
    ("长沙", "中南大学"),
    ("天津", "南开大学"),
    ("天津", "天津大学"),
    ("合肥", "中国科学技术大学"),
    ("济南", "山东大学"),
    ("厦门", "厦门大学"),
    ("哈尔滨", "哈尔滨工业大学"),
    ("长春", "吉林大学"),
    ("大连", "大连理工大学"),
    ("重庆", "重庆大学"),
    ("兰州", "兰州大学"),
    ("深圳", "深圳大学"),
    ("青岛", "中国海洋大学"),
)
SCIENCE_JOURNALS = (
    "计算机学报",
    "软件学报",
    "自动化学报",
    "电子学报",
    "通信学报",
    "物理学报",
    "化学学报",
    "中国科学: 信息科学",
    "科学通报",
    "地理学报",
    "生态学报",
    "环境科学",
    "中国农业科学",
    "农业工程学报",
    "机械工程学报",
    "土木工程学报",
    "中华医学杂志",
    "中华内科杂志",
    "中国中药杂志",
    "心理学报",
    "心理科学进展",
    "数学学报",
    "力学学报",
    "光学学报",
    "电力系统自动化",
    "中国电机工程学报",
    "岩土工程学报",
    "水利学报",
    "测绘学报",
    "遥感学报",
    "计算机研究与发展",
    "中文信息学报",
    "情报学报",
    "图书情报工作",
    "中国图书馆学报",
    "北京大学学报(自然科学版)",
    "清华大学学报(自然科学版)",
    "浙江大学学报(工学版)",
    "系统工程理论与实践",
    "管理科学学报",
    "中国管理科学",
    "营销科学学报",
    "南开管理评论",
)
NEWSPAPERS = (
    "人民日报",
    "光明日报",
    "经济日报",
    "中国青年报",
    "科技日报",
    "中国教育报",
    "文汇报",
    "南方周末",
)
CONFERENCES = (
    "中国计算机大会",
    "全国教育技术学术年会",
    "中国管理学年会",
    "全国心理学学术会议",
    "中国自动化大会",
    "全国信息检索学术会议",
    "中国社会学年会",
    "全国博士生学术论坛",
)
INSTITUTES = (
    "国家统计局",
    "中国社会科学院",
    "中国科学院",
    "国务院发展研究中心",
    "中国信息通信研究院",
    "教育部",
    "国家标准化管理委员会",
)
SITES = (
    "https://www.gov.cn",
    "http://www.stats.gov.cn",
    "https://www.moe.gov.cn",
    "http://www.cnki.net",
    "https://www.cas.cn",
    "http://www.xinhuanet.com",
    "https://www.sohu.com",
    "http://news.sina.com.cn",
)


PROVINCES = (
    "北京市",
    "上海市",
    "广东省",
    "江苏省",
    "浙江省",
    "湖北省",
    "四川省",
    "山东省",
    "河南省",
    "陕西省",
    "辽宁省",
    "福建省",
    "湖南省",
    "安徽省",
    "云南省",
)
DEPARTMENTS = (
    "教育厅",
    "统计局",
    "卫生健康委员会",
    "生态环境厅",
    "科学技术厅",
    "文化和旅游厅",
    "自然资源厅",
    "财政厅",
)
FIELDS = (
    "信息与文献",
    "信息技术",
    "电子",
    "交通运输",
    "环境保护",
    "农业",
    "医疗器械",
    "建筑",
    "食品",
    "能源",
)
COMPANY_WORDS = (
    "华信",
    "中科",
    "海创",
    "博远",
    "智联",
    "天成",
    "恒通",
    "新锐",
    "绿洲",
    "远景",
    "蓝海",
    "鼎盛",
)
INDUSTRIES = ("科技", "生物科技", "电子", "信息技术", "新材料", "环境工程", "医药", "智能装备")


def body(rng: random.Random) -> Name:
    """An institution as author: a committee, a bureau, a society, a company, a university's school."""
    kind = rng.randrange(6)
    if kind == 0:
        name = f"全国{rng.choice(FIELDS)}标准化技术委员会"
    elif kind == 1:
        name = rng.choice(PROVINCES) + rng.choice(DEPARTMENTS)
    elif kind == 2:
        name = f"中国{rng.choice(FIELDS)}学会"
    elif kind == 3:
        name = f"{rng.choice(PROVINCES)[:-1]}{rng.choice(COMPANY_WORDS)}{rng.choice(INDUSTRIES)}有限公司"
    elif kind == 4:
        name = rng.choice(UNIVERSITIES)[1] + rng.choice(
            ("经济管理学院", "信息科学技术学院", "档案馆", "图书馆")
        )
    else:
        name = rng.choice(INSTITUTES) + rng.choice(("", "研究所", "课题组", "办公室"))
    return Name(literal=name)


def person(rng: random.Random) -> Name:
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.02 else rng.choice(SURNAMES)
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(1 if rng.random() < 0.3 else 2))
    family, rest = split_cjk_name(surname + given)
    return Name(family=family, given=rest)


def people(rng: random.Random) -> list[Name]:
    count = rng.choices((1, 2, 3, 4, 5, 6, 8), weights=(22, 25, 22, 13, 9, 6, 3))[0]
    return [person(rng) for _ in range(count)]


def load_titles() -> list[tuple[str, str, str]]:
    """(title, journal, issue) of the crawled CNKI records, without the journals' own notices."""
    rows = csv.DictReader(io.StringIO(CNKI_EDUCATION_TITLES.read()))
    out = []
    for row in rows:
        title = row["paper_name"].strip()
        if 6 <= len(title) <= 60 and not any(
            word in title for word in ("订阅", "征稿", "启事", "目录", "稿约")
        ):
            issue = row["issue"].replace("No.", "").strip()
            out.append((title, row["journal"].strip(), str(int(issue)) if issue.isdigit() else issue))
    return out


def load_journals() -> list[str]:
    rows = csv.DictReader(io.StringIO(CSSCI_JOURNALS.read()))
    return [row["name"].strip() for row in rows if row["name"].strip()]


def chinese_items(rng: random.Random, count: int, held_out: Callable[[str], bool]) -> list[CslItem]:
    """`count` records, every type of GB/T 7714, none whose title is `held_out`."""
    titles = [row for row in load_titles() if not held_out(row[0])]
    journals = sorted(set(load_journals()) | set(SCIENCE_JOURNALS) | {row[1] for row in titles})
    rng.shuffle(titles)
    makers = (
        (_article, 58),
        (_book, 12),
        (_thesis, 8),
        (_conference, 6),
        (_report, 3),
        (_newspaper, 4),
        (_standard, 2),
        (_patent, 2),
        (_webpage, 5),
    )
    functions, weights = zip(*makers, strict=True)
    items = []
    for i in range(min(count, len(titles))):
        title, journal, issue = titles[i]
        maker = rng.choices(functions, weights=weights)[0]
        item = maker(rng, title, journal if rng.random() < 0.5 else rng.choice(journals), issue)
        item.id = f"zh-{i}"
        item.language = "zh"
        items.append(item)
    return items


def _year(rng: random.Random) -> int:
    return rng.randint(1985, 2026)


def _pages(rng: random.Random) -> str:
    start = rng.randint(1, 220)
    return f"{start}-{start + rng.randint(2, 22)}" if rng.random() < 0.93 else str(start)


def _article(rng: random.Random, title: str, journal: str, issue: str) -> CslItem:
    year = _year(rng)
    item = CslItem(
        type="article-journal",
        title=title,
        author=people(rng),
        container_title=journal,
        issued=(year,),
        issue=issue or str(rng.randint(1, 12)),
        page=_pages(rng),
    )
    if rng.random() < 0.55:
        item.volume = str(max(1, year - rng.randint(1950, 2010)))
    if rng.random() < 0.25:
        code = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 5)))
        prefix, article = rng.randint(13000, 19999), rng.randint(1, 30)
        item.DOI = f"10.{prefix}/j.cnki.{code}.{year}.{item.issue.zfill(2)}.{article:03d}"
    if rng.random() < 0.03:
        item.author = []
    return item


def _book(rng: random.Random, title: str, journal: str, issue: str) -> CslItem:
    place, publisher = rng.choice(PUBLISHERS)
    item = CslItem(
        type="book",
        title=title,
        author=[body(rng)] if rng.random() < 0.12 else people(rng)[:3],
        publisher=publisher,
        publisher_place=place,
        issued=(_year(rng),),
    )
    if rng.random() < 0.2:
        item.edition = rng.choice((str(rng.randint(2, 6)), "修订", "新1", "影印本", "增订"))
    if rng.random() < 0.1:
        item.volume = rng.choice((f"第{rng.randint(1, 12)}卷", f"第{rng.randint(1, 12)}册", "上册", "下卷"))
    if rng.random() < 0.3:
        item.page = _pages(rng)
    if rng.random() < 0.15:
        item.translator = people(rng)[:2]
    if rng.random() < 0.25:  # a chapter in an edited book
        item.type = "chapter"
        item.container_title = (
            rng.choice(("当代", "中国", "现代", "")) + title[: rng.randint(4, 10)] + "论文集"
        )
        item.editor = [body(rng)] if rng.random() < 0.3 else people(rng)[:3]
        item.page = _pages(rng)
    return item


def _thesis(rng: random.Random, title: str, journal: str, issue: str) -> CslItem:
    place, university = rng.choice(UNIVERSITIES)
    return CslItem(
        type="thesis",
        title=title,
        author=[person(rng)],
        publisher=university,
        publisher_place=place,
        issued=(_year(rng),),
        genre=rng.choice(("博士学位论文", "硕士学位论文")),
    )


def _conference(rng: random.Random, title: str, journal: str, issue: str) -> CslItem:
    place, publisher = rng.choice(PUBLISHERS)
    year = _year(rng)
    container = f"第{rng.randint(2, 30)}届{rng.choice(CONFERENCES)}论文集"
    item = CslItem(
        type="paper-conference",
        title=title,
        author=people(rng),
        container_title=container,
        publisher=publisher,
        publisher_place=place,
        issued=(year,),
        page=_pages(rng),
    )
    if rng.random() < 0.5:  # the host's responsible body or editors: //中国管理学会. 论文集
        item.editor = [body(rng)] if rng.random() < 0.6 else people(rng)[:2]
    return item


def _report(rng: random.Random, title: str, journal: str, issue: str) -> CslItem:
    institute = rng.choice(INSTITUTES)
    return CslItem(
        type="report",
        title=title + rng.choice(("报告", "研究报告", "")),
        author=[Name(literal=institute)],
        publisher=institute,
        publisher_place="北京",
        issued=(_year(rng),),
    )


def _newspaper(rng: random.Random, title: str, journal: str, issue: str) -> CslItem:
    year = _year(rng)
    return CslItem(
        type="article-newspaper",
        title=title,
        author=people(rng)[:2],
        container_title=rng.choice(NEWSPAPERS),
        issued=(year, rng.randint(1, 12), rng.randint(1, 28)),
        page=f"{rng.randint(1, 16):02d}",
    )


def _standard(rng: random.Random, title: str, journal: str, issue: str) -> CslItem:
    year = _year(rng)
    prefix = rng.choice(("GB/T", "GB", "GB/T", "JGJ", "HJ", "YY/T"))
    return CslItem(
        type="standard",
        title=title,
        author=[body(rng) if rng.random() < 0.6 else Name(literal=rng.choice(INSTITUTES))],
        number=f"{prefix} {rng.randint(100, 39999)}—{year}",
        publisher="中国标准出版社",
        publisher_place="北京",
        issued=(year,),
    )


def _patent(rng: random.Random, title: str, journal: str, issue: str) -> CslItem:
    year = _year(rng)
    return CslItem(
        type="patent",
        title=title,
        author=[body(rng)] if rng.random() < 0.6 else people(rng)[:3],
        number=f"CN{rng.randint(100000000, 119999999)}{rng.choice('ABU')}",
        issued=(year, rng.randint(1, 12), rng.randint(1, 28)),
    )


def _webpage(rng: random.Random, title: str, journal: str, issue: str) -> CslItem:
    year = _year(rng)
    site = rng.choice(SITES)
    path = "/".join(str(rng.randint(10, 9999)) for _ in range(rng.randint(1, 3)))
    item = CslItem(
        type="webpage",
        title=title,
        URL=f"{site}/{path}.html",
        issued=(year, rng.randint(1, 12), rng.randint(1, 28)),
        accessed=(min(2026, year + rng.randint(0, 3)), rng.randint(1, 12), rng.randint(1, 28)),
    )
    if rng.random() < 0.6:
        item.author = [body(rng)] if rng.random() < 0.5 else [person(rng)]
    return item


def _other_type(rng: random.Random, title: str, journal: str, issue: str) -> CslItem:
    """A map, dataset, archive document, program or preprint: rarer types of GB/T 7714."""
    year = _year(rng)
    place, publisher = rng.choice(PUBLISHERS)
    kind = rng.choice(("map", "dataset", "document", "software", "article"))
    item = CslItem(
        type=kind, title=title, author=[body(rng)] if rng.random() < 0.4 else people(rng)[:2], issued=(year,)
    )
    if kind == "map":
        item.publisher, item.publisher_place = "中国地图出版社", "北京"
    elif kind == "document":  # an archive's file, with its call number
        item.number = f"{rng.randint(1, 99):02d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
        item.publisher, item.publisher_place = rng.choice(UNIVERSITIES)[1] + "档案馆", place
    else:
        item.URL = f"{rng.choice(SITES)}/{rng.randint(1000, 999999)}"
        item.accessed = (min(2026, year + rng.randint(0, 2)), rng.randint(1, 12), rng.randint(1, 28))
        item.publisher = publisher if kind != "article" else rng.choice(("ChinaXiv", "中国科技论文在线"))
    return item
