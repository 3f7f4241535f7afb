"""Wraps page images as an image-only PDF: one page per image, sized so that the image
fills it at the given resolution. A JPEG's bytes are stored as they are (DCTDecode); a
binary PBM as one-bit samples, deflated (FlateDecode); a one-strip Group 4 TIFF as its
fax data (CCITTFaxDecode), the encodings of a bilevel office scanner.

    python3 wrap.py DPI OUT.pdf PAGE.jpg|PAGE.pbm|PAGE.tif...
"""
import struct
import sys
import zlib


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


def pbm_image(data):
    """Width, height and rows of a binary PBM, ink 1 as PBM has it."""
    fields = []
    i = 2
    while len(fields) < 2:
        while data[i:i + 1].isspace():
            i += 1
        if data[i:i + 1] == b"#":
            i = data.index(b"\n", i)
            continue
        start = i
        while not data[i:i + 1].isspace():
            i += 1
        fields.append(int(data[start:i]))
    return fields[0], fields[1], data[i + 1:]


def g4_strip(data):
    """Width, height and fax data of a little- or big-endian one-strip G4 TIFF."""
    order = "<" if data[:2] == b"II" else ">"
    (ifd,) = struct.unpack(order + "I", data[4:8])
    (count,) = struct.unpack(order + "H", data[ifd:ifd + 2])
    tags = {}
    for k in range(count):
        tag, kind, n, value = struct.unpack(order + "HHI4s", data[ifd + 2 + 12 * k:ifd + 14 + 12 * k])
        tags[tag] = struct.unpack(order + ("H" if kind == 3 else "I"), value[:2 if kind == 3 else 4])[0]
    if tags.get(259) != 4 or tags.get(278, tags[257]) < tags[257]:
        raise ValueError("not a one-strip Group 4 TIFF")
    return tags[256], tags[257], data[tags[273]:tags[273] + tags[279]]


def image_object(path, data):
    """The image XObject's dictionary entries and stream for one page image."""
    if path.endswith(".pbm"):
        w, h, rows = pbm_image(data)
        # PDF grey has 0 black; PBM has 1 for ink.
        return w, h, (f"/ColorSpace /DeviceGray /BitsPerComponent 1 /Decode [1 0] "
                      f"/Filter /FlateDecode"), zlib.compress(rows, 9)
    if path.endswith(".tif"):
        w, h, fax = g4_strip(data)
        return w, h, (f"/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode "
                      f"/DecodeParms << /K -1 /Columns {w} /Rows {h} /BlackIs1 false >>"), fax
    w, h, comps = jpeg_size(data)
    space = "/DeviceGray" if comps == 1 else "/DeviceRGB"
    return w, h, f"/ColorSpace {space} /BitsPerComponent 8 /Filter /DCTDecode", data


def main():
    dpi = float(sys.argv[1])
    out = sys.argv[2]
    images = [image_object(p, open(p, "rb").read()) for p in sys.argv[3:]]
    objects = []  # bodies, object n is objects[n - 1]

    def add(body):
        objects.append(body)
        return len(objects)

    pages_id = add(None)
    kids = []
    for w, h, entries, data in images:
        image = add(
            (f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} {entries} "
             f"/Length {len(data)} >>\nstream\n").encode()
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
