"""Small demo documents: a PDF written by hand (no PDF library) and a CSV file."""

import hashlib
import textwrap

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 64
LINE_HEIGHT = 15
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN) // LINE_HEIGHT


def _pdf_text(text):
    """A PDF string literal in WinAnsi (cp1252), so Dutch accents survive."""
    raw = text.encode("cp1252", errors="replace")
    escaped = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped + b")"


def _layout(title, paragraphs):
    """(font size, text) lines: the title, then wrapped paragraphs with blank lines between."""
    lines = [(16, title), (11, "")]
    for paragraph in paragraphs:
        if paragraph.startswith("## "):
            lines += [(13, paragraph[3:]), (11, "")]
            continue
        for line in textwrap.wrap(paragraph, width=88) or [""]:
            lines.append((11, line))
        lines.append((11, ""))
    return lines


def make_pdf(title, paragraphs, author="Samenspel"):
    """A valid, text-only PDF 1.4 with Helvetica; long text flows onto extra pages."""
    lines = _layout(title, paragraphs)
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]

    objects = {}  # number -> body bytes
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[3] = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    objects[4] = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    )
    objects[5] = b"<< /Title " + _pdf_text(title) + b" /Author " + _pdf_text(author) + b" >>"
    kids = []
    number = 6
    for page_lines in pages:
        commands = [b"BT", f"{MARGIN} {PAGE_HEIGHT - MARGIN} Td".encode()]
        for size, text in page_lines:
            font = b"/F2" if size > 11 else b"/F1"
            commands.append(font + f" {size} Tf".encode())
            commands.append(_pdf_text(text) + b" Tj")
            commands.append(f"0 -{LINE_HEIGHT + (size - 11)} Td".encode())
        commands.append(b"ET")
        stream = b"\n".join(commands)
        content_number, page_number = number, number + 1
        objects[content_number] = (
            f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream"
        )
        objects[page_number] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
            f"/Contents {content_number} 0 R >>"
        ).encode()
        kids.append(page_number)
        number += 2
    objects[2] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{kid} 0 R' for kid in kids)}] /Count {len(kids)} >>"
    ).encode()

    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for object_number in sorted(objects):
        offsets[object_number] = len(output)
        output += f"{object_number} 0 obj\n".encode() + objects[object_number] + b"\nendobj\n"
    xref_offset = len(output)
    size = max(objects) + 1
    output += f"xref\n0 {size}\n".encode()
    output += b"0000000000 65535 f \n"
    for object_number in range(1, size):
        output += f"{offsets[object_number]:010d} 00000 n \n".encode()
    output += (
        f"trailer\n<< /Size {size} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref_offset}\n%%EOF\n"
    ).encode()
    return bytes(output)


def get_or_create_document(title, filename, data, collection):
    """The library document with this title, stored when it is missing."""
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is not None:
        return document, False
    document = Document(
        title=title,
        collection=collection,
        file=ContentFile(data, name=filename),
        file_size=len(data),
        file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
    )
    document.save()
    return document, True
