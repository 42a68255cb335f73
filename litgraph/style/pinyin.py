"""Whether a romanised name is Hanyu Pinyin, and its syllables.

GB/T 7714 writes a Chinese author's romanised name as family name + given name
(`Li Jiangning`, 2025) or + initials of each syllable (`LI J N`, 2015), where a
Western name gets its initials (`Einstein A`). Telling the two apart needs the
syllable inventory of Mandarin: a family name that is one syllable, and a given
name of one or two (`jiangning` = jiang + ning), all in lower-case ASCII.
"""

from __future__ import annotations

#: The syllables of Hanyu Pinyin without tones (the standard table; ü written as v-less lü/nü forms too).
SYLLABLES = frozenset(
    """
    a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce
    cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chuai chuan chuang chui chun chuo
    ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei deng di dia dian diao die ding diu dong dou
    du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen
    geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua
    huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan
    kang kao ke ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li
    lia lian liang liao lie lin ling liu long lou lu luan lun luo lü lüe lyu lyue ma mai man mang mao me
    mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang
    niao nie nin ning niu nong nu nuan nuo nü nüe nyu nyue o ou pa pai pan pang pao pei pen peng pi pian
    piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao
    re ren reng ri rong rou ru ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao
    she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo
    ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen
    weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying
    yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen
    zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
    """.split()
)


def _is_word(text: str) -> bool:
    return text.isascii() and text.isalpha() and text.islower()


def given_syllables(given: str) -> tuple[str, ...]:
    """The one or two syllables of a pinyin given name ('jiangning' → jiang, ning; "xi'an" → xi, an),
    longest first syllable first; () when the name is not pinyin."""
    word = given.lower().replace("’", "'")
    if "'" in word:
        parts = tuple(word.split("'"))
        return parts if len(parts) == 2 and all(_is_word(p) and p in SYLLABLES for p in parts) else ()
    if not _is_word(word):
        return ()
    for cut in range(len(word), 0, -1):
        head, rest = word[:cut], word[cut:]
        if head in SYLLABLES and (not rest or rest in SYLLABLES):
            return (head, rest) if rest else (head,)
    return ()


def is_pinyin_family(family: str) -> bool:
    """One syllable ('Wang'), or two joined by a hyphen ('Ouyang' is not: it is written as one word)."""
    word = family.lower()
    parts = word.split("-")
    return 1 <= len(parts) <= 2 and all(_is_word(p) and p in SYLLABLES for p in parts)


#: Surnames whose reading as a surname differs from the character's usual one (pypinyin reads 单 dan,
#: 曾 ceng): the keys imports make and the order of author-date lists read them so.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "区": "ou", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha",
    "盖": "ge", "乐": "yue", "覃": "qin", "翟": "zhai", "秘": "bi", "缪": "miao", "种": "chong",
    "繁": "po", "员": "yun", "冼": "xian", "尉": "yu", "句": "gou", "阚": "kan", "长孙": "zhangsun",
    "尉迟": "yuchi", "万俟": "moqi", "澹台": "tantai",
}  # fmt: skip


def hanzi_syllables(text: str) -> list[str]:
    """Chinese characters as toneless pinyin syllables ('品牌' → ['pin', 'pai']), other text as it is.

    pypinyin is imported by the first call (0.6 s with its dictionaries), so that only a list
    or a key with Chinese text pays for it."""
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(text, style=Style.NORMAL, errors="default")


def surname_syllables(family: str) -> list[str]:
    """A Chinese family name read as a surname (单 shan, 曾 zeng), else as its characters read."""
    reading = SURNAME_READINGS.get(family)
    return [reading] if reading else hanzi_syllables(family)
