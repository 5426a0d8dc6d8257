#!/usr/bin/env python3
"""cards-check: do the backs of an n-up cards sheet lie behind their fronts?

usage: cards-check.py PDF FRONT-PAGE FLIP(short|long) SLOT-W SLOT-H

It prints the sheet double-sided the way a printer does: the back page, seen
through the paper from the front, is the back mirrored across the axis the
sheet turns on (along its long edge for --flip long on a portrait sheet...).
Each front card is found by its text (pdftotext -bbox-layout: one block a
card, the card's text at its top left); each back's ink (pdftoppm, grey) must
fall inside a front card, and every front card must have ink behind it.
Exit 0 if so; otherwise it says which ink or which card is wrong."""
import re
import subprocess
import sys

DPI = 24


def pgm(pdf, page):
    out = subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-f", str(page), "-l",
                          str(page), "-singlefile", pdf], check=True, capture_output=True).stdout
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", out)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, out[m.end():]


def blocks(pdf, page):
    xml = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox-layout", pdf,
                          "-"], check=True, capture_output=True, text=True).stdout
    return [(float(a), float(b)) for a, b in
            re.findall(r'<block xMin="([0-9.]+)" yMin="([0-9.]+)"', xml)]


def main():
    pdf, front, flip = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    slot_w, slot_h = float(sys.argv[4]), float(sys.argv[5])
    w, h, data = pgm(pdf, front + 1)
    sheet_w, sheet_h = w * 72 / DPI, h * 72 / DPI
    axis_vertical = (flip == "long") == (sheet_h >= sheet_w)
    # a card: from a little above and left of its text, one slot in size
    cards = [(x - 15, y - 20, x - 15 + slot_w, y - 20 + slot_h) for x, y in blocks(pdf, front)]
    if not cards:
        print("no cards on page %d" % front)
        return 1
    inked = [0] * len(cards)
    stray = []
    for j in range(h):
        for i in range(w):
            if data[j * w + i] > 160:
                continue
            # the pixel's centre, seen from the front
            x, y = (i + 0.5) * 72 / DPI, (j + 0.5) * 72 / DPI
            if axis_vertical:
                x = sheet_w - x
            else:
                y = sheet_h - y
            hit = [k for k, c in enumerate(cards) if c[0] <= x <= c[2] and c[1] <= y <= c[3]]
            for k in hit:
                inked[k] += 1
            if not hit:
                stray.append((round(x), round(y)))
    bad = False
    if stray:
        print("back ink behind no card, at (pt, seen from the front): %s" % stray[:5])
        bad = True
    for k, n in enumerate(inked):
        if not n:
            print("nothing behind the card whose text is at %.0f, %.0f" % (cards[k][0] + 15,
                                                                           cards[k][1] + 20))
            bad = True
    print("%d cards, %d with their back behind them" % (len(cards), sum(1 for n in inked if n)))
    return 1 if bad else 0


sys.exit(main())
