/* syserr.c — see syserr.h. */
#include "syserr.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const char *tz_strerror(int errnum)
{
    switch (errnum) {
    case ENOENT:
        return "文件或文件夹不存在";
    case EACCES:
    case EPERM:
        return "没有权限（请检查文件或文件夹的权限，或是否被设为不可修改）";
    case EROFS:
        return "文件系统是只读的";
    case ENOSPC:
    case EDQUOT:
        return "磁盘空间不足";
    case EISDIR:
        return "这是一个文件夹，不是文件";
    case ENOTDIR:
        return "路径中有一项不是文件夹";
    case EEXIST:
        return "已经存在";
    case ENOTEMPTY:
        return "文件夹不是空的";
    case ENAMETOOLONG:
        return "路径或文件名太长";
    case ELOOP:
        return "符号链接形成了循环";
    case EMFILE:
    case ENFILE:
        return "同时打开的文件太多";
    case ENOMEM:
        return "内存不足";
    case EIO:
        return "读写出错（磁盘或网络故障）";
    case EBUSY:
    case ETXTBSY:
        return "正被占用";
    case EXDEV:
        return "不能跨磁盘（文件系统）改名";
    case EFBIG:
        return "文件太大";
    case EINVAL:
        return "参数无效";
    case EAGAIN:
        return "资源暂时不可用，请稍后再试";
    default:
        break;
    }
    static _Thread_local char buf[64];
    snprintf(buf, sizeof buf, "系统错误（错误号 %d）", errnum);
    return buf;
}

/* The errno behind an I/O error, or its table text when there is none. */
static const char *with_errno(sqlite3 *db, const char *otherwise)
{
    int e = sqlite3_system_errno(db);
    return e ? tz_strerror(e) : otherwise;
}

/* SQLite's English for the mistakes a user's SQL template makes, in Chinese;
 * the name it quotes is kept. */
static const char *sql_error(const char *msg)
{
    static const struct {
        const char *en, *zh;
    } words[] = {
        { "no such column: ", "没有这一列：" },
        { "no such table: ", "没有这张表：" },
        { "no such function: ", "没有这个函数：" },
        { "ambiguous column name: ", "列名不明确（几张表都有）：" },
        { "table ", "表已存在或有误：" },
        { "index ", "索引已存在或有误：" },
    };
    static _Thread_local char buf[512];
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t n = strlen(words[i].en);
        if (strncmp(msg, words[i].en, n) == 0) {
            snprintf(buf, sizeof buf, "%s%s", words[i].zh, msg + n);
            return buf;
        }
    }
    const char *near = strstr(msg, "near \"");
    if (near && strstr(msg, "syntax error")) {
        snprintf(buf, sizeof buf, "语法错误，在 %s 附近", near + 5);
        return buf;
    }
    if (strstr(msg, "syntax error") || strstr(msg, "incomplete input"))
        return "语法错误（语句不完整或有多余的符号）";
    snprintf(buf, sizeof buf, "SQL 错误：%s", msg);
    return buf;
}

const char *tz_sqlite_error(sqlite3 *db)
{
    if (!db)
        return "内存不足";
    switch (sqlite3_errcode(db) & 0xFF) {
    case SQLITE_READONLY:
        return "数据库是只读的（文件或所在文件夹不可写，或文件系统是只读的）";
    case SQLITE_CANTOPEN:
        return with_errno(db, "无法打开数据库文件");
    case SQLITE_IOERR:
        return with_errno(db, "读写数据库文件时出错");
    case SQLITE_FULL:
        return "磁盘空间不足";
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return "没有权限";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return "数据库正被另一个程序使用";
    case SQLITE_CORRUPT:
        return "数据库文件已损坏";
    case SQLITE_NOTADB:
        return "不是数据库文件";
    case SQLITE_NOMEM:
        return "内存不足";
    case SQLITE_ERROR:
        return sql_error(sqlite3_errmsg(db));
    default:
        return sqlite3_errmsg(db);
    }
}
