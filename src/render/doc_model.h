/*
 * doc_model.h — the stage summary as a list of blocks: the Markdown that
 * tmpl.c expands, parsed once (md4c) into what both renderers lay out, the
 * PDF (pdf/pdf_layout.c) and the Word document (render_docx.c).
 *
 * The first "#" heading is the title; "##" is a 一、 heading (黑体), "###"
 * a （一） heading (楷体), "####" a 1. heading (body face).  **strong** text
 * is 黑体, *em* 楷体.  A short first paragraph under the title that ends in
 * "：" is the 主送机关 (flush left).  A ```tzchart block (tmpl.h) is a chart.
 */
#ifndef TZ_DOC_MODEL_H
#define TZ_DOC_MODEL_H

#include <stddef.h>
#include <stdint.h>

typedef enum { TZ_B_TITLE, TZ_B_HEADING, TZ_B_PARA, TZ_B_RECIPIENT, TZ_B_TABLE, TZ_B_CHART } tz_block_kind;

/* The face a run of text asks for. */
enum { TZ_ST_BODY, TZ_ST_HEI, TZ_ST_KAI, TZ_ST_SONG };

typedef enum { TZ_AL_DEFAULT, TZ_AL_LEFT, TZ_AL_CENTER, TZ_AL_RIGHT } tz_align;

typedef struct {
    char *label, *shown; /* category; the value as printed */
    double v;
    char share[16]; /* pie: its share as the summary writes rates (27.9%, 50%); "" if v ≤ 0 */
} tz_chart_point;

typedef struct {
    tz_block_kind kind;
    int level; /* TZ_B_HEADING: 2, 3, 4 … */
    /* TITLE, HEADING, PARA, RECIPIENT: UTF-8 text, and the TZ_ST_ style of
     * each of its bytes ("\n" is a hard line break). */
    char *text;
    unsigned char *style;
    size_t len;
    /* TABLE: row-major cells (the first nhead rows are the header). */
    char **cells;
    tz_align *align; /* per column */
    size_t ncols, nrows, nhead;
    /* CHART */
    int pie;
    char *value_name; /* the value column's header, e.g. 问题数 */
    char *caption;    /* the template's caption, or "" */
    tz_chart_point *points;
    size_t npoints;
} tz_block;

typedef struct {
    tz_block *v;
    size_t n;
} tz_doc;

/*
 * Parses `markdown` into *doc (which owns everything; free with
 * tz_doc_free).  Returns 0, or -1 after tz_error() when md4c fails.
 */
int tz_doc_parse(const char *markdown, tz_doc *doc);

void tz_doc_free(tz_doc *doc);

/* 避头尾, for both renderers: c never starts a line (，。、）」》 …) / never
 * ends one (（「《“ …). */
int tz_doc_no_line_start(uint32_t c);
int tz_doc_no_line_end(uint32_t c);

/*
 * The 发文机关署名 `office` on lines no wider than `room` characters (a
 * non-ASCII character 1, ASCII ½), as both renderers place it: one line
 * when it fits; else as few lines as hold it, broken only where words stay
 * whole — before and after the organisation's and the campaign's names
 * (临江市教育局 / 专项清理工作领导小组), after a character that may not start a
 * line (、，；： a closing bracket or quotation mark), before one that may not
 * end it — the longest as short as can be
 * and none under a quarter of it, one more line rather than a word cut in
 * two; else in lines of about equal length.  Returns the number of lines;
 * (*ends)[k] is the byte offset where line k ends (malloc'ed).
 */
size_t tz_doc_office_lines(const char *office, const char *organisation, const char *campaign, double room,
                           size_t **ends);

#endif
