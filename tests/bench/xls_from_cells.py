#!/usr/bin/python3
"""Writes the .xls workbooks of the bench campaign from the cell list that
tests/bench/gen.c wrote (one process for all of them: xlwt is slow to start).

Lines, tab-separated:  F path | S sheet | T row col text | N row col number |
D row col serial (a date cell) | M r1 c1 r2 c2 text (a merged title).
"""
import sys
import xlwt

DATE = xlwt.easyxf(num_format_str='yyyy-mm-dd')
TITLE = xlwt.easyxf('font: bold on; align: horiz center')


def main(path):
    book = sheet = out = None
    count = 0
    with open(path, encoding='utf-8') as f:
        for line in f:
            p = line.rstrip('\n').split('\t')
            if p[0] == 'F':
                if book:
                    book.save(out)
                    count += 1
                book, out = xlwt.Workbook(encoding='utf-8'), p[1]
            elif p[0] == 'S':
                sheet = book.add_sheet(p[1])
                sheet.col(1).width = 40 * 256
            elif p[0] == 'T':
                sheet.write(int(p[1]), int(p[2]), p[3])
            elif p[0] == 'N':
                sheet.write(int(p[1]), int(p[2]), float(p[3]))
            elif p[0] == 'D':
                sheet.write(int(p[1]), int(p[2]), float(p[3]), DATE)
            elif p[0] == 'M':
                sheet.write_merge(int(p[1]), int(p[3]), int(p[2]), int(p[4]), p[5], TITLE)
    if book:
        book.save(out)
        count += 1
    print('xls_from_cells: %d .xls workbooks' % count)


if __name__ == '__main__':
    main(sys.argv[1])
