"""The benchmark's world: Long Mỹ district (Hậu Giang) with its producers, and the sheet of product ideas.

Realistic Vietnamese data: producer names by legal form, the Mekong delta's base products in all 26 product sets
of QĐ 1048, packaging, markets, stories. ``seed_world`` builds the organisation and producers through the
project's own code; ``sheet_rows`` and ``write_workbook`` produce the .xlsx a district officer would upload.
"""

import datetime
import secrets

from ocop_portal.scale.names import (
    MARKETS,
    PACKAGING,
    PRODUCTS,
    QUALIFIERS,
    SUPPORT,
    TRADE_NAMES,
    person,
)

OFFICER = "huyen.longmy"  # the district officer of org.demo.seed_org
DISTRICT_CODE = "936"  # Long Mỹ


def seed_world(n_producers, rng):
    """The demo organisation and the producers, built through the project's services. Returns a list of
    (producer, commune, brand) for the sheet, and the officer."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from org.demo import seed_org
    from org.models import AdministrativeUnit
    from products import services
    from products.enums import LegalForm
    from products.models import Producer, ProductSet

    seed_org(secrets.token_urlsafe(16))
    officer = get_user_model().objects.get(username=OFFICER)
    communes = list(AdministrativeUnit.objects.filter(parent__code=DISTRICT_CODE).order_by("code"))
    assert len(communes) == 8, f"Long Mỹ should have 8 communes, found {len(communes)}"
    numbers = sorted(ProductSet.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 27)), "the 26 product sets of QĐ 1048 should come with the migrations"

    prefixes = {
        LegalForm.HOUSEHOLD: "Hộ kinh doanh",
        LegalForm.COOPERATIVE_GROUP: "Tổ hợp tác",
        LegalForm.LLC_ONE_MEMBER: "Công ty TNHH MTV",
        LegalForm.PRIVATE_ENTERPRISE: "Doanh nghiệp tư nhân",
        LegalForm.LLC_MULTI_MEMBER: "Công ty TNHH",
        LegalForm.JSC_MINORITY: "Công ty Cổ phần",
        LegalForm.JSC_MAJORITY: "Công ty Cổ phần Nông nghiệp",
        LegalForm.COOPERATIVE: "Hợp tác xã",
        LegalForm.UNREGISTERED: "Hộ",
    }
    forms = list(prefixes)
    weights = [30, 10, 6, 5, 5, 3, 3, 25, 8]
    producers = []
    with transaction.atomic():
        for i in range(n_producers):
            commune = communes[i % len(communes)]
            form = rng.choices(forms, weights)[0]
            representative = person(rng)
            if form == LegalForm.UNREGISTERED:
                name = f"Hộ {'ông' if ' Thị ' not in representative else 'bà'} {representative} ({i + 1})"
                registration, brand = "", ""
            else:
                brand = rng.choice(TRADE_NAMES)
                name = f"{prefixes[form]} {brand} {commune.name} {i + 1:03d}"
                registration = f"63{i + 1:08d}"
            pct = {
                LegalForm.COOPERATIVE: 100,
                LegalForm.COOPERATIVE_GROUP: 100,
                LegalForm.JSC_MAJORITY: rng.randint(51, 100),
                LegalForm.JSC_MINORITY: rng.randint(0, 50),
            }.get(form)
            members = rng.randint(1, 40)
            producer = Producer(
                name=name,
                legal_form=form,
                registration_number=registration,
                representative=representative,
                phone=f"09{rng.randint(0, 99_999_999):08d}",
                commune=commune,
                hamlet=f"Ấp {rng.randint(1, 12)}",
                community_capital_pct=pct,
                members_count=members,
                workers_count=members + rng.randint(0, 30),
            )
            producers.append((services.save_producer(producer, user=officer), commune, brand))
    return producers, officer


def sheet_rows(columns, producers, n_rows, rng):
    """n_rows dicts keyed by the resource's column headers: labels in Vietnamese, numbers as ints, some blanks."""
    from django.utils import translation

    from products.enums import Novelty, RegistrationKind, Stage

    with translation.override("vi"):
        kinds = [str(label) for _code, label in RegistrationKind.choices]
        novelties = [str(label) for _code, label in Novelty.choices]
        stages = [str(label) for _code, label in Stage.choices]
    this_year = datetime.date.today().year

    def lower_first(text):
        return text[:1].lower() + text[1:]

    for i in range(n_rows):
        producer, commune, brand = producers[rng.randrange(len(producers))]
        base, set_number, material = PRODUCTS[rng.randrange(len(PRODUCTS))]
        if producer.registration_number:
            # Mostly typed as text; one in ten typed as a number, as Excel users do.
            reference = int(producer.registration_number) if i % 10 == 0 else producer.registration_number
        else:
            reference = producer.name  # no registration: by name within the commune
        workers = rng.randint(1, 60)
        kind = kinds[0] if rng.random() < 0.7 else kinds[1]
        name = " ".join(part for part in (base, rng.choice(QUALIFIERS), commune.name) if part)
        row = {
            "Loại đăng ký": kind,
            "Tên sản phẩm": name,
            "Chủ thể (mã số ĐKKD hoặc tên)": reference,
            "Xã": commune.code,
            "Bộ sản phẩm (số)": set_number,
            "Năm đăng ký": rng.choice([this_year - 1, this_year, this_year]),
            "Giá trị cốt lõi": f"{base} làm từ {lower_first(material)} của xã {commune.name}, "
            f"{rng.choice(['không chất bảo quản', 'đạt VietGAP', 'làm thủ công', 'đúng vị miền Tây'])}.",
            "Quy cách đóng gói": rng.choice(PACKAGING),
            "Thương hiệu dự kiến": brand,
            "Thị trường mục tiêu": rng.choice(MARKETS),
            "Nguyên liệu và nguồn gốc": f"{material} trồng/nuôi tại ấp {rng.randint(1, 12)}, xã {commune.name}",
            "Tỷ lệ nguyên liệu địa phương (%)": rng.choice([None, 60, 70, 80, 90, 100, 100]),
            "Công suất/năm": f"{rng.randint(1, 50)}.000 {rng.choice(['hộp', 'chai', 'kg', 'sản phẩm'])}",
            "Giá bán dự kiến (đồng)": rng.randint(10, 600) * 1000,
            "Câu chuyện sản phẩm": (
                f"Gia đình {producer.representative} gắn bó với {lower_first(material)} ở xã {commune.name} đã "
                f"{rng.randint(2, 40)} năm. Sản phẩm {lower_first(name)} ra đời từ mong muốn nâng giá trị nông sản "
                "quê nhà, tạo việc làm cho bà con trong ấp."
            )
            if rng.random() < 0.6
            else "",
            "Tính mới": rng.choice(novelties),
            "Giai đoạn": rng.choice(stages if kind == kinds[0] else stages[2:]),
            "Số lao động": workers,
            "Lao động trong huyện": rng.randint(0, workers),
            "Vốn cần (đồng)": rng.choice([None, rng.randint(5, 200) * 10_000_000]),
            "Hỗ trợ cần": rng.choice(SUPPORT),
        }
        missing = set(columns) - set(row)
        assert not missing, f"no generated value for columns {missing}: update sheet_rows()"
        yield [row[column] for column in columns]


def write_workbook(path, columns, rows):
    """The sheet as a person would hand it in: one header row, then the data (openpyxl, streaming writer)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
