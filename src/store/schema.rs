//! The archive's one schema: every table of the database, core and derived, as an
//! ordered list of migration steps. A step is never edited once released; a change
//! is a new step at the end. Each table is read and written by one module, named
//! above its step.

/// Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
/// Never edit a released step: append a new one.
pub(super) const MIGRATIONS: &[&str] = &[
    // Issues, their PDFs, pages, documents, clauses and 目录 (written by `store`).
    r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- Every PDF ever imported, kept whole: a replaced edition stays here.
CREATE TABLE pdfs (
    sha256      TEXT PRIMARY KEY,
    bytes       BLOB NOT NULL,
    file_name   TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE TABLE issues (
    id          INTEGER PRIMARY KEY,
    gazette     TEXT NOT NULL,
    year        INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    serial      INTEGER,
    masthead    TEXT NOT NULL,
    page_count  INTEGER NOT NULL,
    pdf_sha256  TEXT NOT NULL REFERENCES pdfs(sha256),
    imported_at TEXT NOT NULL,
    UNIQUE (gazette, year, number)
);
CREATE TABLE pages (
    issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    pdf_page INTEGER NOT NULL,
    printed  INTEGER,
    text     TEXT NOT NULL,
    PRIMARY KEY (issue_id, pdf_page)
);
CREATE TABLE documents (
    id             INTEGER PRIMARY KEY,
    issue_id       INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    ordinal        INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    section        TEXT,
    red_header     TEXT,
    office         TEXT,
    doc_number     TEXT,
    doc_number_key TEXT,
    title          TEXT NOT NULL,
    addressees     TEXT,
    date           TEXT,
    signatories    TEXT NOT NULL,
    start_page     INTEGER,
    end_page       INTEGER,
    start_pdf_page INTEGER NOT NULL,
    continuations  TEXT NOT NULL,
    attachments    TEXT NOT NULL,
    distribution   TEXT NOT NULL,
    UNIQUE (issue_id, ordinal)
);
CREATE INDEX documents_by_number ON documents(doc_number_key);
CREATE TABLE clauses (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    parent_id   INTEGER REFERENCES clauses(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    path        TEXT NOT NULL,
    label       TEXT NOT NULL,
    heading     TEXT,
    text        TEXT NOT NULL,
    page        INTEGER,
    pdf_page    INTEGER NOT NULL,
    UNIQUE (document_id, path),
    UNIQUE (document_id, ordinal)
);
CREATE INDEX clauses_by_parent ON clauses(parent_id);
CREATE TABLE toc_sections (
    id       INTEGER PRIMARY KEY,
    issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    ordinal  INTEGER NOT NULL,
    title    TEXT NOT NULL
);
CREATE TABLE toc_entries (
    id          INTEGER PRIMARY KEY,
    section_id  INTEGER NOT NULL REFERENCES toc_sections(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    title       TEXT NOT NULL,
    doc_number  TEXT,
    page        INTEGER,
    document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL
);
INSERT INTO meta (key, value) VALUES ('generation', '0');
"#,
    // Links between documents (written by `links`).
    r#"
-- One row per mention of another document, derived from the citing document's
-- clauses. Targets are the 文号 key, resolved when read.
CREATE TABLE document_links (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('cites', 'repeals')),
    target_key   TEXT,
    doc_number   TEXT,
    title        TEXT,
    clause_path  TEXT NOT NULL,
    PRIMARY KEY (document_id, ordinal)
);
CREATE INDEX document_links_by_target ON document_links(target_key, kind);
CREATE TABLE document_validity (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    effective   TEXT,
    expires     TEXT
);
INSERT INTO meta (key, value) VALUES ('links_version', '0');
"#,
    // Bookmarks, highlights and notes (written by `annotate`). Annotations are keyed by
    // their anchor, never by document or clause rows, so replacing an issue cannot
    // cascade into them.
    r#"
CREATE TABLE annotations (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('bookmark', 'highlight', 'note')),
    color       TEXT,
    note        TEXT,
    gazette     TEXT NOT NULL,
    year        INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    doc_number  TEXT,
    doc_ordinal INTEGER NOT NULL,
    doc_title   TEXT NOT NULL,
    path        TEXT NOT NULL,
    exact       TEXT NOT NULL,
    prefix      TEXT NOT NULL,
    suffix      TEXT NOT NULL,
    start_pos   INTEGER NOT NULL,
    end_pos     INTEGER NOT NULL,
    page        INTEGER,
    status      TEXT NOT NULL CHECK (status IN ('anchored', 'orphaned')),
    method      TEXT,
    created     TEXT NOT NULL,
    modified    TEXT NOT NULL
);
CREATE INDEX annotations_by_issue ON annotations(gazette, year, number);
CREATE TABLE annotation_tags (
    annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
    tag           TEXT NOT NULL,
    PRIMARY KEY (annotation_id, tag)
);
"#,
    // Issue numbers as printed (`store`).
    r#"
-- Issue numbers as printed: gazettes count in 期 (第8期, 总第185期) or in 号 (第17号,
-- 总号：1668). Issues imported before are labelled from their first pages' text.
ALTER TABLE issues ADD COLUMN number_label TEXT NOT NULL DEFAULT '';
ALTER TABLE issues ADD COLUMN serial_label TEXT;
UPDATE issues SET
    number_label = '第' || number || CASE WHEN EXISTS (
            SELECT 1 FROM pages p WHERE p.issue_id = issues.id AND p.pdf_page <= 4
               AND instr(p.text, '第' || issues.number || '号') > 0)
        THEN '号' ELSE '期' END,
    serial_label = CASE
        WHEN serial IS NULL THEN NULL
        WHEN EXISTS (
            SELECT 1 FROM pages p WHERE p.issue_id = issues.id AND p.pdf_page <= 4
               AND instr(p.text, '总号') > 0)
        THEN '总号：' || serial
        ELSE '总第' || serial || '期' END;
"#,
    // Versions of annotations and the deletions and conflicts of exchanging them
    // between archives (`annotate::sync`).
    r#"
-- Each version of an annotation has a revision id and the ids of the versions it was
-- made from, so a merge tells an older copy from a concurrent edit. Existing notes
-- take a revision derived from their id and time, the same in every archive.
ALTER TABLE annotations ADD COLUMN rev TEXT NOT NULL DEFAULT '';
ALTER TABLE annotations ADD COLUMN history TEXT NOT NULL DEFAULT '[]';
UPDATE annotations SET rev = id || '@' || modified;
-- A deleted annotation: its deletion travels like an edit.
CREATE TABLE annotation_tombstones (
    id      TEXT PRIMARY KEY,
    rev     TEXT NOT NULL,
    history TEXT NOT NULL,
    deleted TEXT NOT NULL
);
-- A version that lost to a concurrent one, kept whole (as bundle JSON) for the reader.
CREATE TABLE annotation_conflicts (
    annotation_id TEXT NOT NULL,
    lost_rev      TEXT NOT NULL,
    kept_rev      TEXT NOT NULL,
    lost          TEXT NOT NULL,
    PRIMARY KEY (annotation_id, lost_rev)
);
"#,
    // Amendments among the links (`links`). The links are derived, so the table is
    // made anew and filled again by the next open (its extractor version changed).
    r#"
DROP TABLE document_links;
CREATE TABLE document_links (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('cites', 'repeals', 'amends')),
    target_key   TEXT,
    doc_number   TEXT,
    title        TEXT,
    clause_path  TEXT NOT NULL,
    PRIMARY KEY (document_id, ordinal)
);
CREATE INDEX document_links_by_target ON document_links(target_key, kind);
UPDATE meta SET value = '0' WHERE key = 'links_version';
"#,
    // Issues read by OCR from scans (`store::ocr`): the mark, each page's words with
    // their confidence, and the pages of an unfinished OCR import, kept by the PDF's
    // hash so that a restarted import does not read them again.
    r#"
ALTER TABLE issues ADD COLUMN ocr INTEGER NOT NULL DEFAULT 0;
CREATE TABLE ocr_pages (
    issue_id   INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    pdf_page   INTEGER NOT NULL,
    confidence REAL,
    unread     TEXT,
    words      TEXT NOT NULL,
    PRIMARY KEY (issue_id, pdf_page)
);
CREATE TABLE ocr_progress (
    sha256   TEXT NOT NULL,
    pdf_page INTEGER NOT NULL,
    page     TEXT NOT NULL,
    PRIMARY KEY (sha256, pdf_page)
);
"#,
];
