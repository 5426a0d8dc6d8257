#!/usr/bin/env python3
"""ink: look at a rendered PDF page's pixels (pdftoppm, 72 dpi: a pixel a point).

usage: ink.py dark PDF PAGE X Y W H   how many pixels darker than 160 of 255
                                      lie in the rectangle (points, from the
                                      page's top left)
       ink.py colour PDF PAGE         how many pixels have R, G, B not all equal
       ink.py pixel PDF PAGE X Y      the pixel's R G B"""
import re
import subprocess
import sys


def ppm(pdf, page, gray):
    args = ["pdftoppm", "-r", "72", "-f", page, "-l", page, "-singlefile"]
    args += ["-gray"] if gray else []
    out = subprocess.run(args + [pdf], check=True, capture_output=True).stdout
    m = re.match(rb"P[56]\s+(\d+)\s+(\d+)\s+(\d+)\s", out)
    return int(m.group(1)), int(m.group(2)), out[m.end():]


def main():
    what, pdf, page = sys.argv[1], sys.argv[2], sys.argv[3]
    if what == "dark":
        x, y, w, h = (int(round(float(v))) for v in sys.argv[4:8])
        pw, ph, d = ppm(pdf, page, True)
        print(sum(1 for j in range(max(y, 0), min(y + h, ph))
                  for i in range(max(x, 0), min(x + w, pw)) if d[j * pw + i] < 160))
    elif what == "colour":
        pw, ph, d = ppm(pdf, page, False)
        print(sum(1 for k in range(0, pw * ph * 3, 3)
                  if not d[k] == d[k + 1] == d[k + 2]))
    elif what == "pixel":
        x, y = int(float(sys.argv[4])), int(float(sys.argv[5]))
        pw, ph, d = ppm(pdf, page, False)
        k = (y * pw + x) * 3
        print(d[k], d[k + 1], d[k + 2])
    else:
        print(__doc__)
        return 2
    return 0


sys.exit(main())
