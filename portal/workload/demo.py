"""The demo organisation and its content, written for this project in Vietnamese.

Used by `manage.py seed_demo`; every name here is invented.
"""

from pathlib import Path

# The importer's corpus: documents retyped and scanned for its tests.
CORPUS = Path(__file__).resolve().parents[2] / "tests" / "data" / "importer_corpus"

# Files the importer turns into documents (seed_demo.seed_imports): (path, publish).
IMPORTED_FILES = [
    (CORPUS / "word_table_header.docx", True),
    (CORPUS / "scan_cong_van.pdf", False),
]

PARTY_CELLS = [
    ("Chi bộ Khoa Kinh tế", "CB Kinh tế", 1),
    ("Chi bộ Khoa Kỹ thuật", "CB Kỹ thuật", 2),
    ("Chi bộ Phòng ban - Hành chính", "CB Hành chính", 3),
]

# username, full name, chi bộ index (None: none), position, status, role
ACCOUNTS = [
    ("admin", "Quản trị hệ thống", None, "dang-vien", "chinh-thuc", "superuser"),
    ("bientap", "Lâm Thị Thu Hà", 2, "dang-vien", "chinh-thuc", "editor"),
    ("bithu", "Nguyễn Văn Khánh", 0, "bi-thu", "chinh-thuc", "moderator"),
    ("uybch", "Trương Minh Đức", 1, "dang-uy-vien", "chinh-thuc", "committee"),
    ("dangvien1", "Phan Thị Ánh", 0, "dang-vien", "chinh-thuc", None),
    ("dangvien2", "Huỳnh Quốc Bảo", 0, "pho-bi-thu", "chinh-thuc", None),
    ("dangvien3", "Đặng Thị Cúc", 0, "dang-vien", "du-bi", None),
    ("dangvien4", "Lê Hoàng Dũng", 1, "bi-thu", "chinh-thuc", None),
    ("dangvien5", "Võ Thị Hồng Gấm", 1, "dang-vien", "chinh-thuc", None),
    ("dangvien6", "Tô Văn Hiếu", 1, "uy-vien-ubkt", "chinh-thuc", None),
    ("dangvien7", "Quách Thị Lan", 2, "bi-thu", "chinh-thuc", None),
    ("dangvien8", "Kiều Minh Nhựt", 2, "dang-vien", "du-bi", None),
    ("dangvien9", "Mai Thị Yến", 2, "dang-vien", "chinh-thuc", None),
]
COMMITTEE_MEMBERS = {
    "ban-chap-hanh": ["bithu", "uybch", "dangvien2", "dangvien4", "dangvien7"],
    "ban-thuong-vu": ["bithu", "dangvien2"],
    "uy-ban-kiem-tra": ["dangvien6", "uybch"],
}

# Broken where the office breaks them on paper (the header's left column).
ISSUING_BODY = "Đảng bộ Trường Trung học\nKinh tế - Kỹ thuật Bạc Liêu"
SUPERIOR_BODY = "Đảng ủy Khối các cơ quan\ntỉnh Bạc Liêu"

# Who has already acknowledged which demo document (slug: [(username, takeaway)]), and who
# only opened it.
ACKNOWLEDGEMENTS = {
    "nghi-quyet-05-nq-du-nhiem-vu-nam-hoc-2026-2027": [
        ("bithu", "Chỉ đạo chi bộ xây dựng kế hoạch thực hiện trước ngày 15/10."),
        ("dangvien2", "Đăng ký một chuyên đề đổi mới phương pháp giảng dạy trong học kỳ I."),
        ("dangvien4", "Phối hợp doanh nghiệp bố trí chỗ thực tập cho học sinh khóa mới."),
        ("dangvien7", "Cập nhật văn bản của cấp trên hằng tuần trên Cổng thông tin."),
    ],
    "ke-hoach-12-kh-du-hoc-tap-quan-triet": [("bithu", ""), ("dangvien5", ""), ("dangvien9", "")],
}
READ_ONLY = {
    "nghi-quyet-05-nq-du-nhiem-vu-nam-hoc-2026-2027": ["dangvien1", "dangvien5", "dangvien8"],
}

# Comments (resolutions.comments): the draft's consultation period in days from today (opens,
# closes), and members' comments: (key, username, section anchor or "", text, reply to, days ago).
CONSULTATION = {"du-thao-nghi-quyet-chuyen-doi-so": (-3, 10)}
COMMENTS = {
    "du-thao-nghi-quyet-chuyen-doi-so": [
        (
            "c1",
            "dangvien1",
            "muc-2",
            "Đề nghị bổ sung chỉ tiêu về tỷ lệ đảng viên sử dụng Cổng thông tin thường xuyên, ví dụ 90% vào năm 2027.",
            None,
            2,
        ),
        (
            "c2",
            "dangvien4",
            "muc-2",
            "Thống nhất với đồng chí Ánh; nên giao chỉ tiêu riêng cho từng chi bộ để dễ đánh giá cuối năm.",
            "c1",
            2,
        ),
        (
            "c3",
            "dangvien5",
            "muc-3",
            "Cần có kế hoạch hỗ trợ đảng viên lớn tuổi làm quen với Cổng thông tin, mỗi chi bộ cử một đồng chí hướng dẫn.",
            None,
            1,
        ),
        (
            "c4",
            "dangvien7",
            "",
            "Dự thảo ngắn gọn, rõ ràng.\nĐề nghị bổ sung phần phân công trách nhiệm cụ thể cho Văn phòng Đảng ủy và các chi bộ.",
            None,
            1,
        ),
        (
            "c5",
            "bientap",
            "muc-3",
            "Văn phòng Đảng ủy ghi nhận, sẽ đưa nội dung này vào kế hoạch tập huấn quý I/2027.",
            "c3",
            0,
        ),
        (
            "c6",
            "dangvien9",
            "muc-1",
            "Hồ sơ giấy hiện thất lạc nhiều, việc số hóa là rất cần thiết. Tham khảo thêm: https://vi.wikipedia.org/wiki/Chuyển_đổi_số",
            None,
            0,
        ),
    ],
    "nghi-quyet-05-nq-du-nhiem-vu-nam-hoc-2026-2027": [
        (
            "n1",
            "dangvien2",
            "muc-ii",
            "Chi bộ Khoa Kinh tế đã phổ biến các chỉ tiêu này trong buổi sinh hoạt tháng 9.",
            None,
            5,
        ),
        (
            "n2",
            "dangvien8",
            "muc-ii",
            "Đề nghị chi bộ chia sẻ biên bản sinh hoạt để các chi bộ khác tham khảo.",
            "n1",
            4,
        ),
    ],
}

# One comment the secretary hid, with the reason shown to its author.
HIDDEN_COMMENT = ("du-thao-nghi-quyet-chuyen-doi-so", "Nội dung không liên quan đến dự thảo.")

# A document the editor wrote for one chi bộ and sent for approval: it waits for the secretary.
WAITING_DOCUMENT = (
    "ke-hoach-sinh-hoat-chuyen-de-chi-bo-khoa-ky-thuat",
    1,  # the chi bộ (index in PARTY_CELLS) it is addressed to
    {
        "title": "Kế hoạch sinh hoạt chuyên đề quý I năm 2027 của Chi bộ Khoa Kỹ thuật",
        "doc_type": "ke-hoach",
        "number": "21-KH/ĐU",
        "place": "Bạc Liêu",
        "issued_on": "2026-12-01",
        "term": "2025-2030",
        "signing_capacity": "T/M BAN CHẤP HÀNH",
        "signer_title": "BÍ THƯ",
        "signer_name": "Nguyễn Văn Khánh",
        "recipients": "Chi bộ Khoa Kỹ thuật,\nLưu Văn phòng Đảng ủy.",
        "summary": "Chủ đề, thời gian và phân công chuẩn bị buổi sinh hoạt chuyên đề quý I.",
    },
)

NEWS_CATEGORIES = [
    ("Hoạt động Đảng bộ", "hoat-dong-dang-bo"),
    ("Thông báo", "thong-bao"),
    ("Học tập và làm theo", "hoc-tap-va-lam-theo"),
]


def _h(number, text, level="2"):
    return {"type": "heading", "value": {"number": number, "text": text, "level": level}}


def _p(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def _list(items, style="dash"):
    return {"type": "list", "value": {"style": style, "items": items}}


def _table(headings, rows):
    return {
        "type": "table",
        "value": {
            "caption": "",
            "columns": [{"type": "text", "heading": heading} for heading in headings],
            "rows": [{"values": row} for row in rows],
        },
    }


# slug, audience ("public", "members", "committee:<kind>", "cell:<index>"), fields, body
DOCUMENTS = [
    (
        "nghi-quyet-05-nq-du-nhiem-vu-nam-hoc-2026-2027",
        "members",
        {
            "title": "Nghị quyết về lãnh đạo thực hiện nhiệm vụ chính trị năm học 2026 - 2027",
            "doc_type": "nghi-quyet",
            "number": "05-NQ/ĐU",
            "place": "Bạc Liêu",
            "issued_on": "2026-09-08",
            "term": "2025-2030",
            "signing_capacity": "T/M BAN CHẤP HÀNH",
            "signer_title": "BÍ THƯ",
            "signer_name": "Nguyễn Văn Khánh",
            "recipients": "Đảng ủy Khối (để báo cáo),\nCác chi bộ trực thuộc,\nLưu Văn phòng Đảng ủy.",
            "summary": "Mục tiêu, chỉ tiêu và giải pháp lãnh đạo nhiệm vụ dạy học, rèn luyện "
            "học sinh và xây dựng Đảng trong năm học mới.",
            "requires_acknowledgement": True,
            "ask_takeaway": True,
            "takeaway_prompt": "Đồng chí nêu ngắn gọn những việc bản thân sẽ làm để thực hiện nghị quyết.",
            "acknowledgement_deadline": -5,
        },
        [
            _p(
                "Căn cứ Điều lệ Đảng và Quy chế làm việc của Ban Chấp hành Đảng bộ nhiệm kỳ 2025 - 2030; "
                "trên cơ sở kết quả năm học 2025 - 2026, Ban Chấp hành Đảng bộ thống nhất quyết nghị như sau:"
            ),
            _h("I.", "Đánh giá kết quả năm học 2025 - 2026"),
            _p(
                "Năm học vừa qua, toàn Đảng bộ đã lãnh đạo hoàn thành các chỉ tiêu chủ yếu: tỷ lệ học sinh "
                "tốt nghiệp đạt 96,4%; 100% chi bộ tổ chức sinh hoạt chuyên đề hằng quý; kết nạp 04 đảng viên mới."
            ),
            _p(
                "Bên cạnh đó, việc ứng dụng công nghệ thông tin trong quản lý đào tạo còn chậm; một số đảng viên "
                "chưa thường xuyên cập nhật văn bản của cấp trên."
            ),
            _h("II.", "Mục tiêu và chỉ tiêu năm học 2026 - 2027"),
            _list(
                [
                    "Tỷ lệ học sinh tốt nghiệp đạt từ 95% trở lên.",
                    "100% đảng viên đọc, xác nhận và nắm nội dung nghị quyết trong thời hạn quy định.",
                    "Mỗi chi bộ có ít nhất một sáng kiến cải tiến công tác được công nhận.",
                ]
            ),
            _h("III.", "Nhiệm vụ và giải pháp chủ yếu"),
            _h("1.", "Nâng cao chất lượng dạy và học", "3"),
            _p(
                "Đổi mới phương pháp giảng dạy gắn với thực hành nghề nghiệp; tăng cường liên kết với doanh nghiệp "
                "trên địa bàn tỉnh để học sinh thực tập."
            ),
            _h("2.", "Xây dựng Đảng trong sạch, vững mạnh", "3"),
            _list(
                [
                    "Duy trì nền nếp sinh hoạt chi bộ, nâng cao chất lượng sinh hoạt chuyên đề.",
                    "Thực hiện nghiêm chế độ tự phê bình và phê bình; kiểm tra, giám sát theo kế hoạch.",
                ],
                style="bullet",
            ),
            _h("IV.", "Tổ chức thực hiện"),
            _p(
                "Các chi bộ quán triệt nghị quyết đến từng đảng viên, xây dựng kế hoạch thực hiện và báo cáo "
                "kết quả về Văn phòng Đảng ủy trước ngày 30 tháng 10 năm 2026."
            ),
        ],
    ),
    (
        "ke-hoach-12-kh-du-hoc-tap-quan-triet",
        "members",
        {
            "title": "Kế hoạch học tập, quán triệt và triển khai thực hiện Nghị quyết số 05-NQ/ĐU",
            "doc_type": "ke-hoach",
            "number": "12-KH/ĐU",
            "place": "Bạc Liêu",
            "issued_on": "2026-09-20",
            "term": "2025-2030",
            "signing_capacity": "T/M BAN THƯỜNG VỤ",
            "signer_title": "PHÓ BÍ THƯ",
            "signer_name": "Huỳnh Quốc Bảo",
            "recipients": "Các chi bộ trực thuộc,\nLưu Văn phòng Đảng ủy.",
            "summary": "Thời gian, hình thức học tập nghị quyết và trách nhiệm của từng chi bộ.",
            "requires_acknowledgement": True,
            "acknowledgement_deadline": 12,
        },
        [
            _h("1.", "Mục đích, yêu cầu"),
            _p(
                "Giúp đảng viên nắm vững mục tiêu, chỉ tiêu của Nghị quyết số 05-NQ/ĐU và cụ thể hóa thành "
                "chương trình hành động của từng chi bộ."
            ),
            _h("2.", "Thời gian và hình thức"),
            _list(
                [
                    "Đảng viên đọc văn bản trên Cổng thông tin và xác nhận đã đọc trước ngày 15/10/2026.",
                    "Các chi bộ thảo luận trong kỳ sinh hoạt tháng 10 năm 2026.",
                ]
            ),
            _table(
                ["Nội dung", "Thời gian", "Chủ trì"],
                [
                    ["Hội nghị quán triệt cho cấp ủy viên", "Ngày 25/9/2026", "Ban Thường vụ"],
                    [
                        "Đảng viên đọc và xác nhận trên Cổng thông tin",
                        "Trước ngày 15/10/2026",
                        "Các chi bộ",
                    ],
                    ["Thảo luận trong kỳ sinh hoạt thường kỳ", "Tháng 10/2026", "Bí thư chi bộ"],
                    ["Báo cáo kết quả học tập", "Trước ngày 30/10/2026", "Văn phòng Đảng ủy"],
                ],
            ),
            _h("3.", "Tổ chức thực hiện"),
            _p(
                "Văn phòng Đảng ủy theo dõi tiến độ xác nhận và nhắc nhở các đồng chí chưa hoàn thành."
            ),
        ],
    ),
    (
        "cong-van-15-cv-du-trien-khai-cong-thong-tin",
        "members",
        {
            "title": "V/v triển khai sử dụng Cổng thông tin điện tử của Đảng bộ",
            "doc_type": "cong-van",
            "number": "15-CV/ĐU",
            "place": "Bạc Liêu",
            "issued_on": "2026-10-05",
            "signing_capacity": "T/L BAN THƯỜNG VỤ",
            "signer_title": "CHÁNH VĂN PHÒNG",
            "signer_name": "Lâm Thị Thu Hà",
            "recipients": "Như trên,\nThường trực Đảng ủy (để báo cáo),\nLưu Văn phòng Đảng ủy.",
            "summary": "Đề nghị các chi bộ hướng dẫn đảng viên đăng nhập và đọc văn bản trên Cổng thông tin.",
        },
        [
            _p("Kính gửi: Các chi bộ trực thuộc Đảng bộ."),
            _p(
                "Thực hiện Kế hoạch số 12-KH/ĐU của Ban Thường vụ Đảng ủy, Văn phòng Đảng ủy đề nghị các chi bộ "
                "hướng dẫn đảng viên đăng nhập Cổng thông tin, đọc và xác nhận đã nắm nội dung các văn bản mới."
            ),
            _p(
                "Đồng chí nào chưa nhận được tài khoản, đề nghị liên hệ Văn phòng Đảng ủy trong giờ hành chính "
                "để được cấp."
            ),
        ],
    ),
    (
        "thong-bao-03-tb-du-lich-sinh-hoat",
        "public",
        {
            "title": "Thông báo lịch sinh hoạt chi bộ quý IV năm 2026",
            "doc_type": "thong-bao",
            "number": "03-TB/ĐU",
            "place": "Bạc Liêu",
            "issued_on": "2026-10-01",
            "term": "2025-2030",
            "signing_capacity": "T/L BAN THƯỜNG VỤ",
            "signer_title": "CHÁNH VĂN PHÒNG",
            "signer_name": "Lâm Thị Thu Hà",
            "recipients": "Các chi bộ trực thuộc,\nLưu Văn phòng Đảng ủy.",
            "summary": "Lịch sinh hoạt thường kỳ và chuyên đề của các chi bộ trong quý IV.",
            "requires_acknowledgement": True,
        },
        [
            _p("Ban Thường vụ Đảng ủy thông báo lịch sinh hoạt chi bộ quý IV năm 2026 như sau:"),
            _list(
                [
                    "Sinh hoạt thường kỳ: ngày 05 hằng tháng, lúc 16 giờ 30.",
                    "Sinh hoạt chuyên đề: tháng 11 năm 2026, chủ đề “Nêu gương trong giảng dạy”.",
                ]
            ),
            _p("Đề nghị các chi bộ thực hiện đúng thời gian và gửi biên bản về Văn phòng Đảng ủy."),
        ],
    ),
    (
        "bao-cao-08-bc-du-kiem-tra-giam-sat",
        "committee:ban-chap-hanh",
        {
            "title": "Báo cáo kết quả công tác kiểm tra, giám sát 9 tháng đầu năm 2026",
            "doc_type": "bao-cao",
            "number": "08-BC/ĐU",
            "place": "Bạc Liêu",
            "issued_on": "2026-10-10",
            "term": "2025-2030",
            "signing_capacity": "T/M BAN CHẤP HÀNH",
            "signer_title": "BÍ THƯ",
            "signer_name": "Nguyễn Văn Khánh",
            "recipients": "Các đồng chí Ủy viên Ban Chấp hành,\nLưu Văn phòng Đảng ủy.",
            "summary": "Tài liệu phục vụ hội nghị Ban Chấp hành, chỉ lưu hành trong Ban Chấp hành.",
        },
        [
            _h("1.", "Kết quả kiểm tra"),
            _p(
                "Ủy ban Kiểm tra đã kiểm tra 02 chi bộ và 03 đảng viên khi có dấu hiệu vi phạm về thực hiện "
                "nhiệm vụ được giao; kết luận chưa đến mức phải xem xét kỷ luật."
            ),
            _h("2.", "Kiến nghị"),
            _p("Đề nghị Ban Chấp hành chỉ đạo các chi bộ tăng cường giám sát thường xuyên."),
        ],
    ),
    (
        "du-thao-nghi-quyet-chuyen-doi-so",
        "members",
        {
            "title": "Dự thảo Nghị quyết về đẩy mạnh chuyển đổi số trong công tác Đảng",
            "doc_type": "nghi-quyet",
            "number": "",
            "place": "Bạc Liêu",
            "issued_on": "2026-11-15",
            "term": "2025-2030",
            "status": "du-thao",
            "signing_capacity": "T/M BAN CHẤP HÀNH",
            "signer_title": "BÍ THƯ",
            "signer_name": "Nguyễn Văn Khánh",
            "summary": "Dự thảo lấy ý kiến góp ý của đảng viên trước khi Ban Chấp hành thông qua.",
        },
        [
            _h("1.", "Sự cần thiết"),
            _p(
                "Việc quản lý văn bản, hồ sơ đảng viên bằng giấy tờ tốn nhiều thời gian; cần ứng dụng công nghệ "
                "để đảng viên tiếp cận văn bản kịp thời."
            ),
            _h("2.", "Mục tiêu"),
            _list(
                [
                    "Đến năm 2027, 100% văn bản của Đảng ủy được đăng trên Cổng thông tin.",
                    "Đến năm 2028, hồ sơ đảng viên được số hóa toàn bộ.",
                ]
            ),
            _h("3.", "Giải pháp"),
            _p("Tập huấn kỹ năng số cho cấp ủy viên; bố trí kinh phí duy trì hệ thống."),
        ],
    ),
    (
        "ke-hoach-02-kh-cb-kinh-te-sinh-hoat-chuyen-de",
        "cell:0",
        {
            "title": "Kế hoạch sinh hoạt chuyên đề của Chi bộ Khoa Kinh tế năm 2026",
            "doc_type": "ke-hoach",
            "number": "02-KH/CB",
            "issuing_body": "Chi bộ Khoa Kinh tế",
            "place": "Bạc Liêu",
            "issued_on": "2026-03-02",
            "term": "2025-2027",
            "signing_capacity": "T/M CHI BỘ",
            "signer_title": "BÍ THƯ",
            "signer_name": "Nguyễn Văn Khánh",
            "summary": "Chủ đề sinh hoạt chuyên đề từng quý của Chi bộ Khoa Kinh tế.",
        },
        [
            _h("1.", "Chủ đề các quý"),
            _list(
                [
                    "Quý I: Đạo đức nhà giáo trong thời kỳ mới.",
                    "Quý II: Đổi mới kiểm tra, đánh giá học sinh.",
                    "Quý III: Phòng, chống lãng phí.",
                    "Quý IV: Tổng kết, đánh giá chất lượng đảng viên.",
                ],
                style="plus",
            ),
        ],
    ),
]


def _heading(text):
    return {"type": "heading", "value": text}


def _quote(text, attribution=""):
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def _figure(title, colours, caption):
    """An illustration drawn by seed_demo and placed in the article body."""
    return {"type": "image", "value": {"title": title, "colours": colours, "caption": caption}}


# Each article: slug, title, category slug, publication time, summary, body, colours of the lead
# illustration, source, tags, audience ("public" or "members") and the documents it is about.
NEWS = [
    {
        "slug": "hoi-nghi-ban-chap-hanh-thang-9",
        "title": "Hội nghị Ban Chấp hành Đảng bộ triển khai nhiệm vụ năm học mới",
        "category": "hoat-dong-dang-bo",
        "published": "2026-09-08 09:00",
        "summary": "Sáng ngày 08/9/2026, Ban Chấp hành Đảng bộ họp phiên thường kỳ, thông qua nghị quyết lãnh đạo nhiệm vụ năm học 2026 - 2027.",
        "body": [
            _p(
                "Hội nghị do đồng chí Bí thư Đảng ủy chủ trì, với sự tham dự của các đồng chí Ủy viên Ban Chấp hành và bí thư các chi bộ trực thuộc."
            ),
            _heading("Ba nhóm giải pháp trọng tâm"),
            _p(
                "Hội nghị thống nhất ba nhóm giải pháp: nâng cao chất lượng dạy học, xây dựng Đảng và chuyển đổi số."
            ),
            _quote(
                "Mỗi đảng viên phải là một tấm gương trong giảng dạy và rèn luyện học sinh.",
                "Đồng chí Bí thư Đảng ủy phát biểu kết luận hội nghị",
            ),
        ],
        "colours": ("#b3261e", "#f2c14e"),
        "source": "Văn phòng Đảng ủy",
        "tags": ["năm học 2026-2027", "Ban Chấp hành"],
        "documents": ["nghi-quyet-05-nq-du-nhiem-vu-nam-hoc-2026-2027"],
    },
    {
        "slug": "le-ket-nap-dang-vien-moi",
        "title": "Chi bộ Khoa Kỹ thuật tổ chức lễ kết nạp đảng viên mới",
        "category": "hoat-dong-dang-bo",
        "published": "2026-10-19 15:00",
        "summary": "Chi bộ Khoa Kỹ thuật trang trọng tổ chức lễ kết nạp hai quần chúng ưu tú vào Đảng.",
        "body": [
            _p(
                "Hai đồng chí được kết nạp là giáo viên trẻ, có nhiều đóng góp trong phong trào thi đua dạy tốt."
            ),
            _figure(
                "Lễ kết nạp đảng viên mới",
                ("#1e5aa8", "#ffffff"),
                "Các đồng chí đảng viên mới tuyên thệ dưới cờ Đảng.",
            ),
            _p("Buổi lễ diễn ra trang nghiêm, đúng quy định của Điều lệ Đảng."),
        ],
        "colours": ("#1e5aa8", "#f2c14e"),
        "source": "Chi bộ Khoa Kỹ thuật",
        "tags": ["năm học 2026-2027", "công tác phát triển đảng viên"],
    },
    {
        "slug": "hoc-tap-va-lam-theo-tam-guong-nha-giao",
        "title": "Tấm gương nhà giáo tận tụy với học sinh vùng khó khăn",
        "category": "hoc-tap-va-lam-theo",
        "published": "2026-11-05 08:00",
        "summary": "Câu chuyện về một đảng viên dành nhiều năm dạy nghề miễn phí cho học sinh có hoàn cảnh khó khăn.",
        "body": [
            _p(
                "Mỗi buổi tối, thầy dành hai giờ hướng dẫn học sinh thực hành sửa chữa điện dân dụng."
            ),
            _p("Nhiều em sau khi tốt nghiệp đã có việc làm ổn định tại địa phương."),
        ],
        "colours": ("#2e7d32", "#fff3c4"),
        "source": "Ban Tuyên giáo",
        "tags": ["năm học 2026-2027", "gương điển hình"],
    },
    {
        "slug": "thong-bao-lich-tiep-dan",
        "title": "Thông báo lịch làm việc của Văn phòng Đảng ủy tháng 12",
        "category": "thong-bao",
        "published": "2026-11-25 07:30",
        "summary": "Văn phòng Đảng ủy làm việc từ thứ Hai đến thứ Sáu; đảng viên cần xác nhận hồ sơ vui lòng liên hệ trong giờ hành chính.",
        "body": [_p("Buổi sáng từ 7 giờ 30 đến 11 giờ; buổi chiều từ 13 giờ 30 đến 17 giờ.")],
        "colours": ("#6d4c41", "#ffe0b2"),
        "source": "Văn phòng Đảng ủy",
        "tags": ["năm học 2026-2027"],
        "documents": ["thong-bao-03-tb-du-lich-sinh-hoat"],
    },
    {
        "slug": "hoi-giang-giao-vien-gioi-cap-truong",
        "title": "Sôi nổi hội giảng giáo viên dạy giỏi cấp trường chào mừng ngày Nhà giáo Việt Nam",
        "category": "hoat-dong-dang-bo",
        "published": "2026-11-16 10:00",
        "summary": "Hai mươi bốn tiết dạy của giáo viên các khoa được dự giờ, góp ý; nhiều đảng viên đạt giải cao.",
        "body": [
            _p(
                "Hội giảng diễn ra trong hai tuần, thu hút giáo viên của cả ba khoa tham gia với các bài dạy ứng dụng công nghệ thông tin."
            ),
            _p(
                "Ban Giám khảo đánh giá cao sự chuẩn bị công phu và tinh thần đổi mới phương pháp dạy học của các thầy cô."
            ),
        ],
        "colours": ("#00695c", "#ffe082"),
        "source": "Công đoàn Trường",
        "tags": ["năm học 2026-2027", "thi đua dạy tốt"],
    },
    {
        "slug": "chi-bo-hanh-chinh-sinh-hoat-chuyen-de-chuyen-doi-so",
        "title": "Chi bộ Phòng ban - Hành chính sinh hoạt chuyên đề về chuyển đổi số",
        "category": "hoc-tap-va-lam-theo",
        "published": "2026-11-20 14:00",
        "summary": "Các đồng chí đảng viên trao đổi kinh nghiệm dùng chữ ký số, lưu trữ văn bản điện tử và bảo mật thông tin.",
        "body": [
            _p(
                "Buổi sinh hoạt chuyên đề được tổ chức theo kế hoạch sinh hoạt chuyên đề năm 2026 của Đảng ủy."
            ),
            _quote(
                "Chuyển đổi số bắt đầu từ những việc nhỏ nhất trong công việc hằng ngày của mỗi đảng viên."
            ),
        ],
        "colours": ("#4527a0", "#b2ebf2"),
        "source": "Chi bộ Phòng ban - Hành chính",
        "tags": ["chuyển đổi số"],
    },
    {
        "slug": "ket-qua-danh-gia-xep-loai-dang-vien-2026",
        "title": "Kết quả đánh giá, xếp loại chất lượng đảng viên năm 2026",
        "category": "thong-bao",
        "published": "2026-11-27 16:00",
        "summary": "Tin nội bộ: tổng hợp kết quả tự đánh giá của đảng viên và lịch họp chi bộ xét, xếp loại cuối năm.",
        "body": [
            _p("Văn phòng Đảng ủy đã tổng hợp phiếu tự đánh giá của đảng viên các chi bộ."),
            _p(
                "Các chi bộ họp xét, xếp loại trước ngày 15/12/2026 và gửi biên bản về Văn phòng Đảng ủy."
            ),
        ],
        "colours": ("#37474f", "#ffcc80"),
        "source": "Văn phòng Đảng ủy",
        "tags": ["năm học 2026-2027"],
        "audience": "members",
        "documents": ["ke-hoach-12-kh-du-hoc-tap-quan-triet"],
    },
]
