#!/usr/bin/env python3
"""Writes the web app's PNG icons (public/icons/) from the handset in public/favicon.svg.

Standard library only (zlib, struct), so anyone can regenerate them: `python3 scripts/generate_icons.py`.
The output is deterministic; the PNGs are committed and served as they are.

- icon-192.png, icon-512.png: the favicon as drawn (rounded green square, transparent corners),
  manifest purpose "any".
- icon-maskable-192.png, icon-maskable-512.png: full-bleed green with the handset inside the
  central safe zone (a circle of 40 % of the size), manifest purpose "maskable".
- apple-touch-icon.png (180): full-bleed and opaque, as iOS rounds the corners itself.
"""

import math
import re
import struct
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAVICON = ROOT / "public" / "favicon.svg"
OUT = ROOT / "public" / "icons"

VIEWBOX = 64.0
GREEN = (0x1A, 0x7F, 0x37)
WHITE = (0xFF, 0xFF, 0xFF)
SUBROWS = 8  # vertical samples per pixel; horizontal coverage is exact
CURVE_STEPS = 24


def tokens(d):
    for cmd, args in re.findall(r"([MmLlHhVvCcAaZz])([^MmLlHhVvCcAaZz]*)", d):
        numbers = [float(n) for n in re.findall(r"-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?", args)]
        yield cmd, numbers


def arc_points(p0, rx, ry, phi_deg, large, sweep, p1):
    """Points along an SVG elliptical arc (endpoint parameterisation, SVG 1.1 appendix F.6)."""
    (x1, y1), (x2, y2) = p0, p1
    phi = math.radians(phi_deg)
    cos_phi, sin_phi = math.cos(phi), math.sin(phi)
    dx, dy = (x1 - x2) / 2, (y1 - y2) / 2
    x1p = cos_phi * dx + sin_phi * dy
    y1p = -sin_phi * dx + cos_phi * dy
    rx, ry = abs(rx), abs(ry)
    scale = (x1p / rx) ** 2 + (y1p / ry) ** 2
    if scale > 1:
        rx, ry = rx * math.sqrt(scale), ry * math.sqrt(scale)
    num = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p
    den = rx * rx * y1p * y1p + ry * ry * x1p * x1p
    coef = math.sqrt(max(0.0, num / den)) * (-1 if large == sweep else 1)
    cxp, cyp = coef * rx * y1p / ry, -coef * ry * x1p / rx
    cx = cos_phi * cxp - sin_phi * cyp + (x1 + x2) / 2
    cy = sin_phi * cxp + cos_phi * cyp + (y1 + y2) / 2

    def angle(ux, uy, vx, vy):
        a = math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)
        return a

    t1 = angle(1, 0, (x1p - cxp) / rx, (y1p - cyp) / ry)
    dt = angle((x1p - cxp) / rx, (y1p - cyp) / ry, (-x1p - cxp) / rx, (-y1p - cyp) / ry)
    if not sweep and dt > 0:
        dt -= 2 * math.pi
    elif sweep and dt < 0:
        dt += 2 * math.pi
    points = []
    for i in range(1, CURVE_STEPS + 1):
        t = t1 + dt * i / CURVE_STEPS
        x, y = rx * math.cos(t), ry * math.sin(t)
        points.append((cos_phi * x - sin_phi * y + cx, sin_phi * x + cos_phi * y + cy))
    return points


def path_polygons(d):
    """Flattens an SVG path (the commands the favicon uses) into closed polygons."""
    polygons, current = [], []
    pos = start = (0.0, 0.0)
    for cmd, n in tokens(d):
        rel = cmd.islower()
        c = cmd.upper()
        ox, oy = pos if rel else (0.0, 0.0)
        if c == "Z":
            if current:
                polygons.append(current)
            current, pos = [], start
            continue
        arity = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "A": 7}[c]
        for i in range(0, len(n), arity):
            a = n[i : i + arity]
            ox, oy = pos if rel else (0.0, 0.0)
            if c == "M" and i == 0:
                if current:
                    polygons.append(current)
                pos = start = (ox + a[0], oy + a[1])
                current = [pos]
            elif c in ("M", "L"):
                pos = (ox + a[0], oy + a[1])
                current.append(pos)
            elif c == "H":
                pos = ((ox if rel else 0.0) + a[0], pos[1])
                current.append(pos)
            elif c == "V":
                pos = (pos[0], (oy if rel else 0.0) + a[0])
                current.append(pos)
            elif c == "C":
                p0 = pos
                p1, p2, p3 = (ox + a[0], oy + a[1]), (ox + a[2], oy + a[3]), (ox + a[4], oy + a[5])
                for s in range(1, CURVE_STEPS + 1):
                    t = s / CURVE_STEPS
                    u = 1 - t
                    current.append(
                        tuple(
                            u**3 * p0[k] + 3 * u * u * t * p1[k] + 3 * u * t * t * p2[k] + t**3 * p3[k]
                            for k in range(2)
                        )
                    )
                pos = p3
            elif c == "A":
                end = (ox + a[5], oy + a[6])
                current.extend(arc_points(pos, a[0], a[1], a[2], int(a[3]), int(a[4]), end))
                pos = end
    if current:
        polygons.append(current)
    return polygons


def rounded_rect(size, radius):
    """A rounded square from (0,0) to (size,size) as one polygon."""
    pts = []
    corners = [(size - radius, radius, -90), (size - radius, size - radius, 0), (radius, size - radius, 90), (radius, radius, 180)]
    for cx, cy, a0 in corners:
        for s in range(CURVE_STEPS + 1):
            a = math.radians(a0 + 90 * s / CURVE_STEPS)
            pts.append((cx + radius * math.cos(a), cy + radius * math.sin(a)))
    return [pts]


def coverage(polygons, size):
    """Anti-aliased nonzero-winding coverage (0..1) of `polygons` on a size×size grid."""
    cov = [[0.0] * size for _ in range(size)]
    edges = []
    for poly in polygons:
        for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1]):
            if y0 != y1:
                edges.append((x0, y0, x1, y1))
    weight = 1.0 / SUBROWS
    for py in range(size):
        row = cov[py]
        for sub in range(SUBROWS):
            y = py + (sub + 0.5) / SUBROWS
            crossings = []
            for x0, y0, x1, y1 in edges:
                if (y0 <= y < y1) or (y1 <= y < y0):
                    x = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
                    crossings.append((x, 1 if y1 > y0 else -1))
            crossings.sort()
            winding = 0
            for (xa, w), (xb, _) in zip(crossings, crossings[1:]):
                winding += w
                if winding == 0:
                    continue
                xa, xb = max(xa, 0.0), min(xb, float(size))
                if xb <= xa:
                    continue
                ia, ib = int(xa), int(xb)
                if ia == ib:
                    row[ia] += (xb - xa) * weight
                    continue
                row[ia] += (ia + 1 - xa) * weight
                for ix in range(ia + 1, min(ib, size)):
                    row[ix] += weight
                if ib < size:
                    row[ib] += (xb - ib) * weight
    return cov


def transform(polygons, scale, offset):
    return [[(x * scale + offset, y * scale + offset) for x, y in poly] for poly in polygons]


def render(size, handset, rounded, glyph_scale):
    """RGBA rows: green background (rounded or full-bleed), white handset scaled about the centre."""
    unit = size / VIEWBOX
    bg = rounded_rect(size, 14 * unit) if rounded else [[(0, 0), (size, 0), (size, size), (0, size)]]
    glyph = transform(handset, unit * glyph_scale, size * (1 - glyph_scale) / 2)
    bg_cov, fg_cov = coverage(bg, size), coverage(glyph, size)
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            b = min(bg_cov[y][x], 1.0)
            f = min(fg_cov[y][x], 1.0) * b
            rgb = [round(g * (b - f) / b + w * f / b) if b else 0 for g, w in zip(GREEN, WHITE)]
            row += bytes(rgb) + bytes([round(255 * b)])
        rows.append(bytes(row))
    return rows


def png(rows, size):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + r for r in rows)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    d = re.search(r'<path[^>]* d="([^"]+)"', FAVICON.read_text()).group(1)
    handset = path_polygons(d)
    OUT.mkdir(parents=True, exist_ok=True)
    icons = [
        ("icon-192.png", 192, True, 1.0),
        ("icon-512.png", 512, True, 1.0),
        # The handset spans ~38 of 64 units diagonally; 0.72 keeps it inside the 40 % safe circle.
        ("icon-maskable-192.png", 192, False, 0.72),
        ("icon-maskable-512.png", 512, False, 0.72),
        ("apple-touch-icon.png", 180, False, 0.85),
    ]
    for name, size, rounded, scale in icons:
        data = png(render(size, handset, rounded, scale), size)
        (OUT / name).write_bytes(data)
        print(f"{name}: {size}x{size}, {len(data)} bytes")


if __name__ == "__main__":
    main()
