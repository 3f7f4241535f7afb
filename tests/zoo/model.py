"""The model of one generated gazette issue: its layout choices and its documents.

`make_issue(spec)` turns a small spec (name, seed, producer, forced features) into a
dict that every renderer reads: `layout` (page size, margins, columns, furniture styles),
`meta` (gazette name, year, issue label), `sections` (banner + documents) and `toc`.
A document is a list of blocks; blocks that open a top-level clause carry a `clause`
record, so the renderers only have to say on which page each one landed.
All printed strings are final here (full-width forms applied), so renderers never
rewrite text and the truth keeps the printed form.
"""
import random

import content as C

PAGE_SIZES = {"A4": (210, 297), "185x260": (185, 260), "B5": (176, 250), "16K": (184, 260)}
FOOTERS = ["— {} —", "－ {} －", "· {} ·", "{}", "第{}页"]
LEADERS = ["…", "．", "·", ".", ""]
# 〔〕 is the standard's bracket and the most common in print; the others occur in the wild
BRACKETS = [("〔", "〕")] * 6 + [("[", "]"), ("（", "）"), ("(", ")"), ("【", "】")]


def fullwidth(s):
    """ASCII letters, digits and punctuation to their full-width forms (U+FF01–FF5E)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


BREAK_BEFORE = ["关于", "进一步", "推进", "加强", "加快", "促进", "做好", "开展", "落实", "深化", "持续",
                "降低", "全面", "支持", "提升", "扎实", "优化", "的", "和", "等同志", "基准地价", "城区"]


def split_title(rng, issuer, rest, max_len):
    """Title lines as a typesetter breaks them: often the issuer alone on the first line,
    the rest broken before a word (关于 / 进一步 / 的 …), never inside one."""
    whole = issuer + rest
    if len(whole) <= max_len and (rng.random() < 0.35 or not issuer):
        return [whole]
    lines = [issuer] if issuer and rng.random() < 0.7 else []
    body = rest if lines else whole
    while len(body) > max_len:
        cuts = [i for i in range(4, max_len + 1)
                if len(body) - i >= 4 and any(body.startswith(w, i) for w in BREAK_BEFORE)]
        cut = max(cuts) if cuts else max_len
        lines.append(body[:cut])
        body = body[cut:]
    lines.append(body)
    return lines


class Office:
    def __init__(self, place, level, code, parent=None):
        self.place, self.level, self.code, self.parent = place, level, code, parent
        self.gov = place + "人民政府"
        self.office = place + "人民政府办公厅" if level == "省" else place + "人民政府办公室"
        self.short = level
        # a 代字 that already names the government (苏府, 佛府) takes 发 / 办发 directly
        gov = code if code.endswith("府") else code + "政"
        self.codes = {"gov": [gov + "发", gov + "发", gov + "字"], "office": [gov + "办发"],
                      "reply": [gov + "字", gov + "函"], "joint": [code + "办发"]}
        hall = "厅" if level == "省" else "室"
        self.party_office = f"中共{place}委办公{hall}"

    def addressees(self):
        if self.level == "省" and self.place.endswith("市"):
            return "各区县（自治县）人民政府，市政府各部门，有关单位："
        if self.level == "省":
            return "各市人民政府，省政府各部门、各直属机构，各大企业，各高等院校："
        if self.level == "市":
            return "各县（市、区）人民政府，市政府各部门、各直属机构："
        return "各乡镇人民政府、街道办事处，县政府各部门、各直属机构："


class Gen:
    def __init__(self, spec):
        self.spec = spec
        self.rng = random.Random(spec["seed"])
        self.fw = spec.get("fullwidth", False)
        self.year = spec["year"]
        self.doc_seq = 0
        self.used_topics = set()

    # ---------------------------------------------------------------- small helpers
    def P(self, s):
        return fullwidth(s) if self.fw else s

    def date(self, month=None, chinese=None):
        r = self.rng
        m = month or r.randint(1, 12)
        d = r.randint(1, 28)
        if chinese is None:
            chinese = r.random() < 0.25
        printed = C.cn_date(self.year, m, d) if chinese else f"{self.year}年{m}月{d}日"
        return self.P(printed), f"{self.year:04d}-{m:02d}-{d:02d}"

    def docnum(self, code):
        lb, rb = self.rng.choice(self.spec.get("brackets") or BRACKETS)
        sp = " " if self.rng.random() < 0.15 else ""
        n = self.rng.randint(1, 160)
        return self.P(f"{code}{sp}{lb}{self.year}{rb}{sp}{n}号")

    def next_id(self, prefix):
        self.doc_seq += 1
        return f"{prefix}{self.doc_seq}"

    def topic(self):
        free = [i for i in range(len(C.TOPICS)) if i not in self.used_topics] or list(range(len(C.TOPICS)))
        i = self.rng.choice(free)
        self.used_topics.add(i)
        return C.TOPICS[i]

    def sentences(self, topic, n):
        pool = topic["sentences"] + C.GENERIC
        picks = self.rng.sample(pool, min(n, len(pool)))
        return "。".join(picks) + "。"

    # ---------------------------------------------------------------- clause bodies
    def policy_body(self, topic, in_attachment=False, size=1.0):
        """一、 → （一） → 1. → （1） → ① with own-line and inline headings."""
        r = self.rng
        heads = list(topic["headings"])
        n_top = max(2, min(len(heads), int(r.randint(3, 5) * size)))
        heads = heads[:1] + r.sample(heads[1:], n_top - 1)
        top_inline = r.random() < 0.3
        sub_inline = r.random() < 0.6
        third = r.choice(["1.", "1、", "1．"])
        blocks = []
        for i, h in enumerate(heads, 1):
            marker = C.cn_number(i)
            head = self.P(f"{marker}、{h}")
            clause = {"marker": marker, "text": head, "inline": top_inline, "in_attachment": in_attachment}
            if top_inline:
                blocks.append({"t": "p", "text": head + "。" + self.P(self.sentences(topic, 2)), "clause": clause})
                continue
            blocks.append({"t": "h", "level": 1, "text": head, "clause": clause})
            n_sub = r.choice([0, 2, 2, 3])
            if n_sub == 0:
                for _ in range(r.randint(1, 2)):
                    blocks.append({"t": "p", "text": self.P(self.sentences(topic, r.randint(2, 4)))})
                continue
            subs = r.sample(topic["sentences"], n_sub)
            for j, sub in enumerate(subs, 1):
                lead = sub.split("，")[0][:14]
                sm = f"（{C.cn_number(j)}）"
                if sub_inline:
                    blocks.append({"t": "p", "text": self.P(sm + lead + "。" + self.sentences(topic, 2))})
                else:
                    blocks.append({"t": "h", "level": 2, "text": self.P(sm + lead)})
                    blocks.append({"t": "p", "text": self.P(self.sentences(topic, r.randint(2, 3)))})
                if r.random() < 0.35:
                    for k in range(1, r.randint(2, 3) + 1):
                        num = third.replace("1", str(k))
                        blocks.append({"t": "p", "text": self.P(num + self.sentences(topic, 1))})
                        if k == 1 and r.random() < 0.4:
                            for q in range(1, 3):
                                blocks.append({"t": "p", "text": self.P(f"（{q}）" + self.sentences(topic, 1))})
                                if q == 1 and r.random() < 0.5:
                                    for c in range(2):
                                        blocks.append({"t": "p", "text": self.P(C.CIRCLED[c] + self.sentences(topic, 1))})
        return blocks

    def regulation_body(self, subj, form, level, eff, chapters=True):
        r = self.rng
        fill = lambda s: s.format(goal=subj["goal"], level=level, form=form, object=subj["object"],
                                  act=subj["act"], authority=level + "人民政府" + subj["auth"]
                                  if r.random() < 0.3 else subj["auth"], eff=eff)
        chaps = C.REG_CHAPTERS if chapters else C.REG_CHAPTERS[:1] + C.REG_CHAPTERS[4:]
        blocks, art = [], 0
        for ci, (cname, arts) in enumerate(chaps, 1):
            if chapters:
                text = self.P(f"第{C.cn_number(ci)}章　{cname}")
                blocks.append({"t": "h", "level": 1, "center": True, "text": text,
                               "clause": {"marker": f"第{C.cn_number(ci)}章", "text": text,
                                          "inline": False, "in_attachment": False}})
            sections = chapters and cname == "规划与建设" and r.random() < 0.5
            for ai, a in enumerate(arts):
                if sections and ai in (0, 2):
                    # 第一节 / 第二节 inside a chapter; articles stay numbered through the whole text
                    sec_no, sec_name = (1, "规划") if ai == 0 else (2, "建设")
                    blocks.append({"t": "h", "level": 2, "center": True,
                                   "text": self.P(f"第{C.cn_number(sec_no)}节　{sec_name}")})
                art += 1
                marker = f"第{C.cn_number(art)}条"
                text = self.P(marker + "　" + fill(a))
                clause = None if chapters else {"marker": marker, "text": text, "inline": True,
                                                "in_attachment": False}
                blocks.append({"t": "p", "text": text, "clause": clause, "article": True})
                if a.endswith("下列内容："):
                    for k, item in enumerate(r.sample(C.REG_ITEMS, 3), 1):
                        blocks.append({"t": "p", "text": self.P(f"（{C.cn_number(k)}）{item}；")})
                elif r.random() < 0.25 and cname != "附则":
                    blocks.append({"t": "p", "text": self.P(fill("{authority}应当定期向社会公布{object}管理情况，接受社会监督。"))})
        return blocks

    def attachment(self, title):
        r = self.rng
        head = [self.P(h) for h in r.choice([["序号", "项目名称", "责任单位", "完成时限"],
                                              ["序号", "地区", "目标任务", "备注"]])]
        rows = [head]
        for i in range(1, r.randint(3, 6)):
            rows.append([self.P(str(i)), self.P(r.choice(["示范项目", "改造工程", "服务中心", "监测平台"]) + f"{i}期"),
                         self.P(r.choice(["发展改革委", "财政局", "住房城乡建设局", "生态环境局"])),
                         self.P(f"{self.year}年{r.randint(6, 12)}月底前")])
        return [{"t": "attach-label", "text": "附件" if r.random() < 0.5 else self.P("附件1")},
                {"t": "attach-title", "lines": [title]},
                {"t": "table", "rows": rows}]

    # ---------------------------------------------------------------- documents
    def policy_doc(self, office, general_office, joint=None, header=None, section=None):
        r = self.rng
        topic = self.topic()
        matter, kind = r.choice(topic["matter"]), r.choice(topic["kinds"])
        issuers = joint or [office.office if general_office else office.gov]
        issuer_line = "　".join(issuers)
        rest = f"关于{matter}的{kind}"
        title_lines = [self.P(x) for x in split_title(r, issuer_line, rest, r.randint(16, 22))]
        code = r.choice(office.codes["joint" if joint else "office" if general_office else "gov"])
        dn = self.docnum(code) if r.random() > self.spec.get("p_no_docnum", 0.1) else None
        date, iso = self.date()
        hdr = None
        if header == "red" and not joint:
            hdr = issuers[0] + "文件"
        blocks = []
        if hdr:
            blocks.append({"t": "redhead", "text": self.P(hdr)})
            if dn:
                blocks.append({"t": "docnum", "text": dn})
        blocks.append({"t": "title", "lines": title_lines})
        if dn and not hdr:
            blocks.append({"t": "docnum", "text": dn})
        blocks.append({"t": "addressee", "text": self.P(office.addressees())})
        verb = "通知如下" if kind == "通知" else "提出如下意见" if "意见" in kind else "制定本方案"
        blocks.append({"t": "p", "text": self.P(f"为深入贯彻落实党中央、国务院决策部署，{matter}，"
                                               f"结合{office.place}实际，现{verb}。" if verb != "制定本方案"
                                               else f"为{matter}，结合{office.place}实际，制定本方案。")})
        blocks += self.policy_body(topic, size=self.spec.get("doc_size", 1.0))
        attach = None
        if r.random() < self.spec.get("p_attach", 0.3):
            attach = f"{office.place}{matter}重点任务分工表"
            blocks.append({"t": "p", "noindent": True, "text": self.P(f"附件：{attach}") if r.random() < 0.5 else
                           self.P(f"附件：1．{attach}"), "attach_list": True})
            if "1．" in blocks[-1]["text"]:
                blocks.append({"t": "p", "noindent": True, "indent3": True,
                               "text": self.P("2．有关政策文件目录")})
        blocks.append({"t": "sign", "lines": [self.P(x) for x in issuers], "date": date,
                       "side": len(issuers) > 1 and r.random() < 0.5})
        if r.random() < 0.4:
            blocks.append({"t": "p", "text": self.P(r.choice(["（此件公开发布）", "（此件主动公开）",
                                                             "（联系单位：" + office.place + "发展改革委）"]))})
        if attach:
            blocks += self.attachment(self.P(attach))
        if r.random() < 0.25:
            blocks.append({"t": "banji", "lines": [self.P(f"抄送：{office.place}委各部门，{office.place}人大常委会办公厅，{office.place}政协办公厅。"),
                                                    self.P(f"{office.office}　　　　　") + date + "印发"]})
        return self.finish_doc("document", section, blocks, dn, title_lines, issuers, date, iso, hdr)

    def reply_doc(self, office, section):
        r = self.rng
        # a province answers one of its own cities; the State Council any of them
        cities = ([c for c in C.CITIES if c[2] == office.place]
                  or [c for c in C.LATER["市"] if c[2] == office.place] or C.CITIES)
        sub_place = r.choice(cities)[0] if office.level == "省" else office.place + r.choice(["高新区", "东城区", "城南新区"])
        matter, kind = r.choice(C.REPLY_MATTERS)
        rest = "关于" + matter.format(place=sub_place) + "的" + kind
        title_lines = [self.P(x) for x in split_title(r, office.gov, rest, 20)]
        dn = self.docnum(r.choice(office.codes["reply"]))
        date, iso = self.date()
        blocks = [{"t": "title", "lines": title_lines}, {"t": "docnum", "text": dn},
                  {"t": "addressee", "text": self.P(f"{sub_place}人民政府：")},
                  {"t": "p", "text": self.P(f"你{'市' if '市' in sub_place else '区'}《关于{matter.format(place=sub_place)}的请示》收悉。现批复如下：")}]
        for i in range(1, r.randint(2, 4) + 1):
            text = self.P(f"{C.cn_number(i)}、" + self.sentences(self.topic(), 2))
            blocks.append({"t": "p", "text": text,
                           "clause": {"marker": C.cn_number(i), "text": text, "inline": True, "in_attachment": False}})
        blocks.append({"t": "sign", "lines": [self.P(office.gov)], "date": date})
        return self.finish_doc("document", section, blocks, dn, title_lines, [office.gov], date, iso, None)

    def decree_doc(self, who, section, office=None):
        """国务院令 / 省政府令 / 部令: one document, the regulation's title, 令号 as 文号."""
        r = self.rng
        subj = r.choice(C.REG_SUBJECTS)
        n = r.randint(300, 760) if who == "state" else r.randint(10, 340)
        if who == "state":
            head, signer, form, level, dnorm = "中华人民共和国国务院令", r.choice(C.PREMIERS), "条例", "国家", f"国务院令第{n}号"
            reg_title = subj["name"] + "管理条例"
        elif who == "ministry":
            mname, lingcode = r.choice(C.MINISTRIES)
            head, signer, form, level = "中华人民共和国" + mname + "令", "部长　" + C.person(r), "规定", "国家"
            dnorm = f"{lingcode}第{n}号"
            reg_title = subj["name"] + "管理规定"
        else:
            head = office.gov + "令"
            signer = ("省长　" if office.level == "省" and not office.place.endswith("市") else "市长　") + C.person(r)
            form, level, dnorm = "办法", office.short, f"{office.gov}令第{n}号"
            reg_title = office.place + subj["name"] + "管理办法"
        date, iso = self.date(chinese=False)
        eff_m = min(12, int(iso[5:7]) + r.randint(1, 3))
        eff = f"{self.year}年{eff_m}月1日"
        preamble = f"《{reg_title}》已经{date}{'国务院第' + str(r.randint(20, 90)) + '次常务会议' if who == 'state' else '第' + str(r.randint(3, 40)) + '次常务会议'}通过，现予公布，自{eff}起施行。"
        title_lines = [self.P(x) for x in split_title(r, "", reg_title, 20)]
        blocks = [{"t": "decree-head", "lines": [self.P(head), self.P(f"第{n}号")]},
                  {"t": "p", "text": self.P(preamble)},
                  {"t": "sign", "lines": [self.P(signer)], "date": date},
                  {"t": "break", "page": r.random() < 0.4},
                  {"t": "title", "lines": title_lines}]
        if r.random() < 0.5:
            blocks.append({"t": "p", "center": True, "noindent": True,
                           "text": self.P(f"（{date}{head[-5:] if who == 'state' else head}第{n}号公布）"
                                          if who == "state" else f"（{date}公布）")})
        blocks += self.regulation_body(subj, form, level, self.P(eff), chapters=r.random() < 0.8)
        d = self.finish_doc("decree", section, blocks, self.P(dnorm), title_lines,
                            [{"state": "国务院", "ministry": head[7:-1], "prov": office and office.gov}[who]],
                            date, iso, None)
        d["docnum_printed"] = self.P(f"第{n}号")
        d["signatories"] = [self.P(signer)]
        d["toc_entries"] = [(self.P(f"{head}（第{n}号）"), None), ("".join(title_lines), None)]
        return d

    def announcement_doc(self, office, section):
        r = self.rng
        tmpl, kind = r.choice(C.ANNOUNCE_MATTERS)
        rest = tmpl.format(year=self.year, place=office.place)
        signer = [office.gov]
        if "疫情" in rest or r.random() < 0.3:
            signer = [office.place + r.choice(["疫情防控工作领导小组", "安全生产委员会", "重大项目建设指挥部"]),
                      "（指挥部）办公室" if r.random() < 0.5 else "办公室"]
        issuer_joined = "".join(signer)
        title_lines = [self.P(x) for x in split_title(r, signer[0] if len(signer) == 1 else issuer_joined, rest, 20)]
        date, iso = self.date()
        blocks = [{"t": "title", "lines": title_lines},
                  {"t": "p", "text": self.P(C.ANNOUNCE_BODY[0].format(kind=kind, place=office.place, year=self.year))}]
        for i, s in enumerate(C.ANNOUNCE_BODY[1:-1], 1):
            text = self.P(f"{C.cn_number(i)}、" + s.format(kind=kind, place=office.place, year=self.year))
            blocks.append({"t": "p", "text": text,
                           "clause": {"marker": C.cn_number(i), "text": text, "inline": True, "in_attachment": False}})
        blocks.append({"t": "p", "text": self.P("特此" + kind + "。")})
        blocks.append({"t": "sign", "lines": [self.P(x) for x in signer], "date": date})
        d = self.finish_doc("announcement", section, blocks, None, title_lines, [issuer_joined], date, iso, None)
        d["signatories"] = [self.P(issuer_joined)]
        return d

    def personnel_doc(self, office, section):
        r = self.rng
        names = [C.person(r) for _ in range(r.randint(3, 6))]
        rest = f"关于{names[0]}等同志职务任免的通知"
        title_lines = [self.P(x) for x in split_title(r, office.gov, rest, 20)]
        dn = self.docnum(office.codes["gov"][0][:-1] + "任") if r.random() < 0.6 else None
        date, iso = self.date()
        blocks = [{"t": "title", "lines": title_lines}]
        if dn:
            blocks.append({"t": "docnum", "text": dn})
        blocks += [{"t": "addressee", "text": self.P(office.addressees())},
                   {"t": "p", "text": self.P(f"经{office.gov}研究决定：")}]
        posts = r.sample(C.PERSONNEL_POSTS, len(names))
        for i, (nm, post) in enumerate(zip(names, posts)):
            verb = "任命{}为{}{}；" if i % 2 == 0 else "免去{}的{}{}职务；"
            blocks.append({"t": "p", "text": self.P(verb.format(nm, office.short, post))})
        blocks[-1]["text"] = blocks[-1]["text"][:-1] + "。"
        blocks.append({"t": "sign", "lines": [self.P(office.gov)], "date": date})
        return self.finish_doc("personnel", section, blocks, dn, title_lines, [office.gov], date, iso, None)

    def chronicle_doc(self, office, section):
        r = self.rng
        month = r.randint(1, 11)
        title_lines = [self.P(office.gov + "大事记"), self.P(f"（{self.year}年{month}月）")]
        blocks = [{"t": "title", "lines": title_lines}]
        days = sorted(r.sample(range(1, 29), r.randint(6, 10)))
        for d in days:
            ev = r.sample(C.CHRONICLE_EVENTS, r.randint(1, 3))
            blocks.append({"t": "p", "text": self.P(f"{d}日，" + ev[0].format(place=office.place) + "。")})
            for e in ev[1:]:
                blocks.append({"t": "p", "text": self.P("△" + e.format(place=office.place) + "。")})
        d = self.finish_doc("chronicle", section, blocks, None, title_lines, [], None, None, None)
        d["issuing_office"] = None
        return d

    def news_doc(self, office, section):
        """政务动态: short news items, each a headline line and a paragraph; no 文号, no signature."""
        r = self.rng
        month = r.randint(1, 11)
        title_lines = [self.P(f"{office.place}政务动态")]
        blocks = [{"t": "title", "lines": title_lines}]
        for ev in r.sample(C.CHRONICLE_EVENTS, r.randint(3, 5)):
            head = ev.format(place=office.place).split("，")[0]
            blocks.append({"t": "h", "level": 2, "text": self.P(head)})
            blocks.append({"t": "p", "text": self.P(f"{month}月{r.randint(1, 28)}日，" + ev.format(place=office.place)
                                                   + "。会议强调，" + r.choice(C.GENERIC) + "。")})
        d = self.finish_doc("news", section, blocks, None, title_lines, [], None, None, None)
        d["issuing_office"] = None
        return d

    def finish_doc(self, kind, section, blocks, dn, title_lines, issuers, date, iso, hdr):
        did = self.next_id("d")
        return {"id": did, "kind": kind, "section": section, "red_header": hdr, "docnum": dn,
                "docnum_printed": dn, "title_lines": title_lines, "title": "".join(title_lines),
                "full_title": "".join(title_lines),
                "issuing_office": self.P("、".join(issuers)) if issuers else None,
                "signatories": [self.P(x) for x in issuers], "date": date, "date_iso": iso,
                "blocks": blocks, "toc_entries": [("".join(title_lines), dn)]}


def choose_layout(r, spec):
    cols = spec.get("columns") or r.choice([1, 1, 2])
    size_name = spec.get("page") or r.choice(list(PAGE_SIZES))
    w, h = PAGE_SIZES[size_name]
    body = round(r.uniform(9.5, 10.5) if cols == 2 else r.uniform(10.5, 12.5), 1)
    return {
        "columns": cols, "page": size_name, "page_mm": [w, h],
        "margin_mm": {"top": r.randint(18, 28), "bottom": r.randint(16, 24),
                      "inside": r.randint(16, 24), "outside": r.randint(14, 22)},
        "body_pt": body, "leading_em": round(r.uniform(0.45, 0.8), 2),
        "footer": spec.get("footer") or r.choice(FOOTERS[:4]),
        "footer_pos": r.choice(["centre", "centre", "outer"]),
        "header_mode": spec.get("header_mode") or r.choice(["both", "both", "odd", "none"]),
        "header_section": r.random() < 0.6,
        "banner": spec.get("banner") or r.choice(["bracket", "circle", "plain", "ruled"]),
        "toc_docnum": spec.get("toc_docnum") or r.choice(["bracket", "ownline", "none"]),
        "leader": spec.get("leader") if "leader" in spec else r.choice(LEADERS),
        "front": spec.get("front") or r.choice(["cover+masthead+toc", "cover+toc", "cover-toc", "masthead-toc"]),
        "toc_counts": spec.get("toc_counts") if "toc_counts" in spec else r.random() < 0.5,
        "red_header": spec.get("red_header") if "red_header" in spec else r.random() < 0.6,
        "continuation": spec.get("continuation") if "continuation" in spec else r.random() < 0.4,
        "font": r.choice(["serif", "serif", "kai", "sans"]),
        # Not drawn (a draw would shift every earlier issue's seed stream): the page
        # number at the outer end of the running head, an em space from it, no footer.
        "page_in_header": spec.get("page_in_header", False),
    }


def make_issue(spec):
    g = Gen(spec)
    r = g.rng
    lay = choose_layout(r, spec)
    level = spec["level"]
    if level == "国":
        name, pub = "中华人民共和国国务院公报", "国务院办公厅"
        office = None
    else:
        pool = {"省": C.PROVINCES, "市": C.CITIES, "县": C.COUNTIES}[level]
        ent = pool[spec["seed"] % len(pool)] if "place" not in spec else \
            next(p for p in pool + C.LATER[level] if p[0] == spec["place"])
        office = Office(ent[0], level, ent[1])
        name = office.gov + "公报"
        pub = office.office
    issue_no = spec.get("issue") or r.randint(1, 24)
    style = spec.get("style") or r.choice(["qi", "qi", "hao", "qi-nototal"])
    total = None if style == "qi-nototal" else issue_no + r.randint(100, 1700)
    # A combined issue (合刊) prints the range it covers, filed under its first number.
    span = f"{issue_no}{spec['combined']}{issue_no + 1}" if spec.get("combined") else str(issue_no)
    short = f"{g.year}年第{span}{'号' if style == 'hao' else '期'}"
    tail = (f"（总号：{total}）" if style == "hao" else f"（总第{total}期）") if total else ""
    meta = {"name": name, "year": g.year, "issue": issue_no, "total_issue": total,
            "short": g.P(short), "tail": g.P(tail), "label": g.P(short + tail),
            "masthead": [[g.P(k), g.P(v)] for k, v in [
                ("主管主办", office.gov if office else "国务院办公厅"), ("编辑出版", pub + "公报编辑部" if office else "国务院办公厅秘书局"),
                ("地址", (office.place if office else "北京市") + "府前路" + str(r.randint(1, 99)) + "号"),
                ("电话", f"0{r.randint(10, 999)}-{r.randint(2000000, 8999999)}"),
                ("邮编", str(r.randint(100000, 860000)))]]}

    sections = []
    plan = spec.get("plan") or default_plan(r, level)
    if spec.get("news"):
        plan.append(("政务动态", ["news"]))
    for sec_name, kinds in plan:
        docs = []
        for k in kinds:
            if k == "decree-state":
                docs.append(g.decree_doc("state", sec_name))
            elif k == "decree-ministry":
                docs.append(g.decree_doc("ministry", sec_name))
            elif k == "decree-prov":
                docs.append(g.decree_doc("prov", sec_name, office))
            elif k in ("gov", "office"):
                o = StateCouncil() if level == "国" else office
                docs.append(g.policy_doc(o, k == "office", header="red" if lay["red_header"] else None, section=sec_name))
            elif k == "joint":
                docs.append(g.policy_doc(office, True, joint=[office.party_office, office.office], section=sec_name))
            elif k == "reply":
                docs.append(g.reply_doc(office or StateCouncil(), sec_name))
            elif k == "announce":
                docs.append(g.announcement_doc(office, sec_name))
            elif k == "personnel":
                docs.append(g.personnel_doc(office, sec_name))
            elif k == "chronicle":
                docs.append(g.chronicle_doc(office, sec_name))
            elif k == "news":
                docs.append(g.news_doc(office, sec_name))
        sections.append({"name": sec_name, "printed": g.P(banner_text(lay["banner"], sec_name)), "docs": docs})
    docs = [d for s in sections for d in s["docs"]]
    # the title size is capped so that no title line wraps: title_lines are the printed lines
    text_pt = (lay["page_mm"][0] - lay["margin_mm"]["inside"] - lay["margin_mm"]["outside"]) * 72 / 25.4
    widest = max(sum(0.5 if c < "\u2000" else 1 for c in ln) for d in docs for ln in d["title_lines"])
    lay["title_pt"] = round(min(lay["body_pt"] * 1.45, text_pt / (widest + 1.5)), 1)
    if lay["continuation"]:
        plan_continuation(r, docs)
    return {"name": spec["name"], "producer": spec["producer"], "fonts": spec.get("fonts", "embedded"),
            "fullwidth": g.fw, "seed": spec["seed"], "layout": lay, "meta": meta, "sections": sections,
            "footer_fw": g.fw and r.random() < 0.5}


class StateCouncil(Office):
    def __init__(self):
        self.place, self.level, self.code, self.short = "国务院", "省", "国", "国务院"
        self.gov = "国务院"
        self.office = "国务院办公厅"
        self.codes = {"gov": ["国发"], "office": ["国办发", "国办函"], "reply": ["国函"]}

    def addressees(self):
        return "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："


def banner_text(style, name):
    return {"bracket": f"【{name}】", "circle": f"◎ {name}", "plain": name, "ruled": name}[style]


def default_plan(r, level):
    if level == "国":
        return [("国务院令", ["decree-state"]), ("国务院文件", ["gov", "reply"]),
                ("国务院办公厅文件", ["office"]), ("部门文件", ["decree-ministry"])]
    gov, off = {"省": ("省政府文件", "省政府办公厅文件"), "市": ("市政府文件", "市政府办公室文件"),
                "县": ("县政府文件", "县政府办公室文件")}[level]
    plan = [(gov, ["gov"] * r.randint(1, 2)), (off, ["office"] * r.randint(1, 2))]
    extras = r.sample(["decree", "joint", "announce", "personnel", "chronicle", "reply"], 3)
    for e in extras:
        if e == "decree" and level != "县":
            plan.insert(0, ({"省": "省政府令", "市": "市政府令"}[level], ["decree-prov"]))
        elif e == "joint":
            plan[0][1].append("joint")
        elif e == "reply":
            plan[0][1].append("reply")
        elif e == "announce":
            plan.append(("公告", ["announce"]))
        elif e == "personnel":
            plan.append(("人事任免", ["personnel"]))
        elif e == "chronicle":
            plan.append(("大事记", ["chronicle"]))
    return plan


def plan_continuation(r, docs):
    """Cut the tail of one long policy document and print it after the last document."""
    cands = [d for d in docs[:-1] if d["kind"] == "document" and sum(b["t"] == "p" for b in d["blocks"]) > 5]
    if not cands:
        return
    d = r.choice(cands)
    blocks = d["blocks"]
    ps = [i for i, b in enumerate(blocks) if b["t"] == "p" and not b.get("clause") and i > 0
          and blocks[i - 1]["t"] == "p" and not blocks[i - 1].get("attach_list")]
    # cut in the last third, so the main part keeps most of the text
    ps = [i for i in ps if i >= len(blocks) // 2 and i < next(j for j, b in enumerate(blocks) if b["t"] == "sign")]
    if not ps:
        return
    d["cont"] = {"split": r.choice(ps), "host": docs[-1]["id"], "own_page": r.random() < 0.6}
