"""Word pools for realistic Chinese place, unit and person names (real prefecture-level cities, common
street and community name roots). Names are combined, never looked up: nothing here is real data."""

# Prefecture-level cities and county-level cities (a province's are the first 17; the rest widen the
# pool for country scale).
CITIES = (
    "武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施 仙桃 潜江 天门 应城 "
    "长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 郑州 开封 洛阳 平顶山 安阳 鹤壁 "
    "新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 "
    "宜春 抚州 上饶 合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城 "
    "南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁 杭州 宁波 温州 嘉兴 湖州 绍兴 "
    "金华 衢州 舟山 台州 丽水 济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 "
    "菏泽 石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 太原 大同 阳泉 长治 晋城 朔州 晋中 "
    "运城 忻州 临汾 吕梁 成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 "
    "巴中 资阳 贵阳 六盘水 遵义 安顺 昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 西安 铜川 宝鸡 咸阳 渭南 延安 "
    "汉中 榆林 安康 商洛 兰州 天水 白银 武威 张掖 酒泉 西宁 银川 石嘴山 吴忠 广州 韶关 深圳 珠海 汕头 佛山 "
    "江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮 南宁 柳州 桂林 梧州 北海 "
    "福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德 海口 三亚 沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 "
    "辽阳 盘锦 铁岭 朝阳 葫芦岛 长春 吉林 四平 辽源 通化 白山 松原 白城 哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 "
    "大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 乌鲁木齐 克拉玛依"
).split()

# Two-character roots of street and community names, as Chinese towns name them.
ROOTS = (
    "人民 解放 建设 胜利 和平 民主 团结 友谊 光明 幸福 红旗 朝阳 向阳 东风 前进 新华 中山 长江 黄河 "
    "东湖 西湖 南湖 北湖 东城 西城 南城 北城 城关 城中 城南 城北 新城 老城 花园 桃园 梨园 杏林 松林 "
    "柳林 竹园 荷花 兰花 梅园 菊园 桂花 龙泉 凤凰 金山 银山 玉泉 清泉 温泉 汤池 盐池 蒲阳 长青 长安 "
    "永安 永宁 安居 康乐 福星 吉祥 如意 太平 宝塔 文昌 文化 学府 书院 状元 府前 府后 县前 衙前 "
    "钟楼 鼓楼 广场 公园 体育 车站 站前 码头 港口 湖滨 江滨 河滨 滨江 滨湖 临江 沿河 沙洲 石桥 "
    "铁桥 板桥 新桥 东桥 西桥 大桥 小桥 东门 西门 南门 北门 东关 西关 南关 北关 十里 五里 三里 "
    "四里 七里 半边 月湖 星光 曙光 晨光 阳光 春晖 秋实 丰收 农科 林科 水电 电力 石油 化工 纺织 "
    "机械 冶金 铁路 航运 邮电 粮食 盐化 膏都 矿山 煤矿 钢城 铝城 新村 新港 新都 新河 新街 东街 "
    "西街 正街 后街 横街 直街 南苑 北苑 东苑 西苑 华苑 锦苑 金苑 翠苑 碧园 雅园 颐园 怡园"
).split()

COMMUNITY_SUFFIXES = ["", "路", "街", "里", "苑", "村", "巷", "门", "桥", "湾", "坊", "园", "山", "塘"]

# Units every community has (kind); {place} is the community's name without 社区.
LOCAL_UNITS = [
    ("{place}幼儿园", "school"), ("{place}小学", "school"), ("{place}中学", "school"),
    ("{place}农贸市场管理处", "institution"), ("{city}{place}物业管理有限公司", "private"),
    ("{place}便民超市", "private"), ("{place}宾馆", "private"), ("{city}{place}建材有限公司", "private"),
    ("{place}加油站", "soe"), ("{place}大药房", "private"), ("{city}{place}食品厂", "private"),
    ("{place}社区卫生服务站", "institution"), ("{place}养老院", "social"), ("{place}驾驶员培训学校", "private"),
    ("{city}{place}纸业有限公司", "private"), ("{place}汽车维修厂", "private"), ("{place}志愿者协会", "social"),
    ("{city}{place}电器商场", "private"), ("{place}大酒店", "private"), ("{place}五金批发部", "private"),
    ("{place}老年大学", "social"), ("{city}{place}运输有限公司", "private"), ("{place}邮政所", "soe"),
    ("{place}信用社", "institution"), ("{place}文化站", "institution"), ("{city}{place}服装厂", "private"),
    ("{place}书画协会", "social"), ("{place}派出所", "organ"), ("{place}供电所", "soe"),
    ("{place}自来水营业所", "soe"), ("{place}燃气服务站", "soe"), ("{place}消防救援站", "organ"),
    ("{place}税务所", "organ"), ("{place}市场监管所", "organ"), ("{place}司法所", "organ"),
    ("{place}城管中队", "organ"), ("{place}国土资源所", "organ"), ("{place}卫生院", "hospital"),
    ("{city}{place}医院", "hospital"), ("{place}银行营业部", "soe"), ("{place}电信营业厅", "soe"),
    ("{place}移动营业厅", "soe"), ("{city}{place}机械厂", "private"), ("{city}{place}化工有限公司", "private"),
    ("{city}{place}纺织有限公司", "private"), ("{place}书店", "soe"), ("{place}客运站", "soe"),
    ("{place}职业技术学校", "school"), ("{place}红十字会", "social"), ("{place}商会", "social"),
]

# City organs, posted to communities; {city} is the city's name.
CITY_ORGANS = [
    ("{city}市住房和城乡建设局", "organ", "section"), ("{city}市财政局", "organ", "section"),
    ("{city}市民政局", "organ", "section"), ("{city}市教育局", "organ", "section"),
    ("{city}市卫生健康委员会", "organ", "section"), ("{city}市人力资源和社会保障局", "organ", "section"),
    ("{city}市交通运输局", "organ", "section"), ("{city}市水务局", "organ", "section"),
    ("{city}市生态环境局", "organ", "section"), ("{city}市城市管理执法局", "organ", "section"),
    ("{city}市市场监督管理局", "organ", "section"), ("{city}市文化和旅游局", "organ", "section"),
    ("{city}市司法局", "organ", "section"), ("{city}市审计局", "organ", "section"),
    ("{city}市自然资源和规划局", "organ", "section"), ("{city}市应急管理局", "organ", "section"),
    ("{city}市总工会", "social", "section"), ("共青团{city}市委", "social", "deputy_section"),
    ("{city}市妇女联合会", "social", "deputy_section"), ("{city}市残疾人联合会", "social", "deputy_section"),
    ("国网{city}供电公司", "soe", "section"), ("{city}市自来水公司", "soe", "none"),
    ("{city}市燃气公司", "soe", "none"), ("中国电信{city}分公司", "soe", "none"),
    ("{city}市人民医院", "hospital", "division"), ("{city}市第一中学", "school", "section"),
]

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴")
GIVEN = "建国华明军平志强伟芳娟敏静丽红英秀兰霞玉桂凤春梅海涛斌波勇杰磊超刚辉鹏俊峰林云文德荣新国庆东生宏金福昌友胜利"

# Places inside a community that residents name in their opinions.
LOCATION_SUFFIXES = ["路", "巷", "小区", "宿舍", "街", "大院", "新村", "花园"]
LOCATION_NUMBERS = ["", "", "", "一号楼", "二号楼", "三号楼", "东侧", "西头", "北口", "南段"]

# How residents pad what they write (near-duplicates differ by these).
OPINION_EXTRAS = ["", "", "", "", "，希望尽快解决", "，已经反映过好几次了", "，请社区帮忙协调", "，谢谢！",
                  "。", "！", "，盼复", "，大家都很着急"]

PHONE_PREFIXES = ["138", "139", "135", "137", "150", "151", "186", "133", "177", "189"]
