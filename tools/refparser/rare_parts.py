"""Real names the rare-type records are built from: archives, map publishers, preprint servers, data
repositories, standards bodies and their number prefixes, patent offices and holders, organisations
that author reports and web pages, newspapers, old publishers and the reigns their dates are written
in. Our own lists of public facts, one name a line; `rare.py` puts them together.
"""

from __future__ import annotations

ARCHIVES_ZH = (
    ("北京", "中国第一历史档案馆"),
    ("南京", "中国第二历史档案馆"),
    ("北京", "中央档案馆"),
    ("北京", "北京市档案馆"),
    ("上海", "上海市档案馆"),
    ("天津", "天津市档案馆"),
    ("重庆", "重庆市档案馆"),
    ("武汉", "湖北省档案馆"),
    ("广州", "广东省档案馆"),
    ("南京", "江苏省档案馆"),
    ("杭州", "浙江省档案馆"),
    ("成都", "四川省档案馆"),
    ("沈阳", "辽宁省档案馆"),
    ("济南", "山东省档案馆"),
    ("长沙", "湖南省档案馆"),
    ("昆明", "云南省档案馆"),
    ("福州", "福建省档案馆"),
    ("西安", "陕西省档案馆"),
)
ARCHIVES_EN = (
    ("Kew", "The National Archives"),
    ("College Park", "National Archives and Records Administration"),
    ("Ottawa", "Library and Archives Canada"),
    ("Canberra", "National Archives of Australia"),
    ("Washington, D.C.", "Library of Congress Manuscript Division"),
)
MAP_PUBLISHERS_ZH = (
    ("北京", "中国地图出版社"),
    ("北京", "星球地图出版社"),
    ("北京", "测绘出版社"),
    ("西安", "西安地图出版社"),
    ("长沙", "湖南地图出版社"),
    ("广州", "广东省地图出版社"),
    ("成都", "成都地图出版社"),
    ("哈尔滨", "哈尔滨地图出版社"),
    ("北京", "科学出版社"),
)
MAP_PUBLISHERS_EN = (
    ("Reston", "U.S. Geological Survey"),
    ("Southampton", "Ordnance Survey"),
    ("Washington, D.C.", "National Geographic Society"),
    ("Keyworth", "British Geological Survey"),
    ("Ottawa", "Natural Resources Canada"),
)
MAP_SUBJECTS_ZH = (
    "行政区划图",
    "地形图",
    "交通图",
    "政区图",
    "旅游图",
    "地质图",
    "土壤图",
    "植被图",
    "水系图",
)
MAP_SUBJECTS_EN = ("geological map", "topographic map", "road map", "land cover map", "soil map")
REGIONS_ZH = (
    "湖北省", "湖南省", "四川省", "云南省", "广东省", "江苏省", "浙江省", "山东省", "辽宁省", "陕西省",
    "青海省", "西藏自治区", "新疆维吾尔自治区", "北京市", "上海市", "武汉市", "南京市", "长江流域",
    "黄河流域", "青藏高原", "南海", "渤海", "珠江三角洲",
)  # fmt: skip
REGIONS_EN = (
    "Colorado", "Nevada", "Scotland", "Wales", "Yorkshire", "Ontario", "Quebec", "Tasmania", "Iceland",
    "the Alps", "the Tibetan Plateau", "the Yangtze River Basin", "East Africa",
)  # fmt: skip
#: (name, DOI prefix or "", URL pattern); {id} is the server's number.
PREPRINT_SERVERS = (
    ("arXiv", "10.48550/arXiv.{id}", "https://arxiv.org/abs/{id}"),
    ("bioRxiv", "10.1101/{id}", "https://www.biorxiv.org/content/10.1101/{id}v1"),
    ("medRxiv", "10.1101/{id}", "https://www.medrxiv.org/content/10.1101/{id}v1"),
    ("SSRN", "10.2139/ssrn.{id}", "https://papers.ssrn.com/sol3/papers.cfm?abstract_id={id}"),
    ("Research Square", "10.21203/rs.3.rs-{id}/v1", "https://www.researchsquare.com/article/rs-{id}/v1"),
    ("Preprints.org", "10.20944/preprints{id}.v1", "https://www.preprints.org/manuscript/{id}/v1"),
    ("PsyArXiv", "10.31234/osf.io/{id}", "https://osf.io/preprints/psyarxiv/{id}"),
    ("SocArXiv", "10.31235/osf.io/{id}", "https://osf.io/preprints/socarxiv/{id}"),
    ("ChemRxiv", "10.26434/chemrxiv-{id}", "https://chemrxiv.org/engage/chemrxiv/article-details/{id}"),
    ("ChinaXiv", "", "http://www.chinaxiv.org/abs/{id}"),
    ("中国科技论文在线", "", "http://www.paper.edu.cn/releasepaper/content/{id}"),
)
#: (name, DOI prefix or "", URL host): data repositories and data centres.
DATA_REPOSITORIES_EN = (
    ("Zenodo", "10.5281/zenodo.", "https://zenodo.org/records/"),
    ("figshare", "10.6084/m9.figshare.", "https://figshare.com/articles/dataset/"),
    ("Dryad", "10.5061/dryad.", "https://datadryad.org/stash/dataset/doi:10.5061/dryad."),
    ("Harvard Dataverse", "10.7910/DVN/", "https://dataverse.harvard.edu/dataset.xhtml?persistentId=doi:10.7910/DVN/"),
    ("PANGAEA", "10.1594/PANGAEA.", "https://doi.pangaea.de/10.1594/PANGAEA."),
    ("ICPSR", "10.3886/ICPSR", "https://www.icpsr.umich.edu/web/ICPSR/studies/"),
    ("UK Data Service", "10.5255/UKDA-SN-", "https://beta.ukdataservice.ac.uk/datacatalogue/studies/study?id="),
    ("Mendeley Data", "10.17632/", "https://data.mendeley.com/datasets/"),
)  # fmt: skip
DATA_REPOSITORIES_ZH = (
    ("国家青藏高原科学数据中心", "10.11888/", "https://data.tpdc.ac.cn/zh-hans/data/"),
    (
        "国家地球系统科学数据中心",
        "10.12041/geodata.",
        "http://www.geodata.cn/data/datadetails.html?dataguid=",
    ),
    ("科学数据银行", "10.57760/sciencedb.", "https://www.scidb.cn/detail?dataSetId="),
    ("国家冰川冻土沙漠科学数据中心", "10.12072/ncdc.", "http://www.ncdc.ac.cn/portal/metadata/"),
    ("国家生态科学数据中心", "10.12199/nesdc.", "http://www.nesdc.org.cn/sdo/detail?id="),
    ("国家气象科学数据中心", "", "http://data.cma.cn/data/cdcdetail/dataCode/"),
    ("中国科学院资源环境科学与数据中心", "10.12078/", "https://www.resdc.cn/DOI/DOI.aspx?DOIID="),
    ("国家人口健康科学数据中心", "", "https://www.ncmi.cn/phda/dataDetails.do?id="),
)
#: CSTR registrars (the first part of a China Science and Technology Resource identifier).
CSTR_PREFIXES = ("31253.11", "18406.11", "11738.14", "15732.11", "17058.11", "32100.14")
STANDARD_PREFIXES_ZH = (
    "GB", "GB/T", "GB/T", "GB/T", "GB/Z", "JGJ", "JGJ/T", "HJ", "YY/T", "WS/T", "NB/T", "DL/T", "JB/T", "SL",
    "QB/T", "GA/T", "JT/T", "CJJ", "WH/T", "CY/T",
)  # fmt: skip
STANDARD_BODIES_ZH = (
    "国家市场监督管理总局", "国家标准化管理委员会", "中华人民共和国住房和城乡建设部", "生态环境部",
    "国家卫生健康委员会", "工业和信息化部", "国家能源局", "中华人民共和国水利部", "国家新闻出版署",
    "国家药品监督管理局", "中华人民共和国交通运输部", "国家质量监督检验检疫总局",
)  # fmt: skip
STANDARD_PUBLISHERS_ZH = (
    ("北京", "中国标准出版社"),
    ("北京", "中国建筑工业出版社"),
    ("北京", "中国环境科学出版社"),
    ("北京", "中国计划出版社"),
    ("北京", "人民交通出版社"),
    ("北京", "中国水利水电出版社"),
)
#: (number prefix, body, place, publisher)
STANDARDS_EN = (
    ("ISO", "International Organization for Standardization", "Geneva", "ISO"),
    ("ISO/IEC", "International Organization for Standardization", "Geneva", "ISO"),
    ("IEC", "International Electrotechnical Commission", "Geneva", "IEC"),
    ("IEEE Std", "IEEE", "New York", "IEEE"),
    ("ASTM", "ASTM International", "West Conshohocken", "ASTM International"),
    ("BS EN", "British Standards Institution", "London", "BSI"),
    ("DIN", "Deutsches Institut für Normung", "Berlin", "Beuth"),
    ("ANSI/ASHRAE", "American Society of Heating, Refrigerating and Air-Conditioning Engineers", "Atlanta",
     "ASHRAE"),
    ("SAE", "SAE International", "Warrendale", "SAE International"),
    ("ITU-T Rec.", "International Telecommunication Union", "Geneva", "ITU"),
    ("NISO", "National Information Standards Organization", "Baltimore", "NISO"),
)  # fmt: skip
#: (office, how its numbers look: {y} a year, {n} digits, {k} a kind code)
PATENT_OFFICES = (
    ("CN", "CN{n9}{k}"),
    ("CN", "CN{y}{n8}.{d}"),
    ("CN", "ZL{y}{n8}.{d}"),
    ("US", "US{n7}{k}"),
    ("US", "US{y}{n7}A1"),
    ("EP", "EP{n7}{k}"),
    ("WO", "WO{y}/{n6}"),
    ("JP", "JP{y}{n6}A"),
    ("KR", "KR{n10}B1"),
    ("DE", "DE{n12}A1"),
)
PATENT_HOLDERS_EN = (
    "International Business Machines Corporation", "Samsung Electronics Co Ltd", "Siemens AG",
    "General Electric Company", "Koninklijke Philips N.V.", "Sony Corporation", "Google LLC",
    "Microsoft Technology Licensing LLC", "Huawei Technologies Co Ltd", "Canon Inc", "Robert Bosch GmbH",
    "Toyota Jidosha Kabushiki Kaisha", "Qualcomm Incorporated", "Intel Corporation", "BASF SE",
    "The Regents of the University of California", "Massachusetts Institute of Technology",
)  # fmt: skip
PATENT_SITES = (
    "https://patents.google.com/patent/{n}/en",
    "https://worldwide.espacenet.com/patent/search?q=pn%3D{n}",
    "http://epub.cnipa.gov.cn/patent/{n}",
)
BODIES_EN = (
    "World Health Organization", "United Nations Development Programme", "World Bank",
    "Organisation for Economic Co-operation and Development", "International Monetary Fund",
    "National Research Council", "National Academies of Sciences, Engineering, and Medicine",
    "U.S. Environmental Protection Agency", "U.S. Department of Energy", "European Commission",
    "UNESCO Institute for Statistics", "Food and Agriculture Organization of the United Nations",
    "International Energy Agency", "American Psychological Association", "American Library Association",
    "National Bureau of Economic Research", "Centers for Disease Control and Prevention",
    "Intergovernmental Panel on Climate Change", "International Federation of Library Associations and "
    "Institutions", "Office for National Statistics", "Australian Bureau of Statistics",
    "U.S. Department of Agriculture Forest Service", "National Science Foundation",
    "European Environment Agency", "Royal Society", "World Meteorological Organization",
    "United Nations Children's Fund", "International Labour Organization", "Pew Research Center",
    "National Institutes of Health", "U.S. Census Bureau", "Statistics Canada",
)  # fmt: skip
NEWSPAPERS_EN = (
    "The New York Times", "The Guardian", "Financial Times", "The Wall Street Journal",
    "The Washington Post", "The Times", "China Daily", "The Economist", "Los Angeles Times",
)  # fmt: skip
OLD_PUBLISHERS = (
    ("金陵", "金陵书局"),
    ("南京", "江南官书局"),
    ("上海", "商务印书馆"),
    ("上海", "中华书局"),
    ("上海", "扫叶山房"),
    ("上海", "同文书局"),
    ("北京", "京华印书局"),
    ("杭州", "浙江书局"),
    ("长沙", "思贤书局"),
    ("广州", "广雅书局"),
)
OLD_EDITIONS = ("刻本", "影印本", "石印本", "铅印本", "抄本", "重印本", "线装本")
#: (reign, its first year AD): the dates old Chinese imprints and archive files are written in.
REIGNS = (
    ("顺治", 1644), ("康熙", 1662), ("雍正", 1723), ("乾隆", 1736), ("嘉庆", 1796), ("道光", 1821),
    ("咸丰", 1851), ("同治", 1862), ("光绪", 1875), ("宣统", 1909), ("民国", 1912),
)  # fmt: skip
ENGLISH_PLACES = (
    ("New York", "Springer"), ("Cham", "Springer"), ("Oxford", "Oxford University Press"),
    ("Cambridge", "Cambridge University Press"), ("London", "Routledge"), ("Hoboken", "Wiley"),
    ("Chichester", "John Wiley & Sons"), ("Thousand Oaks", "SAGE"), ("Amsterdam", "Elsevier"),
    ("Boston", "Pearson"), ("Berlin", "De Gruyter"), ("Princeton", "Princeton University Press"),
    ("Chicago", "University of Chicago Press"), ("Cambridge, MA", "MIT Press"), ("Boca Raton", "CRC Press"),
    ("Singapore", "World Scientific"), ("New York", "McGraw-Hill"),
)  # fmt: skip
