"""The organisation, the accounts and the product registry of the province-scale world.

Units and accounts go through org.services one by one (there are few); agencies, producers and products go in by
batches as the Excel import writes them (products.resources): the rows, a first ProductTransition per product, and
the first rows of the audit history, by the same user.
"""

import datetime

from ocop_portal.scale.names import PRODUCTS, TRADE_NAMES, person

PROVINCE = ("93", "Hậu Giang")
DISTRICTS = [  # code, name, kind: Hậu Giang's eight and two made up
    tuple(row.split(":"))
    for row in (
        "930:Vị Thanh:thanh_pho_thuoc_tinh|931:Ngã Bảy:thanh_pho_thuoc_tinh|932:Châu Thành A:huyen|"
        "933:Châu Thành:huyen|934:Phụng Hiệp:huyen|935:Vị Thủy:huyen|936:Long Mỹ:huyen|937:Long Mỹ:thi_xa|"
        "938:Tân Hòa:huyen|939:Hòa An:huyen"
    ).split("|")
]
COMMUNES_PER_DISTRICT = 15
PLACE_WORDS = "Tân Hòa Long Phú Thạnh Vĩnh Thuận Hiệp Bình Xuân Mỹ Phước Lợi An Đông Tây Nghĩa Tâm Lộc".split()
DEPARTMENTS = (
    "Sở Nông nghiệp và Phát triển nông thôn|Sở Công Thương|Sở Khoa học và Công nghệ|Sở Văn hóa, Thể thao và Du lịch|"
    "Sở Y tế|Sở Tài chính|Sở Kế hoạch và Đầu tư|Sở Tài nguyên và Môi trường|Sở Thông tin và Truyền thông|"
    "Sở Lao động - Thương binh và Xã hội|Văn phòng Điều phối nông thôn mới tỉnh|Liên minh Hợp tác xã tỉnh|"
    "Ngân hàng Nhà nước chi nhánh tỉnh|Đài Phát thanh và Truyền hình tỉnh|Báo Hậu Giang|"
    "Ủy ban Mặt trận Tổ quốc tỉnh|Hội Nông dân tỉnh|Hội Liên hiệp Phụ nữ tỉnh"
).split("|")
DISTRICT_OFFICES = (
    "Phòng Nông nghiệp và Phát triển nông thôn|Phòng Kinh tế và Hạ tầng|Phòng Văn hóa và Thông tin|"
    "Trung tâm Dịch vụ nông nghiệp|Phòng Tài chính - Kế hoạch|Phòng Y tế|Phòng Tài nguyên và Môi trường"
).split("|")
FORMS = {"household": 30, "coop_group": 10, "llc_one": 6, "private": 5, "llc_multi": 5, "jsc_minor": 3,
         "jsc_major": 3, "cooperative": 25, "unregistered": 8}  # fmt: skip
STATUSES = ["submitted", "returned", "rejected", "accepted", "plan_submitted", "implementing", "ready"]
STATUS_WEIGHTS = [10, 3, 12, 15, 10, 20, 30]
BATCH = 1000
# The accounts the benchmarks sign in with: username, role, where ("province", "district", "commune" or an agency).
ACCOUNTS = [
    ("scale.tinh", "province_officer", "province"),
    ("scale.lanhdao.tinh", "leadership", "province"),
    ("scale.huyen", "district_officer", "district"),
    ("scale.lanhdao", "leadership", "district"),
    ("scale.xa", "commune_official", "commune"),
    ("scale.coquan", "agency_staff", "department"),
]
BENCH_DISTRICT = "936"  # the accounts' district (Long Mỹ); its first commune is the commune official's


def moment(day, hour=9, minute=0):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def day_in(rng, year, first_month=1, last_month=12):
    start = datetime.date(year, first_month, 1)
    end = datetime.date(year + (last_month == 12), last_month % 12 + 1, 1)
    return start + datetime.timedelta(days=rng.randrange((end - start).days))


def units():
    from org import services

    province = services.ensure_unit(code=PROVINCE[0], name=PROVINCE[1], kind="tinh")
    districts, communes, code = [], [], 31000
    for d_code, name, kind in DISTRICTS:
        district = services.ensure_unit(code=d_code, name=name, kind=kind, parent=province)
        districts.append(district)
        for index in range(COMMUNES_PER_DISTRICT):
            words = len(PLACE_WORDS)
            first, second = PLACE_WORDS[(index + int(d_code)) % words], PLACE_WORDS[(3 * index + 7) % words]
            commune_kind = ("phuong" if kind == "thanh_pho_thuoc_tinh" else "thi_tran") if index == 0 else "xa"
            communes.append(
                services.ensure_unit(
                    code=str(code), name=f"{first} {second} {index + 1}", kind=commune_kind, parent=district
                )
            )
            code += 1
    return province, districts, communes


def agencies(province, districts):
    """The province's departments, and each district's People's Committee and offices. Returns (the province's,
    {district pk: the district's})."""
    from org.models import Agency

    rows = [Agency(unit=province, name=name, short_name=name[:60]) for name in DEPARTMENTS]
    for district in districts:
        rows.append(Agency(unit=district, name=f"Ủy ban nhân dân {district}", short_name=f"UBND {district.name}"))
        rows += [Agency(unit=district, name=office, short_name=office[:60]) for office in DISTRICT_OFFICES]
    Agency.objects.bulk_create(rows)
    return list(Agency.objects.filter(unit=province).order_by("pk")), {
        d.pk: list(Agency.objects.filter(unit=d).order_by("pk")) for d in districts
    }


def accounts(password, province, districts, communes, province_agencies):
    """One account per role (ACCOUNTS), through org.services. Returns {username: user}."""
    from org import services

    district = next(d for d in districts if d.code == BENCH_DISTRICT)
    places = {
        "province": {"unit": province},
        "district": {"unit": district},
        "commune": {"unit": next(c for c in communes if c.parent_id == district.pk)},
        "department": {"agency": province_agencies[0]},
    }
    made = {}
    for username, role, where in ACCOUNTS:
        user, _created = services.ensure_user(username=username, password=password, full_name=username)
        services.ensure_membership(user=user, role=role, **places[where])
        made[username] = user
    return made


def producers(rng, communes, count, user, last_year):
    from products.models import Producer

    rows = []
    for i in range(count):
        form = rng.choices(list(FORMS), list(FORMS.values()))[0]
        commune = communes[rng.randrange(len(communes))]
        pct = {"cooperative": 100, "coop_group": 100, "jsc_major": rng.randint(51, 100),
               "jsc_minor": rng.randint(0, 50)}.get(form)  # fmt: skip
        rows.append(Producer(
            name=f"{rng.choice(TRADE_NAMES)} {commune.name} {i + 1:04d}", legal_form=form,
            registration_number="" if form == "unregistered" else f"64{i + 1:08d}", representative=person(rng),
            phone=f"09{rng.randint(0, 99_999_999):08d}", commune=commune, hamlet=f"Ấp {rng.randint(1, 12)}",
            community_capital_pct=pct, members_count=rng.randint(1, 40), workers_count=rng.randint(1, 60),
            created_by=user,
        ))  # fmt: skip
    Producer.objects.bulk_create(rows, batch_size=BATCH)
    made = list(Producer.objects.select_related("commune__parent").order_by("pk"))
    for producer in made:  # auto_now_add stamps "now": registered between five years back and the last year
        producer.created_at = moment(day_in(rng, rng.randint(last_year - 4, last_year)))
    Producer.objects.bulk_update(made, ["created_at"], batch_size=BATCH)
    Producer.history.bulk_history_create(made, batch_size=BATCH, default_user=user)
    return made


def products(rng, producers, years, per_year, user):
    """Products registered and sent to the district over the years, at every stage of the workflow. Returns the
    products ready for rating."""
    from products.models import Product, ProductSet, ProductTransition

    sets = {s.number: s for s in ProductSet.objects.all()}
    counters, rows = {}, []
    for year in years:
        for _i in range(per_year):
            producer = producers[rng.randrange(len(producers))]
            base, number, _material = PRODUCTS[rng.randrange(len(PRODUCTS))]
            district = producer.commune.parent
            key = (district.code, year)
            counters[key] = counters.get(key, 0) + 1
            sent = moment(day_in(rng, year), rng.randint(7, 16), rng.randint(0, 59))
            rows.append(Product(
                kind=rng.choice(["new", "existing"]), name=f"{base} {producer.name.split()[0]} {counters[key]}",
                product_set=sets[number], producer=producer, commune=producer.commune, year=year,
                status=rng.choices(STATUSES, STATUS_WEIGHTS)[0], code=f"93-{district.code}-{counters[key]:04d}-{year}",
                submitted_at=sent, created_by=user,
            ))  # fmt: skip
    Product.objects.bulk_create(rows, batch_size=BATCH)
    ProductTransition.objects.bulk_create(
        [ProductTransition(product=p, from_status="", to_status=p.status, actor=user, at=p.submitted_at) for p in rows],
        batch_size=BATCH,
    )
    Product.history.bulk_history_create(rows, batch_size=BATCH, default_user=user)
    return list(Product.objects.filter(status="ready").select_related("commune__parent").order_by("pk"))
