"""Wraps JPEG page images as an image-only PDF: one page per image, sized so that the
image fills it at the given resolution, the JPEG bytes stored as they are (DCTDecode).

    python3 wrap.py DPI OUT.pdf PAGE.jpg...
"""
import struct
import sys


def jpeg_size(data):
    """Width, height and components from the JPEG's start-of-frame marker."""
    i = 2
    while i < len(data):
        if data[i] != 0xFF:
            raise ValueError("not a JPEG marker")
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h, data[i + 9]
        i += 2 + length
    raise ValueError("no frame header")


def main():
    dpi = float(sys.argv[1])
    out = sys.argv[2]
    images = [open(p, "rb").read() for p in sys.argv[3:]]
    objects = []  # bodies, object n is objects[n - 1]

    def add(body):
        objects.append(body)
        return len(objects)

    pages_id = add(None)
    kids = []
    for data in images:
        w, h, comps = jpeg_size(data)
        space = "/DeviceGray" if comps == 1 else "/DeviceRGB"
        image = add(
            (f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace {space} "
             f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(data)} >>\nstream\n").encode()
            + data + b"\nendstream")
        pw, ph = w * 72 / dpi, h * 72 / dpi
        draw = f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode()
        content = add(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
        kids.append(add(
            (f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {pw:.2f} {ph:.2f}] "
             f"/Resources << /XObject << /Im0 {image} 0 R >> >> /Contents {content} 0 R >>").encode()))
    objects[pages_id - 1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>").encode()
    catalog = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode())

    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        pdf += b"%010d 00000 n \n" % off
    pdf += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, xref)
    with open(out, "wb") as f:
        f.write(pdf)


main()
