/*
 * font.c — the four faces of the summary (pdf.h): found (config.ini [fonts],
 * the fonts `make` prepares, the Debian packages), loaded into the libharu
 * document, and asked which characters they have and how wide they are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <hpdf.h>
/* HPDF_TTFontDef_GetGlyphid, here only: libharu has no public coverage test. */
#include <hpdf_fontdef.h>

#include "arena.h"
#include "issue.h"
#include "pdf.h"

/* The roles' names in messages. */
static const char *const face_names[NFACES] = { "宋体", "黑体", "楷体", "仿宋" };

/*
 * The fonts `make` prepares (build/fonts, docs/summary.md), found from the
 * executable: ./taizhang at the top of the repository, build/rel/taizhang,
 * or PREFIX/bin/taizhang with PREFIX/share/taizhang/fonts.  `buf` holds
 * the path returned; NULL when none is there.
 */
static const char *prepared_font(int role, char *buf, size_t size)
{
    static const char *const file[NFACES] = { "song.ttf", "hei.ttf", "kai.ttf", NULL };
    static const char *const rel[] = { "build/fonts", "../fonts", "../share/taizhang/fonts" };
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (!file[role] || n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
        int k = snprintf(buf, size, "%s/%s/%s", exe, rel[i], file[role]);
        if (k > 0 && (size_t)k < size && access(buf, R_OK) == 0)
            return buf;
    }
    return NULL;
}

/* The prepared font of a role, else the raw Debian font (slower, larger). */
static const char *default_font(int role, char *buf, size_t size)
{
    static const char *const song[] = { "/usr/share/fonts/truetype/arphic/uming.ttc", NULL };
    static const char *const hei[] = { "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", NULL };
    static const char *const kai[] = { "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
                                       "/usr/share/fonts/truetype/lxgw/LXGWWenKai-Regular.ttf",
                                       "/usr/share/fonts/truetype/arphic/ukai.ttc", NULL };
    const char *prepared = prepared_font(role, buf, size);
    if (prepared)
        return prepared;
    const char *const *list = role == F_SONG ? song : role == F_HEI ? hei : kai;
    for (; *list; list++)
        if (access(*list, R_OK) == 0)
            return *list;
    return NULL;
}

/* Whether s ends in suffix, ASCII case ignored. */
static int has_suffix_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* Loads the font file at `path` as face `role`.  Returns 0, or -1 after
 * tz_error(). */
static int load_face(tz_pdf_doc *d, int role, const char *path)
{
    const char *name;
    if (access(path, R_OK) != 0)
        return tz_error("无法读取%s字体文件 %s（请检查 config.ini 的 [fonts]，或运行 make deps 安装字体）",
                        face_names[role], path);
    /* A .ttc holds several faces; the first is the regular one in every
     * Debian CJK collection we use. */
    if (has_suffix_ci(path, ".ttc"))
        name = HPDF_LoadTTFontFromFile2(d->pdf, path, 0, HPDF_TRUE);
    else
        name = HPDF_LoadTTFontFromFile(d->pdf, path, HPDF_TRUE);
    HPDF_Font font = name ? HPDF_GetFont(d->pdf, name, "UTF-8") : NULL;
    if (!font)
        return tz_error("%s字体 %s 无法载入 PDF（libharu 错误 0x%04X；只支持 TrueType 轮廓的 .ttf/.ttc）",
                        face_names[role], path, (unsigned)d->err);
    /* The definition of the font just loaded, for its cmap: `name` is the
     * one libharu registered it under. */
    HPDF_FontDef def = HPDF_GetFontDef(d->pdf, name);
    if (!def)
        return tz_error("%s字体 %s 已载入 PDF，但取不到其字体定义（libharu 错误 0x%04X）", face_names[role],
                        path, (unsigned)d->err);
    d->faces[role].font = font;
    d->faces[role].def = def;
    d->faces[role].metric = tz_xcalloc(0x10000, sizeof *d->faces[role].metric);
    return 0;
}

void tz_pdf_free_faces(tz_pdf_doc *d)
{
    for (int r = 0; r < NFACES; r++) {
        int shared = 0;
        for (int q = 0; q < r; q++)
            shared |= d->faces[q].metric == d->faces[r].metric;
        if (!shared)
            free(d->faces[r].metric);
    }
}

int32_t tz_pdf_face_metric(const tz_pdf_face *f, uint32_t code)
{
    int32_t *m = &f->metric[code & 0xFFFF];
    if (*m == 0) {
        if (code != ' ' && HPDF_TTFontDef_GetGlyphid(f->def, (HPDF_UINT16)code) == 0)
            *m = NO_GLYPH;
        else
            *m = METRIC_KNOWN + HPDF_Font_GetUnicodeWidth(f->font, (HPDF_UNICODE)code);
    }
    return *m;
}

int tz_pdf_load_fonts(tz_pdf_doc *d)
{
    const tz_config *cfg = d->cfg;
    const char *conf[NFACES] = { cfg->font_song, cfg->font_hei, cfg->font_kai, cfg->font_fangsong };
    const char *paths[NFACES];
    char found[NFACES][4096];
    for (int r = 0; r < NFACES; r++) {
        paths[r] = conf[r] && conf[r][0] ? conf[r]
                   : r == F_FANG         ? NULL
                                         : default_font(r, found[r], sizeof found[r]);
        if (r != F_FANG && !paths[r])
            return tz_error(
                "找不到%s字体：请运行 make（准备 build/fonts 中的字体），或 make deps 安装 fonts-noto-cjk、fonts-arphic-uming、fonts-wqy-zenhei、"
                "fonts-arphic-ukai，或在 config.ini 的 [fonts] 中指定字体文件",
                face_names[r]);
    }
    for (int r = 0; r < NFACES; r++) {
        if (!paths[r])
            continue;
        int same = -1;
        for (int q = 0; q < r; q++)
            if (paths[q] && strcmp(paths[q], paths[r]) == 0)
                same = q;
        if (same >= 0)
            d->faces[r] = d->faces[same];
        else if (load_face(d, r, paths[r]) < 0)
            return -1;
    }
    d->body_face = paths[F_FANG] ? F_FANG : F_SONG;
    if (!paths[F_FANG]) {
        d->faces[F_FANG] = d->faces[F_SONG];
        tz_warn("未配置仿宋字体（config.ini [fonts] fangsong），阶段总结正文使用宋体");
    }
    return 0;
}

int tz_pdf_face_has(const tz_pdf_face *f, uint32_t code)
{
    return code <= 0xFFFF && tz_pdf_face_metric(f, code) != NO_GLYPH;
}
