"""Demo organisation: tỉnh Hậu Giang with huyện Long Mỹ (the 2020 plan) and huyện Vị Thủy.

Codes are the GSO administrative codes. Built through org.services, so it runs any number of times.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from org import services
from org.data.reorganisation_can_tho_2025 import apply_demo_reorganisation
from org.enums import Role, UnitKind
from org.models import AdministrativeUnit

PROVINCE = ("93", "Hậu Giang", UnitKind.PROVINCE)
DISTRICTS = {
    ("936", "Long Mỹ", UnitKind.RURAL_DISTRICT): [
        ("31489", "Vĩnh Viễn", UnitKind.TOWNSHIP),
        ("31483", "Thuận Hưng", UnitKind.COMMUNE),
        ("31484", "Thuận Hòa", UnitKind.COMMUNE),
        ("31486", "Vĩnh Thuận Đông", UnitKind.COMMUNE),
        ("31490", "Vĩnh Viễn A", UnitKind.COMMUNE),
        ("31492", "Lương Tâm", UnitKind.COMMUNE),
        ("31493", "Lương Nghĩa", UnitKind.COMMUNE),
        ("31495", "Xà Phiên", UnitKind.COMMUNE),
    ],
    ("935", "Vị Thủy", UnitKind.RURAL_DISTRICT): [
        ("31441", "Nàng Mau", UnitKind.TOWNSHIP),
        ("31447", "Vị Thủy", UnitKind.COMMUNE),
        ("31450", "Vị Thắng", UnitKind.COMMUNE),
    ],
}

# Section V of the Long Mỹ 2020 plan: the agencies with assigned tasks.
LONG_MY_AGENCIES = [
    ("Phòng Nông nghiệp và Phát triển nông thôn", "Phòng NN&PTNT"),
    ("Phòng Kinh tế và Hạ tầng", "Phòng KT&HT"),
    ("Phòng Tài nguyên và Môi trường", "Phòng TN&MT"),
    ("Phòng Y tế", "Phòng YT"),
    ("Phòng Lao động - Thương binh và Xã hội", "Phòng LĐ-TB&XH"),
    ("Phòng Tài chính - Kế hoạch", "Phòng TC-KH"),
    ("Phòng Văn hóa và Thông tin", "Phòng VH&TT"),
    ("Đài Truyền thanh huyện", "Đài TT"),
    # V.9 "Các ban, ngành liên quan": the district bodies that fold OCOP into their own work.
    ("Trung tâm Dịch vụ Nông nghiệp huyện", "TT DVNN"),
    ("Phòng Giao dịch Ngân hàng Chính sách xã hội huyện", "PGD NHCSXH"),
    # V.10 "Các tổ chức chính trị - xã hội": the Front leads, the associations coordinate.
    ("Ủy ban Mặt trận Tổ quốc Việt Nam huyện", "UBMTTQVN huyện"),
    ("Hội Nông dân huyện", "Hội Nông dân"),
    ("Hội Liên hiệp Phụ nữ huyện", "Hội LHPN"),
    ("Huyện Đoàn", "Huyện Đoàn"),
]
# V.11 "Ủy ban nhân dân các xã, thị trấn": each commune's People's Committee is an agency of its own unit
# (a commune official reports for it; plans.selectors.acting_agency_ids).
COMMUNE_KIND_WORDS = {UnitKind.COMMUNE: "xã", UnitKind.TOWNSHIP: "thị trấn", UnitKind.WARD: "phường"}
VI_THUY_AGENCIES = [("Phòng Nông nghiệp và Phát triển nông thôn", "Phòng NN&PTNT")]

# username, full name, role, where (unit code or (unit code, agency short name))
ACCOUNTS = [
    ("xa.thuanhoa", "Nguyễn Thị Lan", Role.COMMUNE_OFFICIAL, "31484"),
    ("huyen.longmy", "Trần Văn Minh", Role.DISTRICT_OFFICER, "936"),
    ("tinh.haugiang", "Lê Thị Hồng", Role.PROVINCE_OFFICER, "93"),
    ("coquan.ktht", "Phạm Văn Tâm", Role.AGENCY_STAFF, ("936", "Phòng KT&HT")),
    ("lanhdao.longmy", "Võ Văn Hùng", Role.LEADERSHIP, "936"),
    ("xa.vithang", "Đặng Thị Mai", Role.COMMUNE_OFFICIAL, "31450"),
]
ADMIN_ACCOUNT = ("quantri", "Quản trị hệ thống")


def seed_org(password):
    """Build units, agencies and demo accounts. Returns [(username, created, role label, place)]."""
    province = services.ensure_unit(code=PROVINCE[0], name=PROVINCE[1], kind=PROVINCE[2])
    units = {province.code: province}
    for (code, name, kind), communes in DISTRICTS.items():
        district = services.ensure_unit(code=code, name=name, kind=kind, parent=province)
        units[code] = district
        for c_code, c_name, c_kind in communes:
            units[c_code] = services.ensure_unit(code=c_code, name=c_name, kind=c_kind, parent=district)

    agencies = {}
    for code, listing in (("936", LONG_MY_AGENCIES), ("935", VI_THUY_AGENCIES)):
        for name, short in listing:
            agencies[(code, short)] = services.ensure_agency(unit=units[code], name=name, short_name=short)
    for c_code, c_name, c_kind in DISTRICTS[("936", "Long Mỹ", UnitKind.RURAL_DISTRICT)]:
        place = f"{COMMUNE_KIND_WORDS[c_kind]} {c_name}"
        services.ensure_agency(unit=units[c_code], name=f"Ủy ban nhân dân {place}", short_name=f"UBND {place}")

    made = []
    for username, full_name, role, where in ACCOUNTS:
        user, created = services.ensure_user(username=username, password=password, full_name=full_name)
        if role == Role.AGENCY_STAFF:
            membership = services.ensure_membership(user=user, role=role, agency=agencies[where])
        else:
            membership = services.ensure_membership(user=user, role=role, unit=units[where])
        made.append((user.username, created, str(role.label), str(membership.place)))
    admin, created = services.ensure_user(
        username=ADMIN_ACCOUNT[0], password=password, full_name=ADMIN_ACCOUNT[1], is_superuser=True
    )
    made.append((admin.username, created, str(_("Superuser")), str(_("administration"))))
    return made


# Today's structure (issue 16): thành phố Cần Thơ after the reorganisation of 01/07/2025, through the same file an
# office would load (org/data/reorganisation_can_tho_2025.py). The people are illustrative.
CITY = "92"
CITY_COMMUNE = "9200004"  # xã Vĩnh Thuận Đông (illustrative code): Thuận Hòa's and Vĩnh Thuận Đông's successor
CITY_AGENCY = ("Sở Nông nghiệp và Môi trường", "Sở NN&MT")
CITY_ACCOUNTS = [
    ("ct.xa.vinhthuandong", "Huỳnh Thị Thu", Role.COMMUNE_OFFICIAL, CITY_COMMUNE),
    ("ct.chutich.vinhthuandong", "Lâm Văn Phúc", Role.LEADERSHIP, CITY_COMMUNE),
    ("ct.so.nnmt", "Ngô Thị Ngọc", Role.PROVINCE_OFFICER, CITY),
]


def seed_city(password):
    """Apply the reorganisation file (once), then add the Sở NN&MT and today's accounts of thành phố Cần Thơ.
    Returns (accounts as seed_org's, the Preview of what the reorganisation did now: empty on a second run)."""
    done = apply_demo_reorganisation(get_user_model().objects.get(username=ADMIN_ACCOUNT[0]))  # made by seed_org
    city = AdministrativeUnit.objects.get(code=CITY)
    services.ensure_agency(unit=city, name=CITY_AGENCY[0], short_name=CITY_AGENCY[1])
    made = []
    for username, full_name, role, code in CITY_ACCOUNTS:
        user, created = services.ensure_user(username=username, password=password, full_name=full_name)
        membership = services.ensure_membership(user=user, role=role, unit=AdministrativeUnit.objects.get(code=code))
        made.append((user.username, created, str(role.label), str(membership.place)))
    return made, done
