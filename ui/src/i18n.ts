// Interface strings in Chinese (the default) and English. Document text is never
// translated: only the app's own words are.

export type Lang = "zh" | "en";

const zh = {
  appName: "政府公报阅读器",
  library: "文库",
  contents: "目录",
  searchPlaceholder: "搜索全文或文号（Ctrl+K）",
  allGazettes: "全部公报",
  allYears: "全部年份",
  officePlaceholder: "发文机关",
  importButton: "导入 PDF",
  importTitle: "导入",
  close: "关闭",
  cancel: "取消",
  retry: "重试",
  password: "密码",
  passwordPrompt: "请输入此 PDF 的打开密码：",
  textView: "文本",
  pageView: "原页",
  bothView: "对照",
  langSwitch: "English",
  help: "快捷键",
  emptyLibrary: "文库为空。点击“导入 PDF”或将 PDF 拖入窗口。",
  chooseIssue: "请在左侧选择一期公报。",
  chooseDocument: "请在目录中选择一篇文件。",
  loading: "正在加载…",
  issuesCount: (n: number) => `${n} 期`,
  docsCount: (n: number) => `${n} 篇`,
  yearLabel: (y: number) => `${y}年`,
  issueLabel: (n: number, serial: number | null) =>
    `第${n}期` + (serial === null ? "" : `（总第${serial}期）`),
  issueTitle: (g: string, y: number, n: number) => `${g} ${y}年第${n}期`,
  page: (p: number) => `第${p}页`,
  pageShort: (p: number) => `${p}`,
  pages: (a: number, b: number) => (a === b ? `第${a}页` : `第${a}–${b}页`),
  pdfPage: (p: number, total: number) => `PDF 第 ${p} / ${total} 页`,
  printedPage: (p: number) => `印刷页码 ${p}`,
  continuation: (start: number | null, from: number | null) =>
    `续文（原刊第${start ?? "?"}页，上接第${from ?? "?"}页）`,
  attachments: "附件",
  distribution: "抄送 / 印发",
  noResults: "没有找到匹配的内容。",
  titleMatch: "标题或文号",
  resultsCount: (n: number) => `共 ${n} 处`,
  searchUnavailable: "搜索功能尚不可用。",
  dropHere: "松开鼠标以导入 PDF",
  onlyPdf: "只能导入 PDF 文件。",
  stage: {
    queued: "等待中",
    reading: "读取文件",
    extracting: "提取文字",
    parsing: "分析结构",
    storing: "写入文库",
    indexing: "建立索引",
    done: "完成",
  } as Record<string, string>,
  imported: (issue: string, docs: number) => `已导入：${issue}，${docs} 篇文件`,
  replaced: (issue: string, docs: number) => `已替换为新版本：${issue}，${docs} 篇文件`,
  duplicate: (issue: string) => `文库中已有此文件：${issue}，未做改动`,
  importSample: "首次使用：正在导入示例公报…",
  rebuildingIndex: (done: number, total: number) => `正在重建搜索索引（${done}/${total}）…`,
  reindex: "重建搜索索引",
  reindexed: (docs: number, clauses: number) => `索引已重建：${docs} 篇文件，${clauses} 个条款`,
  errors: {
    not_a_pdf: "这不是 PDF 文件。",
    damaged_pdf: "此 PDF 已损坏或不完整，无法读取。",
    password_required: "此文件需要密码。",
    wrong_password: "密码不正确，请重试。",
    no_text_layer: "此 PDF 只有扫描图像，没有文字层，需先进行文字识别（OCR）。",
    undecodable_text: "此 PDF 的字体无法转换为文字，无法导入。",
    garbled_text: "此 PDF 的文字是乱码，无法导入。",
    extraction_failed: "无法从此 PDF 中提取文字。",
    not_a_gazette: "此文件不像是一期政府公报，未能识别其结构。",
    not_found: "找不到所请求的内容。",
    invalid_argument: "输入有误。",
    database: "文库数据库出错。",
    index: "搜索索引出错。",
    io: "读写文件失败。",
    cancelled: "已取消，文库未改动。",
    internal: "发生意外错误。",
  } as Record<string, string>,
  unknownError: "发生错误。",
  shortcuts: [
    ["Ctrl+K / Ctrl+F", "搜索"],
    ["Ctrl+O", "导入 PDF"],
    ["Alt+1 / Alt+2 / Alt+3", "文库 / 目录 / 正文"],
    ["↑ ↓ / Enter", "在列表中移动 / 打开"],
    ["Alt+↑ / Alt+↓", "上一篇 / 下一篇"],
    ["T / P / B", "文本 / 原页 / 对照"],
    ["← →（原页）", "上一页 / 下一页"],
    ["Esc", "关闭面板"],
    ["?", "显示快捷键"],
  ],
};

type Strings = typeof zh;

const en: Strings = {
  appName: "Gazette Reader",
  library: "Library",
  contents: "Contents",
  searchPlaceholder: "Search text or document number (Ctrl+K)",
  allGazettes: "All gazettes",
  allYears: "All years",
  officePlaceholder: "Issuing office",
  importButton: "Import PDF",
  importTitle: "Import",
  close: "Close",
  cancel: "Cancel",
  retry: "Retry",
  password: "Password",
  passwordPrompt: "Enter the password that opens this PDF:",
  textView: "Text",
  pageView: "Page",
  bothView: "Side by side",
  langSwitch: "中文",
  help: "Shortcuts",
  emptyLibrary: "The library is empty. Use “Import PDF” or drop PDFs on the window.",
  chooseIssue: "Choose an issue on the left.",
  chooseDocument: "Choose a document in the contents.",
  loading: "Loading…",
  issuesCount: (n) => `${n} issue${n === 1 ? "" : "s"}`,
  docsCount: (n) => `${n} doc${n === 1 ? "" : "s"}`,
  yearLabel: (y) => `${y}`,
  issueLabel: (n, serial) => `No. ${n}` + (serial === null ? "" : ` (#${serial})`),
  issueTitle: (g, y, n) => `${g} ${y} No. ${n}`,
  page: (p) => `p. ${p}`,
  pageShort: (p) => `${p}`,
  pages: (a, b) => (a === b ? `p. ${a}` : `pp. ${a}–${b}`),
  pdfPage: (p, total) => `PDF page ${p} of ${total}`,
  printedPage: (p) => `printed page ${p}`,
  continuation: (start, from) =>
    `Continued (printed on p. ${start ?? "?"}, from p. ${from ?? "?"})`,
  attachments: "Attachments",
  distribution: "Copied / issued to",
  noResults: "Nothing matches.",
  titleMatch: "Title or document number",
  resultsCount: (n) => `${n} match${n === 1 ? "" : "es"}`,
  searchUnavailable: "Search is not available yet.",
  dropHere: "Drop to import the PDFs",
  onlyPdf: "Only PDF files can be imported.",
  stage: {
    queued: "Waiting",
    reading: "Reading the file",
    extracting: "Extracting text",
    parsing: "Reading the structure",
    storing: "Saving to the library",
    indexing: "Indexing",
    done: "Done",
  },
  imported: (issue, docs) => `Imported: ${issue}, ${docs} documents`,
  replaced: (issue, docs) => `Replaced with the new edition: ${issue}, ${docs} documents`,
  duplicate: (issue) => `Already in the library: ${issue}; nothing changed`,
  importSample: "First run: importing the sample issue…",
  rebuildingIndex: (done, total) => `Rebuilding the search index (${done}/${total})…`,
  reindex: "Rebuild the search index",
  reindexed: (docs, clauses) => `Index rebuilt: ${docs} documents, ${clauses} clauses`,
  errors: {
    not_a_pdf: "This is not a PDF file.",
    damaged_pdf: "This PDF is damaged or incomplete and cannot be read.",
    password_required: "This file needs a password.",
    wrong_password: "That password is not right; try again.",
    no_text_layer: "This PDF holds scanned images only, with no text: it needs OCR first.",
    undecodable_text: "This PDF's fonts cannot be turned into text, so it cannot be imported.",
    garbled_text: "The text in this PDF is garbled, so it cannot be imported.",
    extraction_failed: "The text could not be extracted from this PDF.",
    not_a_gazette: "This file does not look like a gazette issue; its structure was not recognised.",
    not_found: "What was asked for cannot be found.",
    invalid_argument: "The input is not valid.",
    database: "The library database failed.",
    index: "The search index failed.",
    io: "A file could not be read or written.",
    cancelled: "Cancelled; the library is unchanged.",
    internal: "Something unexpected went wrong.",
  },
  unknownError: "Something went wrong.",
  shortcuts: [
    ["Ctrl+K / Ctrl+F", "Search"],
    ["Ctrl+O", "Import PDFs"],
    ["Alt+1 / Alt+2 / Alt+3", "Library / Contents / Text"],
    ["↑ ↓ / Enter", "Move in a list / open"],
    ["Alt+↑ / Alt+↓", "Previous / next document"],
    ["T / P / B", "Text / page / side by side"],
    ["← → (page view)", "Previous / next page"],
    ["Esc", "Close a panel"],
    ["?", "Show shortcuts"],
  ],
};

const STORAGE_KEY = "gazette-reader.lang";

function initialLang(): Lang {
  return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "zh";
}

export let lang: Lang = initialLang();
export let t: Strings = lang === "en" ? en : zh;

export function setLang(next: Lang) {
  lang = next;
  t = next === "en" ? en : zh;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next === "en" ? "en" : "zh-CN";
}

/** A plain-words explanation of a core error; the English detail is kept as a tooltip. */
export function errorText(kind: string): string {
  return t.errors[kind] ?? t.unknownError;
}
