/*
 * syserr.h — system and SQLite errors in Chinese, for every message a user
 * sees.  strerror() and sqlite3_errmsg() speak English
 * ("Permission denied", "attempt to write a readonly database"); an office
 * user must read what happened and what to check.
 *
 * Ownership: the strings are static, or (for codes without a table entry)
 * in a buffer of the calling thread that the next call on that thread
 * overwrites.
 */
#ifndef TZ_SYSERR_H
#define TZ_SYSERR_H

#include <sqlite3.h>

/* Chinese for an errno value: "没有权限", "磁盘空间不足"…; a code without
 * an entry gives "系统错误（错误号 N）". */
const char *tz_strerror(int errnum);

/*
 * Chinese for the last error of a SQLite connection (NULL: out of memory
 * while opening).  Errors of the file (cannot open, read-only, disk full,
 * I/O with its errno, corrupt, locked) are translated; an error in SQL
 * text (a metric's query) keeps SQLite's own words, which name the table
 * or column concerned.
 */
const char *tz_sqlite_error(sqlite3 *db);

#endif
