//! The mendings on lines as OCR read them in scans.

use super::*;

#[test]
fn a_year_in_chinese_numerals_gets_its_ring_back() {
    assert_eq!(
        chinese_year_zero("二G@二二年三月二十日"),
        "二〇二二年三月二十日"
    );
    assert_eq!(chinese_year_zero("二O二一年"), "二〇二一年");
    assert_eq!(
        chinese_year_zero("二〇二CO年二月八日"),
        "二〇二〇年二月八日"
    );
    assert_eq!(chinese_year_zero("二OO二年"), "二〇〇二年");
    assert_eq!(
        chinese_year_zero("二O〇二O〇年二月九日"),
        "二〇二〇年二月九日"
    );
    assert_eq!(chinese_year_zero("二〇O二年"), "二〇〇二年");
    // Anything else keeps its letters: a year in digits, letters before 年.
    assert_eq!(chinese_year_zero("2022年"), "2022年");
    assert_eq!(chinese_year_zero("GOOD年"), "GOOD年");
    // The ring not seen at all: three numerals of this century before a month.
    assert_eq!(
        chinese_year_zero("二二二年三月二十日"),
        "二〇二二年三月二十日"
    );
    assert_eq!(chinese_year_zero("二一九年十二月"), "二〇一九年十二月");
    // Three numerals elsewhere are not a year.
    assert_eq!(chinese_year_zero("二三四年"), "二三四年");
    assert_eq!(chinese_year_zero("一二三年三月"), "一二三年三月");
    assert_eq!(chinese_year_zero("一二二二年三月"), "一二二二年三月");
}

#[test]
fn a_date_gets_its_month_back_from_a_bracket() {
    assert_eq!(date_month("2022年]11月25日"), "2022年11月25日");
    assert_eq!(date_month("2022年]1月25日印发"), "2022年11月25日印发");
    assert_eq!(date_month("2022年|2月"), "2022年12月");
    assert_eq!(date_month("2022年 】 3月"), "2022年3月");
    assert_eq!(date_month("二〇二二年]1月"), "二〇二二年11月");
    // No mark, or a bracket that is not in a date.
    assert_eq!(date_month("2022年11月"), "2022年11月");
    assert_eq!(date_month("[2022]1号"), "[2022]1号");
    assert_eq!(date_month("第]1月"), "第]1月");
}

#[test]
fn a_quote_read_in_an_em_space_is_the_space() {
    assert_eq!(
        gap_quotes("第十条”省人民政府住房城乡建设主管部门"),
        "第十条\u{3000}省人民政府住房城乡建设主管部门"
    );
    assert_eq!(gap_quotes("第四章“监督检查"), "第四章\u{3000}监督检查");
    assert_eq!(gap_quotes("第12条 ”本办法"), "第12条\u{3000}本办法");
    assert_eq!(gap_quotes("省长”郑敏艳"), "省长\u{3000}郑敏艳");
    assert_eq!(gap_quotes("总理“李克强"), "总理\u{3000}李克强");
    assert_eq!(gap_quotes("”2017年第16期"), "2017年第16期");
    assert_eq!(
        gap_quotes("中共某某市委办公室”某某市人民政府办公室关于"),
        "中共某某市委办公室\u{3000}某某市人民政府办公室关于"
    );
    assert_eq!(
        gap_quotes("中共某某省委办公厅、”某某省人民政府办公厅"),
        "中共某某省委办公厅\u{3000}某某省人民政府办公厅"
    );
    assert_eq!(gap_quotes("冠以“人民政府”字样"), "冠以“人民政府”字样");
    // Quotes that are printed stay: a quoted term after a label, a name in a
    // sentence, a closing quote after the text it closes.
    assert_eq!(
        gap_quotes("第三条“放管服”改革应当"),
        "第三条“放管服”改革应当"
    );
    assert_eq!(gap_quotes("推进“放管服”改革"), "推进“放管服”改革");
    assert_eq!(gap_quotes("服”改革优化营商环境"), "服”改革优化营商环境");
    assert_eq!(gap_quotes("实现“最多跑一次”"), "实现“最多跑一次”");
}

#[test]
fn a_docnum_in_brackets_gets_its_opening_bracket_back() {
    assert_eq!(
        anchors("实施方案〔黑政办发〔2017〕31号)"),
        "实施方案(黑政办发〔2017〕31号)"
    );
    assert_eq!(
        anchors("的通知黑政办发《2017)50"),
        "的通知黑政办发〔2017〕50"
    );
    assert_eq!(
        anchors("关于落实企业安全生产主体责任的实施方案〔黑政办发"),
        "关于落实企业安全生产主体责任的实施方案(黑政办发"
    );
    assert_eq!(anchors("黑政办发〔2017〕31号"), "黑政办发〔2017〕31号");
}

#[test]
fn a_docnum_year_gets_its_hexagonal_brackets_back() {
    assert_eq!(docnum_brackets("宁政发【2022]85号"), "宁政发〔2022〕85号");
    assert_eq!(
        docnum_brackets("宁政任 (2022】 88号通知"),
        "宁政任〔2022〕88号通知"
    );
    // The closing bracket read twice or three times over.
    assert_eq!(docnum_brackets("宁政任(2022]】88号"), "宁政任〔2022〕88号");
    assert_eq!(
        docnum_brackets("柳政办发[2021】]】1号"),
        "柳政办发〔2021〕1号"
    );
    // The closing bracket read as a 1; a letter-spaced year read in two.
    assert_eq!(
        docnum_brackets("的通知辽政字[2018156号"),
        "的通知辽政字〔2018〕56号"
    );
    assert_eq!(docnum_brackets("拉政发[20 23]125号"), "拉政发〔2023〕125号");
    // The opening bracket read twice, a closing one read as a corner bracket, and
    // the opening one lost before a year read in two.
    assert_eq!(
        docnum_brackets("国办发【[2023】121号"),
        "国办发〔2023〕121号"
    );
    assert_eq!(
        docnum_brackets("拉政政发[2023」]125号"),
        "拉政政发〔2023〕125号"
    );
    assert_eq!(
        docnum_brackets("拉政政发20 23」125号"),
        "拉政政发〔2023〕125号"
    );
    // A 目录 line wrapped inside the year: the two halves, each mended, join into
    // one 文号.
    assert_eq!(
        docnum_brackets("实施意见(保政发【201"),
        "实施意见(保政发〔201"
    );
    assert_eq!(docnum_brackets("9]】112号)……5"), "9〕112号)……5");
    assert_eq!(docnum_brackets("附件(1"), "附件(1");
    assert_eq!(docnum_brackets("3)项"), "3)项");
    // The closing bracket lost: the number runs on from the year.
    assert_eq!(docnum_brackets("桐政发(202165号"), "桐政发〔2021〕65号");
    assert_eq!(docnum_brackets("(202165号"), "(202165号");
    assert_eq!(docnum_brackets("桐政发2021)】65号"), "桐政发〔2021〕65号");
    assert_eq!(docnum_brackets("(截至2021)"), "(截至2021)");
    assert_eq!(docnum_brackets("拉政发[2023]125号"), "拉政发〔2023〕125号");
    // Brackets around anything else stay as read.
    assert_eq!(docnum_brackets("(2018156号)"), "(2018156号)");
    assert_eq!(docnum_brackets("(2022年8月)"), "(2022年8月)");
    assert_eq!(docnum_brackets("附件[1]"), "附件[1]");
    // A 文号 wrapped after its office.
    assert_eq!(docnum_brackets("[2022】144号)"), "〔2022〕144号)");
    assert_eq!(
        docnum_brackets("措施(甘政发[2022]】88"),
        "措施(甘政发〔2022〕88"
    );
    assert_eq!(docnum_brackets("措施(甘政发[2022】"), "措施(甘政发〔2022〕");
}

#[test]
fn the_state_council_gets_its_name_back() {
    assert_eq!(anchors("到务院办公厅文件"), "国务院办公厅文件");
    assert_eq!(anchors("国务阮办公厅文件"), "国务院办公厅文件");
    assert_eq!(anchors("司务院文件"), "国务院文件");
    assert_eq!(anchors("国务院文件"), "国务院文件");
    // Not a line that is an issuer's: as read.
    assert_eq!(anchors("法律服务院"), "法律服务院");
    assert_eq!(anchors("到务院办公厅文件的通知"), "到务院办公厅文件的通知");
}

#[test]
fn an_underscore_between_a_number_and_a_word_is_a_space() {
    assert_eq!(anchors("2_某某市人民政府公报"), "2 某某市人民政府公报");
    assert_eq!(anchors("某某市人民政府公报_13"), "某某市人民政府公报 13");
    // A blank to fill in stays.
    assert_eq!(gap_underscore("姓名:____年龄:__"), "姓名:____年龄:__");
    assert_eq!(gap_underscore("编号__12"), "编号__12");
}

#[test]
fn a_year_loses_the_point_read_into_it() {
    assert_eq!(year_point("2.021年第16期"), "2021年第16期");
    assert_eq!(year_point("于20.19年印发"), "于2019年印发");
    // An amount of years, or a number that is no year, keeps its point.
    assert_eq!(year_point("延长1.5年"), "延长1.5年");
    assert_eq!(year_point("共3.125年"), "共3.125年");
    assert_eq!(year_point("2019.12年"), "2019.12年");
}

#[test]
fn an_office_gets_its_hall_back() {
    assert_eq!(
        anchors("福建省人民政府办公打关于加强安全生产工作的实施方案"),
        "福建省人民政府办公厅关于加强安全生产工作的实施方案"
    );
    assert_eq!(anchors("省政府办公打文件"), "省政府办公厅文件");
    assert_eq!(office_hall("中共某省委办公打"), "中共某省委办公厅");
    assert_eq!(office_hall("配备办公打印设备"), "配备办公打印设备");
    assert_eq!(office_hall("学院办公打印室"), "学院办公打印室");
    assert_eq!(office_hall("江苏省人民政府办公所"), "江苏省人民政府办公厅");
    assert_eq!(office_hall("迁至市政府办公所在地"), "迁至市政府办公所在地");
}

#[test]
fn a_banners_ornament_read_as_a_letter_goes() {
    assert_eq!(anchors("Q市政府令"), "市政府令");
    assert_eq!(anchors("@ 省政府办公厅文件"), "省政府办公厅文件");
    assert_eq!(anchors("〇自治区政府令"), "自治区政府令");
    // Read as two marks, its sign misread too.
    assert_eq!(anchors("QO市政府全"), "市政府令");
    assert_eq!(anchors("e市政府命"), "市政府令");
    assert_eq!(anchors("e”部门文件"), "部门文件");
    assert_eq!(anchors("e”国务院命"), "国务院令");
    assert_eq!(anchors("Oa市政府令"), "市政府令");
    // The ring and a speck by it read as a letter and a 、, the 令 as 全.
    assert_eq!(anchors("O、市政府全"), "市政府令");
    assert_eq!(anchors("入事任免"), "人事任免");
    assert_eq!(anchors("【入事任免】"), "【人事任免】");
    // Before what is no banner's name, the letter stays.
    assert_eq!(banner_ornament("Q市人民政府关于"), "Q市人民政府关于");
    assert_eq!(banner_ornament("市政府令"), "市政府令");
}

#[test]
fn a_decree_gets_its_sign_back() {
    assert_eq!(anchors("市政府今"), "市政府令");
    assert_eq!(anchors("某某市人民政府今"), "某某市人民政府令");
    // A blurred Hei 令 read with a speck beside it, or with its lower half lost.
    assert_eq!(anchors("省政府邻"), "省政府令");
    assert_eq!(anchors("【国务院个】"), "【国务院令】");
    assert_eq!(decree_sign("与市政府邻近"), "与市政府邻近");
    // 今 after what is no office's name, or before more of the line.
    assert_eq!(decree_sign("自成立至今"), "自成立至今");
    assert_eq!(decree_sign("市政府今年"), "市政府今年");
    assert_eq!(decree_sign("市政府令"), "市政府令");
    // Hei-face misreadings: a decree's name, its banner, a 目录 entry, a 题注.
    assert_eq!(anchors("中华人民共和国国务院合"), "中华人民共和国国务院令");
    assert_eq!(anchors("【国务院倒】"), "【国务院令】");
    assert_eq!(anchors("国务院命"), "国务院令");
    assert_eq!(
        anchors("山西省人民政府合(第65号)"),
        "山西省人民政府令(第65号)"
    );
    assert_eq!(
        decree_sign("(2018年10月25日国务院合第480号公布)"),
        "(2018年10月25日国务院令第480号公布)"
    );
    assert_eq!(decree_sign("交通运输部人第186号"), "交通运输部令第186号");
    assert_eq!(anchors("湖北省人民政府兮"), "湖北省人民政府令");
    assert_eq!(
        decree_sign("自然资源部爸(第181号)"),
        "自然资源部令(第181号)"
    );
    assert_eq!(decree_sign("自然资源部X(第181号)"), "自然资源部X(第181号)");
    // A committee's or a meeting's number is no decree's.
    assert_eq!(decree_sign("某某市委员会第3号"), "某某市委员会第3号");
    assert_eq!(decree_sign("国务院会议第5号"), "国务院会议第5号");
    // A committee's name, words before a number that are no office's, prose.
    assert_eq!(decree_sign("中共某某市委员会"), "中共某某市委员会");
    assert_eq!(decree_sign("符合第3号文件要求"), "符合第3号文件要求");
    assert_eq!(decree_sign("安全"), "安全");
    assert_eq!(decree_sign("市人民政府合作"), "市人民政府合作");
}

#[test]
fn a_decree_number_gets_its_sign_back() {
    assert_eq!(decree_number("保定市人民政府令", "第300芝"), "第300号");
    assert_eq!(decree_number("国务院令", "（第141亏）"), "（第141号）");
    // Under anything but a decree's name, or not a number and one character.
    assert_eq!(decree_number("第五章　法律责任", "第30条"), "第30条");
    assert_eq!(decree_number("保定市人民政府令", "第30条例"), "第30条例");
    assert_eq!(decree_number("保定市人民政府令", "第300号"), "第300号");
}

#[test]
fn a_red_header_gets_its_sign_back() {
    assert_eq!(red_header_sign("甘肃省人民政府藉件"), "甘肃省人民政府文件");
    assert_eq!(red_header_sign("宁乡市人民政府文伴"), "宁乡市人民政府文件");
    // Right as read, or not a red header.
    assert_eq!(red_header_sign("湖北省人民政府文件"), "湖北省人民政府文件");
    assert_eq!(red_header_sign("关于印发某项条件"), "关于印发某项条件");
    assert_eq!(red_header_sign("附件"), "附件");
}

#[test]
fn a_line_that_is_a_date_gets_its_month_and_day_signs_back() {
    assert_eq!(date_line("2022年11闵25和日"), "2022年11月25日");
    assert_eq!(date_line("2022年3吕9日"), "2022年3月9日");
    assert_eq!(date_line(" 2022 年 12 月 20 日 "), "2022年12月20日");
    assert_eq!(date_line("2.023年7月15日"), "2023年7月15日");
    // Not a date: a month or day no calendar has, text around it, a count.
    assert_eq!(date_line("2022年13闵25日"), "2022年13闵25日");
    assert_eq!(date_line("2022年1个32日"), "2022年1个32日");
    assert_eq!(date_line("于2022年11闵25日"), "于2022年11闵25日");
    assert_eq!(date_line("2022年11月25日印发"), "2022年11月25日印发");
    assert_eq!(date_line("2022年第15号"), "2022年第15号");
}

#[test]
fn a_date_gets_its_day_sign_back() {
    assert_eq!(date_day("二〇二二年三月二十目"), "二〇二二年三月二十日");
    assert_eq!(date_day("2022年12月20昌"), "2022年12月20日");
    assert_eq!(date_day("2022年4月 6 曰印发"), "2022年4月 6 日印发");
    assert_eq!(date_day("2022年2月7旧"), "2022年2月7日");
    // Only after a day of the month.
    assert_eq!(date_day("本月目标"), "本月目标");
    assert_eq!(date_day("项目"), "项目");
}

#[test]
fn the_first_attachment_number_gets_its_point_back() {
    let mended = "附件:1．大连市加快发展养老服务业重点任务分工表";
    assert_eq!(
        attachment_number("附件:1大连市加快发展养老服务业重点任务分工表"),
        mended
    );
    assert_eq!(
        attachment_number("附件:1].大连市加快发展养老服务业重点任务分工表"),
        mended
    );
    assert_eq!(
        attachment_number("附件:1*大连市加快发展养老服务业重点任务分工表"),
        mended
    );
    assert_eq!(attachment_number("附件：12 名单"), "附件：12．名单");
    // Read right, a single attachment, a year, a count: as they are.
    for kept in [
        "附件：1．名单",
        "附件：1、名单",
        "附件：名单",
        "附件：2022年度名单",
        "附件：3个项目名单",
        "附件1",
    ] {
        assert_eq!(attachment_number(kept), kept);
    }
}

#[test]
fn a_leader_dot_read_as_a_colon_is_one_again() {
    assert_eq!(
        leader_dot("国务院办公厅关于某事的工作方案(国办函〔2020〕121号):8"),
        "国务院办公厅关于某事的工作方案(国办函〔2020〕121号)·8"
    );
    assert_eq!(leader_dot("某某办法（试行）：12"), "某某办法（试行）·12");
    // A colon that ends a line, or one followed by words, is printed.
    for kept in ["按以下标准（试行）：", "附件：1", "（一）目标：3个以上"] {
        assert_eq!(leader_dot(kept), kept);
    }
}

#[test]
fn a_banner_gets_its_pair_of_brackets_back() {
    assert_eq!(banner_brackets("【人事任免)"), "【人事任免】");
    assert_eq!(banner_brackets("[国务院令"), "【国务院令】");
    assert_eq!(banner_brackets("县政府文件】"), "【县政府文件】");
    // A banner's name unbracketed, a title in brackets, and a pair read right stay.
    for kept in ["人事任免", "【关于某事的通知)", "【国务院令】"] {
        assert_eq!(banner_brackets(kept), kept);
    }
}

#[test]
fn a_dash_between_arabic_numbers_read_as_one_is_a_dash_again() {
    assert_eq!(
        range_dash("2019年第23一24期(总第1722期)"),
        "2019年第23—24期(总第1722期)"
    );
    assert_eq!(range_dash("1 一 6月"), "1—6月");
    // 一 among Chinese numerals, or after a number before a word, is printed.
    for kept in ["二〇一九年", "第一条", "3个一级指标", "一是"] {
        assert_eq!(range_dash(kept), kept);
    }
}

#[test]
fn a_stop_read_at_the_head_of_a_line_is_a_speck() {
    assert_eq!(opening_stop(".寿光市人民政府"), "寿光市人民政府");
    assert_eq!(opening_stop("，。 关于实施"), "关于实施");
    // A leader, a number or a stop inside the line is printed.
    for kept in ["……8", "...12", "1.工作目标", "经研究，决定"] {
        assert_eq!(opening_stop(kept), kept);
    }
}

#[test]
fn a_letter_gets_its_sign_back() {
    assert_eq!(anchors("晋政瑟〔2019〕31号"), "晋政函〔2019〕31号");
    assert_eq!(anchors("国办画(2015)98号"), "国办函〔2015〕98号");
    assert_eq!(anchors("芜政了〔2022〕118号"), "芜政函〔2022〕118号");
    assert_eq!(anchors("鞍政六〔2021〕131号"), "鞍政函〔2021〕131号");
    assert_eq!(anchors("豫政了尔〔2020〕39号"), "豫政函〔2020〕39号");
    assert_eq!(
        anchors("南通市人民政府关于同意建立南通市城南新区联席会议制度的画"),
        "南通市人民政府关于同意建立南通市城南新区联席会议制度的函"
    );
    assert_eq!(
        letter_sign("国务院关于同意建立赣州市联席会议制度的本(国函〔2019〕159号)"),
        "国务院关于同意建立赣州市联席会议制度的函(国函〔2019〕159号)"
    );
    // Code letters and titles' kinds that are not misread, and prose.
    assert_eq!(letter_sign("宁政发〔2023〕31号"), "宁政发〔2023〕31号");
    assert_eq!(letter_sign("关于举办少儿书画"), "关于举办少儿书画");
    assert_eq!(letter_sign("关于印发宣传画"), "关于印发宣传画");
}

#[test]
fn a_leader_read_as_han_characters_is_dots_again() {
    assert_eq!(
        anchors("桐庐县人民政府关于姚娟敏等同志职务任免的通知多多多多"),
        "桐庐县人民政府关于姚娟敏等同志职务任免的通知····"
    );
    assert_eq!(leader_dots_as_han("政务动态多多多 11"), "政务动态··· 11");
    // Two, or inside a line, are words.
    assert_eq!(leader_dots_as_han("许多多样"), "许多多样");
    assert_eq!(leader_dots_as_han("多多益善"), "多多益善");
}

#[test]
fn signs_read_into_a_docnums_number_go() {
    assert_eq!(anchors("(天政发[2020]12.0:号)"), "(天政发〔2020〕120号)");
    assert_eq!(docnum_number_signs("〔2021〕3.号"), "〔2021〕3号");
    // Outside a 文号, points stay.
    assert_eq!(docnum_number_signs("第12.5号"), "第12.5号");
    // A decree's number, a speck read before its digits.
    assert_eq!(docnum_number_signs("第;557号"), "第557号");
    assert_eq!(anchors("(第:75号)"), "(第75号)");
    // A 1 read as a letter, and the decree's 令 that needs its number to be known.
    assert_eq!(docnum_number_signs("第L81号"), "第181号");
    assert_eq!(
        anchors("中华人民共和国自然资源部合(第L81号"),
        "中华人民共和国自然资源部令(第181号"
    );
    // A 0 read as a round letter or 〇, and a speck read as a Han character among
    // the number's digits.
    assert_eq!(docnum_number_signs("第3O0号"), "第300号");
    assert_eq!(
        docnum_number_signs("保政办发[2019]7了4号"),
        "保政办发[2019]74号"
    );
    // Letters elsewhere stay, and so do Chinese numerals and a Han character before
    // the number.
    assert_eq!(docnum_number_signs("第一〇号"), "第一〇号");
    assert_eq!(docnum_number_signs("〔2019〕第74号"), "〔2019〕第74号");
    assert_eq!(docnum_number_signs("第L期"), "第L期");
    assert_eq!(docnum_number_signs("第L号"), "第L号");
}

#[test]
fn a_decree_name_above_its_number_gets_its_sign_back() {
    assert_eq!(
        decree_name("中华人民共和国国务院邻", "第443号"),
        "中华人民共和国国务院令"
    );
    assert_eq!(
        decree_name("安徽省人民政府区", "（第148号）"),
        "安徽省人民政府令"
    );
    // Not above a decree's number, not an office's name, or a committee.
    assert_eq!(
        decree_name("中华人民共和国国务院邻", "第四条"),
        "中华人民共和国国务院邻"
    );
    assert_eq!(decree_name("关于印发的邻", "第443号"), "关于印发的邻");
    assert_eq!(decree_name("某某市委员会", "第3号"), "某某市委员会");
    assert_eq!(decree_name("国务院令", "第443号"), "国务院令");
}

#[test]
fn a_heading_numeral_standing_apart_gets_its_comma_back() {
    assert_eq!(enumeration_comma("一 工作目标"), "一、工作目标");
    assert_eq!(
        enumeration_comma("十二  完善配套政策"),
        "十二、完善配套政策"
    );
    // A heading read whole, a date's year, a line with no numeral first: as read.
    assert_eq!(enumeration_comma("一、工作目标"), "一、工作目标");
    assert_eq!(enumeration_comma("二 〇二二年三月"), "二 〇二二年三月");
    assert_eq!(enumeration_comma("第一 章"), "第一 章");
    assert_eq!(enumeration_comma("是 工作"), "是 工作");
}
