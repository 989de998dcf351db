"""The certificate as a printable one-page A4 landscape PDF with a QR code to its public
verification page."""

import re

import segno
from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup

from ...core.i18n import current_language
from ...core.pdf import render_one_page
from .credential import verification_url
from .models import Certificate


def qr_svg(url: str, scale: int = 3) -> Markup:
    """An inline SVG QR code of `url` (error correction M: still reads when printed small)."""
    return Markup(segno.make(url, error="m").svg_inline(scale=scale, title=url))


def certificate_pdf_bytes(cert: Certificate) -> bytes:
    """The certificate's PDF in the reader's language."""
    url = verification_url(cert.public_id)
    language = current_language()
    return render_one_page(lambda compact: render_template(
        "certificates/certificate_pdf.html", cert=cert, compact=compact, language=language,
        verify_url=url, qr=qr_svg(url), issuer_name=_("Thaksa")))


def certificate_file_name(cert: Certificate, extension: str) -> str:
    """"certificate-<public id>.<ext>": ASCII only, the same in every browser."""
    return f"certificate-{re.sub(r'[^A-Za-z0-9_-]', '', cert.public_id)}.{extension}"
