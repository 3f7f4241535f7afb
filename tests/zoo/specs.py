"""The issues of the zoo: one spec each. Anything not forced here is drawn from the seed.

level: 国 (State Council), 省, 市, 县; place picks the office (else drawn from the seed).
producer: typst (embedded fonts), raw (non-embedded Type0 fonts, fonts = UniGB-UCS2-H or
GBK-EUC-H), libreoffice (a .docx converted by LibreOffice).
"""

SPECS = [
    {"name": "zoo01-guowuyuan-2019-07", "seed": 101, "producer": "typst", "year": 2019, "level": "国",
     "columns": 2, "front": "cover-toc", "toc_counts": True, "red_header": False},
    {"name": "zoo02-henan-2020-05", "seed": 102, "producer": "typst", "year": 2020, "level": "省", "place": "河南省",
     "columns": 1, "front": "cover+masthead+toc", "banner": "bracket", "toc_docnum": "ownline", "continuation": True},
    {"name": "zoo03-shaoxing-2021-03", "seed": 103, "producer": "typst", "year": 2021, "level": "市", "place": "绍兴市",
     "columns": 2, "banner": "circle", "leader": "…", "red_header": True},
    {"name": "zoo04-changxing-2020-03", "seed": 104, "producer": "typst", "year": 2020, "level": "县", "place": "长兴县",
     "fullwidth": True, "leader": "．", "toc_docnum": "bracket", "front": "masthead-toc"},
    {"name": "zoo05-sichuan-2018-11", "seed": 105, "producer": "typst", "year": 2018, "level": "省", "place": "四川省",
     "style": "hao", "banner": "plain", "header_mode": "odd", "page": "A4"},
    {"name": "zoo06-zhuzhou-2019-09", "seed": 106, "producer": "typst", "year": 2019, "level": "市", "place": "株洲市",
     "banner": "ruled", "leader": "", "footer": "{}", "continuation": True, "columns": 1},
    {"name": "zoo07-guowuyuan-2020-14", "seed": 107, "producer": "typst", "year": 2020, "level": "国",
     "columns": 1, "front": "cover+toc", "toc_counts": False, "toc_docnum": "bracket", "leader": "·"},
    {"name": "zoo08-fujian-2021-06", "seed": 108, "producer": "typst", "year": 2021, "level": "省", "place": "福建省",
     "fullwidth": True, "columns": 2, "leader": "．", "toc_docnum": "ownline"},
    {"name": "zoo09-baoji-2017-04", "seed": 109, "producer": "typst", "year": 2017, "level": "市", "place": "宝鸡市",
     "style": "qi-nototal", "red_header": False, "page": "B5"},
    {"name": "zoo10-ningxiang-2022-02", "seed": 110, "producer": "typst", "year": 2022, "level": "县", "place": "宁乡市",
     "front": "cover+toc", "header_mode": "none", "footer": "· {} ·"},
    # non-embedded fonts: STSong-Light behind a predefined CMap, written by rawpdf.py
    {"name": "zoo11-shanxi-2019-08-ucs2", "seed": 111, "producer": "raw", "fonts": "UniGB-UCS2-H", "year": 2019,
     "level": "省", "place": "山西省", "columns": 1, "leader": "…"},
    {"name": "zoo12-quanzhou-2020-12-gbk", "seed": 112, "producer": "raw", "fonts": "GBK-EUC-H", "year": 2020,
     "level": "市", "place": "泉州市", "columns": 1, "fullwidth": True, "leader": "．", "continuation": True},
    {"name": "zoo13-guowuyuan-2018-21-gbk", "seed": 113, "producer": "raw", "fonts": "GBK-EUC-H", "year": 2018,
     "level": "国", "columns": 1, "fullwidth": True, "red_header": False, "front": "cover-toc", "toc_counts": True},
    {"name": "zoo14-tonglu-2021-04-ucs2", "seed": 114, "producer": "raw", "fonts": "UniGB-UCS2-H", "year": 2021,
     "level": "县", "place": "桐庐县", "columns": 1, "toc_docnum": "ownline",
     "footer": "－ {} －"},
    {"name": "zoo15-hubei-2022-09-gbk", "seed": 115, "producer": "raw", "fonts": "GBK-EUC-H", "year": 2022,
     "level": "省", "place": "湖北省", "columns": 1, "fullwidth": True, "style": "hao"},
    {"name": "zoo16-qujing-2018-06-ucs2", "seed": 116, "producer": "raw", "fonts": "UniGB-UCS2-H", "year": 2018,
     "level": "市", "place": "曲靖市", "columns": 1, "fullwidth": True, "continuation": True},
    # word processor: .docx converted by LibreOffice (office.py)
    {"name": "zoo17-luoyang-2019-10-docx", "seed": 117, "producer": "libreoffice", "year": 2019,
     "level": "市", "place": "洛阳市", "columns": 1, "page": "A4", "doc_size": 0.8},
    {"name": "zoo18-anji-2020-02-docx", "seed": 118, "producer": "libreoffice", "year": 2020,
     "level": "县", "place": "安吉县", "columns": 1, "page": "A4", "fullwidth": True, "doc_size": 0.8},
    {"name": "zoo19-jiangxi-2021-07-docx", "seed": 119, "producer": "libreoffice", "year": 2021,
     "level": "省", "place": "江西省", "columns": 1, "page": "A4", "continuation": True, "doc_size": 0.8},
    {"name": "zoo20-weifang-2018-05-docx", "seed": 120, "producer": "libreoffice", "year": 2018,
     "level": "市", "place": "潍坊市", "columns": 1, "page": "185x260", "toc_docnum": "ownline", "doc_size": 0.8},
    {"name": "zoo21-gansu-2022-04-docx", "seed": 121, "producer": "libreoffice", "year": 2022,
     "level": "省", "place": "甘肃省", "columns": 1, "page": "A4", "fullwidth": True, "style": "hao", "doc_size": 0.8},
    {"name": "zoo22-zunyi-2017-12-docx", "seed": 122, "producer": "libreoffice", "year": 2017,
     "level": "市", "place": "遵义市", "columns": 1, "page": "B5", "front": "cover-toc", "doc_size": 0.8},
]
