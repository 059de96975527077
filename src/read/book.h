/*
 * book.h — a workbook as grids of typed cells, whatever format it came in.
 *
 *   tz_book *book;
 *   if (tz_book_read("input/土木学院.xlsx", &limits, &book, &issues) == 0) {
 *       for each sheet s in book->sheets: tz_sheet_cell(s, row, col) ...
 *       tz_book_free(book);
 *   }
 *
 * Ownership: a tz_book owns its sheets, cells and all their text (one arena
 * per workbook).  tz_book_free() releases everything; pointers into a book
 * are valid until then.
 */
#ifndef TZ_BOOK_H
#define TZ_BOOK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "arena.h"
#include "issue.h"
#include "numfmt.h"

typedef enum {
    TZ_CELL_EMPTY = 0,
    TZ_CELL_TEXT,
    TZ_CELL_NUMBER,
    TZ_CELL_DATE,     /* num = Excel 1900-system serial, whole days */
    TZ_CELL_DATETIME, /* num = Excel 1900-system serial with a time fraction */
    TZ_CELL_BOOL,     /* num = 0 or 1 */
    TZ_CELL_ERROR,    /* text = "#DIV/0!" etc. */
    TZ_CELL_TIME      /* num = fraction of a day under a time format (≥ 1 only elapsed: [h]:mm) */
} tz_cell_type;

typedef struct {
    uint32_t row, col; /* 0-based */
    uint32_t type;     /* tz_cell_type */
    uint32_t len;      /* bytes of text, 0 when text is NULL */
    double num;
    const char *text; /* UTF-8, NUL-terminated, NULL for non-text cells */
} tz_cell;

typedef struct {
    uint32_t r1, c1, r2, c2; /* inclusive, 0-based */
} tz_range;

typedef struct {
    const char *name;
    int hidden;
    uint32_t rows, cols; /* one past the last used row / column (0 = empty) */
    tz_cell *cells;      /* sorted by (row, col), at most one per position */
    size_t ncells, capcells;
    tz_range *merges; /* sorted by (r1, c1) */
    size_t nmerges, capmerges;
} tz_sheet;

typedef enum { TZ_FORMAT_UNKNOWN = 0, TZ_FORMAT_XLS, TZ_FORMAT_XLSX, TZ_FORMAT_CSV } tz_format;

/* Limits against hostile or absurd files.  Defaults: tz_limits_default(). */
typedef struct {
    uint64_t max_file_bytes;  /* 100 MiB */
    uint64_t max_entry_bytes; /* uncompressed size of one zip entry: 512 MiB */
    uint32_t max_ratio;       /* compressed:uncompressed ratio of a zip entry: 200 */
    uint32_t max_rows;        /* per sheet: 1,048,576 */
    uint32_t max_cols;        /* per sheet: 16,384 */
    uint32_t max_cell_chars;  /* characters in one cell: 32,767 */
    uint64_t max_cells;       /* cells in one workbook: 20,000,000 */
} tz_limits;

typedef struct {
    const char *path; /* as given to tz_book_read */
    tz_format format;
    int date1904; /* the file used the 1904 system (serials are converted) */
    tz_sheet *sheets;
    size_t nsheets, capsheets;
    tz_arena arena; /* all text of this book */
    const tz_limits *limits;
    /* Set by a reader that fails (see tz_book_fail). */
    const char *fail_code;
    char fail_msg[512];
    uint64_t ncells; /* cells stored so far, checked against max_cells */
    /* Warnings (W-*) met while reading a file that is still read: moved to
     * the caller's list by tz_book_read on success, dropped on failure. */
    tz_issues warnings;
    const char *display;  /* file name in those warnings */
    size_t nwarn_dropped; /* warnings past TZ_BOOK_MAX_WARNINGS */
} tz_book;

/* Reader warnings listed one by one per file; the rest are counted in one
 * W-READ-MORE so that a file with a million bad cells cannot flood the lists. */
#define TZ_BOOK_MAX_WARNINGS 100

void tz_limits_default(tz_limits *lim);

/*
 * Opens `path`, finds its format from its content (never from its name),
 * and reads every sheet.  On success returns 0 and *out is a book the caller
 * frees with tz_book_free().  On failure returns -1, *out is NULL, and one
 * issue (severity error, code E-*) naming the file is appended to `issues`;
 * `display` is the file name used in that issue (NULL: path).  A file read
 * with repairs (a cell cut at the character limit, a shared string that does
 * not exist) also appends warnings (W-*) naming file, sheet and cell.
 */
int tz_book_read(const char *path, const char *display, const tz_limits *lim, tz_book **out,
                 tz_issues *issues);
void tz_book_free(tz_book *book);

/* The cell at (row, col), or NULL when empty.  O(log n). */
const tz_cell *tz_sheet_cell(const tz_sheet *s, uint32_t row, uint32_t col);
/* The merged range that covers (row, col), or NULL. */
const tz_range *tz_sheet_merge_at(const tz_sheet *s, uint32_t row, uint32_t col);

/* ---- for readers (read_*.c) ------------------------------------------ */

/* Adds a sheet; the name is copied. */
tz_sheet *tz_book_add_sheet(tz_book *b, const char *name, int hidden);
/*
 * Stores a cell.  Text (len bytes, need not be NUL-terminated) is copied into
 * the book's arena; pass NULL for non-text cells.  Text over max_cell_chars
 * characters is cut there (at a character boundary) with a W-CELL-LONG
 * warning at the cell.  A later cell at the same position replaces an
 * earlier one.  Returns 0, or -1 after tz_book_fail() when a limit is
 * exceeded (rows, columns, cell count).
 */
int tz_sheet_put(tz_book *b, tz_sheet *s, uint32_t row, uint32_t col, tz_cell_type type, double num,
                 const char *text, size_t len);
/*
 * Stores a number cell whose cell format is of `kind`: under a date or
 * date-time format it becomes a TZ_CELL_DATE (whole days) or TZ_CELL_DATETIME,
 * its serial moved to the 1900 system when b->date1904 is set; a serial Excel
 * cannot show (negative, past 9999-12-31) stays a number, as Excel shows ####.
 * Under a time-of-day format a value in [0, 1) becomes a TZ_CELL_TIME (the
 * number as it is: a time has no date system) and a larger one the
 * date-time it is; under an elapsed format ([h]:mm) any value ≥ 0 is a
 * TZ_CELL_TIME.
 * Returns as tz_sheet_put.
 */
int tz_sheet_put_number(tz_book *b, tz_sheet *s, uint32_t row, uint32_t col, tz_numfmt_kind kind, double v);
/* A cell that points past the shared-string table (`index` as the file
 * writes it, `nstrings` in the table): read as empty, as Excel and
 * LibreOffice do, with a W-SST-INDEX warning at the cell. */
void tz_sheet_missing_string(tz_book *b, const tz_sheet *s, uint32_t row, uint32_t col, const char *index,
                             size_t nstrings);
/* Records a merged range (ignored when it is a single cell). */
int tz_sheet_add_merge(tz_book *b, tz_sheet *s, tz_range r);
/*
 * Records why reading failed: a stable code (E-CORRUPT, E-ENCRYPTED, E-LIMIT,
 * E-ZIPBOMB, E-XML, E-FORMAT, E-HTML, …) and a Chinese message that does not
 * repeat the file name.  Returns -1.  The first failure recorded wins.
 */
int tz_book_fail(tz_book *b, const char *code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Records a warning about one cell of a file that is still read (a repair
 * the reader made): code W-*, a Chinese message without the file name.
 * `sheet` NULL means a file-level warning (no sheet, no cell).
 */
void tz_book_warn(tz_book *b, const char *code, const char *sheet, uint32_t row, uint32_t col,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Format readers: fill `b` from `path`.  Return 0, or -1 after tz_book_fail(). */
int tz_read_xlsx(tz_book *b, const char *path);
int tz_read_xls(tz_book *b, const char *path);
int tz_read_csv(tz_book *b, const char *path);

/* ---- references and values --------------------------------------------- */

/* A sheet's header row is among its first TZ_HEADER_ROWS rows: the units
 * list's and every report kind's (title and 填报单位 lines above it). */
enum { TZ_HEADER_ROWS = 15 };

/* "A1" for (0,0), "AB12" …; buf must hold 16 bytes.  Returns buf. */
char *tz_a1(char *buf, uint32_t row, uint32_t col);
/* Parses "AB12" (also "$AB$12") into 0-based row/col.  Returns 0 or -1. */
int tz_a1_parse(const char *ref, uint32_t *row, uint32_t *col);
/* Parses a column name "AB" into 0-based col; reads letters only, returns
 * the number of letters consumed (0 on none or overflow). */
size_t tz_col_parse(const char *s, uint32_t *col);

/* The cell as a user reads it: text as written, numbers shortest
 * (tz_format_number), dates YYYY-MM-DD[ HH:MM:SS], times HH:MM:SS (hours
 * past 24 for an elapsed [h] time), TRUE/FALSE; "" for
 * NULL or empty.  Returns c->text or buf (≥ 32 bytes), never NULL. */
const char *tz_cell_display(const tz_cell *c, char *buf, size_t size);

/* Writes text for a one-line-per-record listing (dump, TSV): tab, newline,
 * carriage return and backslash become \t \n \r \\. */
void tz_put_escaped(const char *s, FILE *out);

/* Windows code page 936 (the "GBK" that Chinese Excel, WPS and Windows
 * write) is GB18030 for every byte sequence but one: the single byte 0x80 is
 * its euro sign, which GB18030 leaves undefined.  Returns "€" (UTF-8, 3
 * bytes) for that byte, NULL for any other: the fallback of a GB18030 iconv
 * that stops at a byte. */
const char *tz_cp936_byte(unsigned char byte);

/* Shortest text that reads back as the same double ("1200", "0.5"). */
void tz_format_number(char *buf, size_t size, double v);

#endif
