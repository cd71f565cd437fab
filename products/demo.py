"""Demo registry for Long Mỹ (and one Vị Thủy idea): producers and products at every workflow stage.

Built through the real services and workflow, as a commune official and the district officer would,
so the history rows are real. Idempotent: what exists already is left alone. Registration numbers are
made up for the demo.
"""

import unicodedata
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from org.models import AdministrativeUnit
from org.succession import in_or_after
from products import services, workflow
from products.enums import DocumentKind, LegalForm, Novelty, ProductStatus, RegistrationKind, Stage
from products.models import BusinessPlan, Producer, Product, ProductSet

# registration number, name, legal form, representative, phone, commune code, hamlet, community %, members, workers
PRODUCERS = [
    ("6300000101", "Cơ sở sản xuất Phụng Phát", LegalForm.HOUSEHOLD, "Nguyễn Văn Phụng", "0919000101", "31484",
     "Ấp 2", None, 3, 8),
    ("6300000102", "Hộ kinh doanh Hương Tràm", LegalForm.HOUSEHOLD, "Trần Thị Tràm", "0919000102", "31495",
     "Ấp 5", None, 2, 4),
    ("6300000103", "Hợp tác xã Bưởi da xanh Lương Tâm", LegalForm.COOPERATIVE, "Lê Văn Bưởi", "0919000103",
     "31492", "Ấp 3", 100, 15, 22),
    ("6300000104", "Tổ hợp tác Mãng cầu xiêm Vĩnh Viễn A", LegalForm.COOPERATIVE_GROUP, "Phạm Văn Cầu",
     "0919000104", "31490", "Ấp 1", 100, 9, 12),
    ("6300000105", "Hợp tác xã Nông nghiệp Thuận Hòa", LegalForm.COOPERATIVE, "Võ Thị Hòa", "0919000105",
     "31484", "Ấp 4", 100, 24, 30),
    ("6300000109", "Hợp tác xã Nghệ Lương Nghĩa", LegalForm.COOPERATIVE, "Đoàn Văn Nghệ", "0919000109", "31493",
     "Ấp 8", 100, 11, 16),
    ("", "Hộ ông Đặng Văn Cá", LegalForm.UNREGISTERED, "Đặng Văn Cá", "0919000106", "31495", "Ấp 7", None, 1, 3),
    ("6300000107", "Công ty TNHH Tinh dầu Vĩnh Thuận Đông", LegalForm.LLC_ONE_MEMBER, "Huỳnh Minh Tâm",
     "0919000107", "31486", "Ấp 6", None, 1, 10),
    ("6300000108", "Hợp tác xã Khóm Vị Thắng", LegalForm.COOPERATIVE, "Ngô Văn Khóm", "0919000108", "31450",
     "Ấp 9", 100, 18, 25),
]  # fmt: skip

# producer number or name, product name, kind, set number, target status, extra fields, note for the last step
PRODUCTS = [
    ("6300000101", "Trà mãng cầu Phụng Phát", RegistrationKind.EXISTING, 13, ProductStatus.READY,
     {"value_proposition": "Trà túi lọc từ trái mãng cầu xiêm Thuận Hòa, không đường, không chất bảo quản.",
      "packaging": "Hộp 20 túi lọc × 2 g", "brand": "Phụng Phát", "target_market": "Siêu thị và cửa hàng đặc sản ĐBSCL",
      "raw_materials": "Mãng cầu xiêm trồng tại xã Thuận Hòa", "local_material_pct": 100, "capacity": "12.000 hộp",
      "expected_price": 85000, "novelty": Novelty.IMPROVED, "stage": Stage.ON_MARKET, "workers_total": 8,
      "workers_local": 8, "capital_needed": 350000000,
      "story": "Gia đình ông Phụng trồng mãng cầu xiêm ba đời ở ấp 2, xã Thuận Hòa."}, ""),
    ("6300000102", "Mật ong Hương Tràm", RegistrationKind.EXISTING, 4, ProductStatus.READY,
     {"value_proposition": "Mật ong hoa tràm nuôi tự nhiên dưới tán rừng tràm Xà Phiên.", "packaging": "Chai 500 ml",
      "raw_materials": "Mật ong thu từ đàn ong của hộ", "local_material_pct": 100, "expected_price": 180000,
      "novelty": Novelty.TRADITIONAL, "stage": Stage.ON_MARKET, "workers_total": 4, "workers_local": 4}, ""),
    ("6300000109", "Tinh bột nghệ Lương Nghĩa", RegistrationKind.NEW_IDEA, 11, ProductStatus.IMPLEMENTING,
     {"value_proposition": "Tinh bột nghệ vàng nguyên chất từ nghệ trồng tại Lương Nghĩa.", "packaging": "Hũ 100 g",
      "local_material_pct": 95, "expected_price": 120000, "novelty": Novelty.IMPROVED, "stage": Stage.SAMPLE}, ""),
    ("6300000103", "Bưởi da xanh Lương Tâm", RegistrationKind.EXISTING, 1, ProductStatus.SUBMITTED,
     {"value_proposition": "Bưởi da xanh ruột hồng, trồng theo VietGAP.", "packaging": "Túi lưới 2 trái",
      "local_material_pct": 100, "expected_price": 60000, "novelty": Novelty.TRADITIONAL,
      "stage": Stage.ON_MARKET}, ""),
    ("6300000104", "Mãng cầu xiêm sấy dẻo", RegistrationKind.NEW_IDEA, 7, ProductStatus.RETURNED,
     {"value_proposition": "Mãng cầu xiêm sấy dẻo ít đường.", "packaging": "Túi zip 200 g", "local_material_pct": 90,
      "expected_price": 55000, "novelty": Novelty.NEW, "stage": Stage.SAMPLE},
     "Bổ sung tỷ lệ đường và quy trình sấy; ghi rõ nguồn nguyên liệu."),
    ("6300000105", "Mứt mãng cầu xiêm Thuận Hòa", RegistrationKind.NEW_IDEA, 7, ProductStatus.DRAFT,
     {"value_proposition": "Mứt mãng cầu truyền thống dịp Tết.", "novelty": Novelty.TRADITIONAL,
      "stage": Stage.IDEA}, ""),
    ("6300000105", "Nước ép mãng cầu xiêm", RegistrationKind.NEW_IDEA, 18, ProductStatus.ACCEPTED,
     {"value_proposition": "Nước ép mãng cầu xiêm đóng chai thanh trùng.", "packaging": "Chai 330 ml",
      "expected_price": 25000, "novelty": Novelty.NEW, "stage": Stage.RESEARCH}, ""),
    ("Hộ ông Đặng Văn Cá", "Khô cá lóc Xà Phiên", RegistrationKind.NEW_IDEA, 9, ProductStatus.REJECTED,
     {"value_proposition": "Khô cá lóc phơi nắng.", "novelty": Novelty.TRADITIONAL, "stage": Stage.IDEA},
     "Nguồn cá lóc chủ yếu mua ngoài tỉnh; chưa đáp ứng yêu cầu nguyên liệu địa phương."),
    ("6300000107", "Tinh dầu vỏ bưởi da xanh", RegistrationKind.NEW_IDEA, 20, ProductStatus.PLAN_SUBMITTED,
     {"value_proposition": "Tinh dầu chưng cất từ vỏ bưởi da xanh Long Mỹ.", "packaging": "Lọ 10 ml",
      "expected_price": 90000, "novelty": Novelty.NEW, "stage": Stage.SAMPLE}, ""),
    ("6300000108", "Khóm Vị Thắng", RegistrationKind.EXISTING, 1, ProductStatus.SUBMITTED,
     {"value_proposition": "Khóm Queen trồng trên đất phèn Vị Thắng.", "stage": Stage.ON_MARKET}, ""),
]  # fmt: skip

# The path from draft to each status: (action, note).
PATHS = {
    ProductStatus.DRAFT: [],
    ProductStatus.SUBMITTED: ["submit"],
    ProductStatus.RETURNED: ["submit", "return"],
    ProductStatus.REJECTED: ["submit", "reject"],
    ProductStatus.ACCEPTED: ["submit", "accept"],
    ProductStatus.PLAN_SUBMITTED: ["submit", "accept", "submit_plan"],
    ProductStatus.IMPLEMENTING: ["submit", "accept", "submit_plan", "approve_plan"],
    ProductStatus.READY: ["submit", "accept", "submit_plan", "approve_plan", "mark_ready"],
}


def demo_pdf(title):
    """A small valid one-page PDF with the title in ASCII, standing in for a scanned form."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 18 Tf 60 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def upload_demo_pdf(product, user, kind, filename, **dates):
    upload = ContentFile(demo_pdf(f"{DocumentKind(kind).label} - {product.name}"), name=filename)
    return services.add_document(product, user=user, kind=kind, upload=upload, **dates)


def prepare(product, action, commune_user, officer):
    """What the commune side does before an action: the forms it uploads, the plan it writes."""
    if action == "submit":
        upload_demo_pdf(product, commune_user, DocumentKind.REGISTRATION_FORM, "phieu-dang-ky.pdf")
    elif action == "submit_plan":
        plan = BusinessPlan(product=product, investment=500_000_000, own_capital=300_000_000, loans=150_000_000,
                            budget_support=50_000_000, revenue_year1=400_000_000, revenue_year2=600_000_000,
                            revenue_year3=800_000_000, profit_year1=40_000_000, profit_year2=80_000_000,
                            profit_year3=120_000_000)  # fmt: skip
        upload = ContentFile(demo_pdf(f"Bieu 03 - {product.name}"), name="ke-hoach-kinh-doanh.pdf")
        services.save_business_plan(plan, user=commune_user, upload=upload)
    elif action == "mark_ready":
        today = timezone.localdate()
        upload_demo_pdf(product, commune_user, DocumentKind.ORGANISATION_PROFILE, "bieu-04.pdf")
        upload_demo_pdf(product, commune_user, DocumentKind.BUSINESS_REGISTRATION, "dang-ky-kinh-doanh.pdf",
                issued_on=today - timedelta(days=900))  # fmt: skip
        upload_demo_pdf(product, commune_user, DocumentKind.FOOD_SAFETY, "chung-nhan-attp.pdf",
                issued_on=today - timedelta(days=1060), expires_on=today + timedelta(days=35))  # fmt: skip


def seed_products(password=None):
    """Create the demo registry. Returns (producers created, products created)."""
    User = get_user_model()
    officer = User.objects.get(username="huyen.longmy")
    commune_users = {
        "31484": User.objects.get(username="xa.thuanhoa"),
        "31450": User.objects.get(username="xa.vithang"),
    }
    units = {u.code: u for u in AdministrativeUnit.objects.filter(code__in={row[5] for row in PRODUCERS})}
    producers, made_producers = {}, 0
    for number, name, form, person, phone, code, hamlet, pct, members, workers in PRODUCERS:
        existing = Producer.objects.filter(in_or_after(units[code]), name=name).first()  # moved by a reorganisation
        if existing is None:
            existing = services.save_producer(
                Producer(
                    name=name,
                    legal_form=form,
                    registration_number=number,
                    representative=person,
                    phone=phone,
                    commune=units[code],
                    hamlet=hamlet,
                    community_capital_pct=pct,
                    members_count=members,
                    workers_count=workers,
                ),  # fmt: skip
                user=commune_users.get(code, officer),
            )
            made_producers += 1
        producers[number or name] = existing

    made_products = 0
    sets = {s.number: s for s in ProductSet.objects.all()}
    for key, name, kind, set_number, target, fields, note in PRODUCTS:
        producer = producers[key]
        if Product.objects.filter(producer=producer, name=name).exists():
            continue
        commune_user = commune_users.get(producer.commune.code, officer)
        product = services.save_product(
            Product(
                kind=kind,
                name=name,
                product_set=sets[set_number],
                producer=producer,
                commune=producer.commune,
                **fields,
            ),  # fmt: skip
            user=commune_user,
        )
        made_products += 1
        for action in PATHS[target]:
            prepare(product, action, commune_user, officer)
            side = workflow.TRANSITIONS[action].side
            actor = commune_user if side == workflow.REGISTRANT else officer
            if producer.commune.code == "31450" and side == workflow.REVIEWER:
                actor = User.objects.get(username="tinh.haugiang")
            step_note = note if action == PATHS[target][-1] and workflow.TRANSITIONS[action].note_required else ""
            product = workflow.apply(product, action, user=actor, note=step_note)
    return made_producers, made_products
