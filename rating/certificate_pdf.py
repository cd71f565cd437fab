"""The star certificate as a one-page A4 landscape PDF in Vietnamese (WeasyPrint), with a QR code (segno)
that opens the public verification page. The fonts are bundled under static/fonts (DejaVu, full Vietnamese)."""

from pathlib import Path

import segno
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

FONTS = {
    "serif": "fonts/DejaVuSerif.ttf",
    "serif_bold": "fonts/DejaVuSerif-Bold.ttf",
    "sans": "fonts/DejaVuSans.ttf",  # DejaVu Serif has no ★
}


COMPACT_AFTER = 180  # characters of name, producer and address beyond which the type gets smaller


def font_urls():
    urls = {}
    for key, name in FONTS.items():
        found = finders.find(name)
        if not found:
            raise ImproperlyConfigured(f"The certificate font static/{name} is missing.")
        urls[key] = Path(found).resolve().as_uri()
    return urls


class BundledOnly(URLFetcher):
    """Loads the bundled fonts and data: URIs (the QR code), nothing else: no request leaves the server."""

    def __init__(self, allowed):
        super().__init__(allowed_protocols=("file", "data"))
        self.allowed = set(allowed)

    def fetch(self, url, headers=None):
        if not url.startswith("data:") and url not in self.allowed:
            raise ValueError(f"The certificate does not load {url}")
        return super().fetch(url, headers)


def qr_data_uri(url):
    return segno.make(url, error="m").svg_data_uri(scale=4, border=0)


def address_and_province(product):
    """'Hamlet, commune, district, province' of the product, and its province (the top of the tree)."""
    units, unit = [], product.commune
    while unit is not None:
        units.append(unit)
        unit = unit.parent
    producer = product.producer
    hamlet = [producer.hamlet] if producer.hamlet and producer.commune_id == product.commune_id else []
    return ", ".join(hamlet + [str(u) for u in units]), units[-1]


def issuer_of(certificate, province):
    """Who issues the certificate, named as on its date (org.bodies): the People's Committee of the province whose
    round recognised it, for its chairman; or, where the province delegates 3★–4★ recognition to its Department of
    Agriculture under QĐ 1489 (ProvinceProcedure), the Department under the People's Committee."""
    from org.bodies import body_name, place_name
    from org.enums import BodyKind
    from rating.models import ProvinceProcedure, RecognitionSigner

    day = certificate.issued_on
    committee = body_name(province, BodyKind.PEOPLES_COMMITTEE, day)
    committee_name = committee.name if committee else f"Ủy ban nhân dân {place_name(province)}"
    round_ = certificate.entry.round if certificate.entry_id else None
    procedure = ProvinceProcedure.objects.filter(province=province).first()
    delegated = (
        round_ is not None
        and round_.rule_set.pre_assessment_level
        and procedure is not None
        and procedure.recognition_signer == RecognitionSigner.DEPARTMENT
    )
    department = body_name(province, BodyKind.AGRICULTURE_DEPARTMENT, day) if delegated else None
    return {
        "committee": committee_name,
        "committee_place": committee_name.removeprefix("Ủy ban nhân dân ").upper(),
        "department": department.name.removesuffix(" " + place_name(province)).upper() if department else "",
    }


def round_province(certificate, fallback):
    """The province of the round that recognised the certificate (its units stay as they were, whatever came
    after); the product's province for a certificate without a round."""
    from org.models import AdministrativeUnit

    if not certificate.entry_id:
        return fallback
    return AdministrativeUnit.objects.filter(code=certificate.entry.round.unit.top_code).first() or fallback


def context_for(certificate, verify_url):
    product = certificate.product
    address, province = address_and_province(product)
    province = round_province(certificate, province)
    fonts = font_urls()
    return {
        "issuer": issuer_of(certificate, province),
        "certificate": certificate,
        "product": product,
        "producer": product.producer,
        "address": address,
        "compact": len(product.name) + len(product.producer.name) + len(address) > COMPACT_AFTER,
        "province": province,
        "stars": "★" * certificate.stars,
        "qr": qr_data_uri(verify_url),
        "verify_url": verify_url,
        "fonts": fonts,
    }


def render_document(certificate, verify_url):
    """The laid-out WeasyPrint document (its `pages` tell a test it fits on one)."""
    with translation.override("vi"):
        context = context_for(certificate, verify_url)
        html = render_to_string("rating/certificates/certificate_pdf.html", context)
        css = render_to_string("rating/certificates/certificate_pdf.css", context)
    fetcher = BundledOnly(context["fonts"].values())
    fonts = FontConfiguration()  # where @font-face loads the bundled fonts
    stylesheet = CSS(string=css, url_fetcher=fetcher, font_config=fonts)
    return HTML(string=html, url_fetcher=fetcher).render(stylesheets=[stylesheet], font_config=fonts)


def certificate_pdf(certificate, verify_url):
    """The PDF bytes. `certificate` comes with entry__product__producer and its commune's parents."""
    return render_document(certificate, verify_url).write_pdf()


def file_name(certificate):
    return "chung-nhan-ocop-{}.pdf".format(certificate.number.replace("/", "-").lower())
