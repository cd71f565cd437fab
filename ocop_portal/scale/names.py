"""Realistic Vietnamese names for generated data: people, producers' trade names, and the Mekong delta's base
products in all 26 product sets of QĐ 1048 with packaging, markets and support asked. Used by `seed_scale` and the
benchmarks under bench/."""

SURNAMES = "Nguyễn Trần Lê Phạm Huỳnh Võ Phan Trương Đặng Bùi Đỗ Ngô Dương".split()
MIDDLE = "Văn Thị Minh Thanh Hoàng Ngọc Hữu Kim Quốc Thúy".split()
GIVEN = (
    "Phụng Tràm Bưởi Cầu Hòa Tâm Lan Hùng Mai Phát Lộc Tài Nghĩa Hạnh Sương Khánh Thảo Dũng Trinh Nhân Hiếu "
    "Yến Cường Bích"
).split()
TRADE_NAMES = (
    "Phụng Phát|Hương Tràm|Tân Lộc|Phước Thịnh|Kim Ngân|Hưng Thịnh|Mỹ Hạnh|Thanh Bình|Đồng Xanh|Hậu Giang Xanh|"
    "Sông Hậu|Bảy Núi|Miệt Vườn|Quê Hương|Ba Nhất|Út Mười|Sáu Tâm|Năm Tình|Tư Lợi|Hai Lúa|Cánh Đồng Vàng|Kênh Xáng"
).split("|")

# Base products of the Mekong delta: name; QĐ 1048 product set (all 26 appear); main raw material.
PRODUCTS = [
    (name, int(number), material)
    for name, number, material in (
        line.split(";")
        for line in """\
Bưởi da xanh;1;Bưởi da xanh
Mãng cầu xiêm tươi;1;Mãng cầu xiêm
Khóm Cầu Đúc;1;Khóm Cầu Đúc
Trứng vịt chạy đồng;2;Vịt chạy đồng
Gạo thơm ST25;3;Lúa ST25
Gạo hữu cơ Long Mỹ;3;Lúa hữu cơ
Mật ong hoa tràm;4;Mật ong hoa tràm
Bánh mì cá thát lát;5;Cá thát lát
Bánh tráng nước dừa;6;Gạo và nước dừa
Bún khô gạo lứt;6;Gạo lứt
Mãng cầu xiêm sấy dẻo;7;Mãng cầu xiêm
Khóm sấy dẻo;7;Khóm Cầu Đúc
Mứt mãng cầu;7;Mãng cầu xiêm
Lạp xưởng tươi;8;Thịt heo
Chả cá thát lát;9;Cá thát lát
Khô cá lóc;9;Cá lóc đồng
Mắm cá sặc;9;Cá sặc rằn
Nước mắm cá linh;10;Cá linh
Tương ớt xiêm xanh;10;Ớt xiêm xanh
Muối ớt xiêm xanh;11;Ớt xiêm xanh
Sả cây sơ chế;11;Sả
Trà khổ qua rừng;12;Khổ qua rừng
Trà mãng cầu;13;Mãng cầu xiêm
Trà hoa bụp giấm;13;Hoa bụp giấm
Cà phê lá mít;14;Cà phê
Rượu nếp than;15;Nếp than
Rượu đế Long Mỹ;15;Gạo nếp
Rượu mãng cầu;16;Mãng cầu xiêm
Nước uống đóng chai;17;Nước giếng khoan
Nước ép khóm;18;Khóm Cầu Đúc
Nước mía sầu riêng;18;Mía tím
Đông trùng hạ thảo;19;Nấm đông trùng
Tinh dầu sả chanh;20;Sả chanh
Xà bông tinh dầu tràm;20;Lá tràm
Túi chườm thảo dược;21;Thảo dược
Cao lá tràm;22;Lá tràm
Tranh lục bình;23;Lục bình
Giỏ lục bình;24;Lục bình
Giỏ tre đan;24;Tre
Khăn rằn dệt tay;25;Sợi bông
Du lịch miệt vườn;26;Vườn cây ăn trái""".splitlines()
    )
]
QUALIFIERS = ["", "", "đặc biệt", "loại 1", "hữu cơ", "truyền thống", "cao cấp", "gia truyền"]
PACKAGING = (
    "Hộp 20 túi lọc × 2 g|Chai 500 ml|Túi zip 200 g|Hộp giấy 500 g|Túi hút chân không 1 kg|Hũ thủy tinh 250 g|"
    "Thùng carton 10 kg|Chai thủy tinh 750 ml|Bộ 3 sản phẩm|Vé/khách"
).split("|")
MARKETS = (
    "Siêu thị và cửa hàng đặc sản ĐBSCL|Chợ đầu mối Cần Thơ|Khách du lịch về Hậu Giang|Cửa hàng OCOP trong tỉnh|"
    "Thương mại điện tử (Shopee, Tiki)|Xuất khẩu tiểu ngạch|Bếp ăn trường học và bệnh viện|"
    "TP. Hồ Chí Minh và các tỉnh miền Đông"
).split("|")
SUPPORT = (
    "Hỗ trợ thiết kế bao bì, nhãn mác|Hỗ trợ xây dựng mã số mã vạch, truy xuất nguồn gốc|"
    "Hỗ trợ vốn vay ưu đãi để mua máy sấy|Hỗ trợ chứng nhận VietGAP|Hỗ trợ tham gia hội chợ, xúc tiến|"
    "Tập huấn quản trị hợp tác xã|Hỗ trợ đăng ký nhãn hiệu|"
).split("|")  # the last one is blank: no support asked


def person(rng):
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
