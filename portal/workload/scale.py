"""Phrase lists for `generate_scale`: Vietnamese names, agencies and the language of Party
documents, news and comments, combined at random into text that reads like the real thing.

Each list is what the generator draws from; `sentence`, `paragraph` and the `*_title` helpers
combine them with a `random.Random`, so a seed gives the same data every time.
"""

SURNAMES = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Huỳnh", 5),
    ("Hoàng", 3),
    ("Phan", 4),
    ("Võ", 4),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 1),
    ("Ngô", 1),
    ("Dương", 1),
    ("Lý", 1),
    ("Trương", 1),
    ("Lâm", 1),
    ("Đinh", 1),
    ("Châu", 1),
    ("Quách", 1),
    ("Tạ", 1),
]
MIDDLE_MEN = [
    "Văn",
    "Hữu",
    "Đức",
    "Minh",
    "Quốc",
    "Thanh",
    "Công",
    "Hoàng",
    "Ngọc",
    "Xuân",
    "Trọng",
]
MIDDLE_WOMEN = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Mỹ", "Kim", "Hồng", "Bích", "Diễm"]
GIVEN_MEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Minh",
    "Nam",
    "Phong",
    "Phúc",
    "Quang",
    "Sơn",
    "Tài",
    "Thắng",
    "Thành",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
    "Đạt",
    "Hiếu",
    "Lộc",
    "Nghĩa",
    "Tâm",
    "Toàn",
    "Khoa",
    "Huy",
    "Trí",
    "Tú",
    "Kiên",
    "Lợi",
    "Nhân",
    "Đông",
    "Hào",
]
GIVEN_WOMEN = [
    "Anh",
    "Châu",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Thảo",
    "Thủy",
    "Trang",
    "Tuyết",
    "Uyên",
    "Vân",
    "Yến",
    "Xuân",
    "Diệp",
    "Hiền",
    "Hồng",
    "Liên",
    "Ly",
    "Nga",
    "Nguyệt",
    "Tâm",
    "Thư",
    "Trinh",
]

AGENCIES = [
    "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Thanh tra tỉnh",
    "Văn phòng UBND tỉnh",
    "Văn phòng Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Kho bạc Nhà nước khu vực",
    "Thuế tỉnh",
    "Bảo hiểm xã hội tỉnh",
    "Báo và Phát thanh, Truyền hình tỉnh",
    "Trường Chính trị Châu Văn Đặng",
    "Bệnh viện Đa khoa tỉnh",
    "Trường Cao đẳng Kinh tế - Kỹ thuật",
    "Liên đoàn Lao động tỉnh",
    "Tỉnh đoàn",
]
UNITS = [
    "Văn phòng",
    "Phòng Tổ chức cán bộ",
    "Phòng Kế hoạch - Tài chính",
    "Phòng Nghiệp vụ 1",
    "Phòng Nghiệp vụ 2",
    "Phòng Thanh tra - Pháp chế",
    "Phòng Tổng hợp",
    "Trung tâm Dịch vụ công",
    "Phòng Quản lý chuyên ngành",
    "Trung tâm Công nghệ thông tin",
]
PROVINCE = "Bạc Liêu"
BLOC = "Đảng ủy Khối các cơ quan tỉnh"

# (doc_type, weight, how titles start)
DOCUMENT_TYPES = [
    ("nghi-quyet", 20, ["Về", "Về việc", "Về tăng cường", "Về nâng cao chất lượng"]),
    ("ke-hoach", 18, ["Thực hiện", "Triển khai", "Tổ chức", "Kiểm tra, giám sát"]),
    ("bao-cao", 15, ["Kết quả", "Sơ kết", "Tổng kết", "Tình hình"]),
    ("thong-bao", 12, ["Kết luận của Ban Thường vụ về", "Ý kiến chỉ đạo về", "Về việc"]),
    ("huong-dan", 8, ["Thực hiện", "Một số nội dung về", "Tổ chức"]),
    ("quyet-dinh", 8, ["Ban hành quy định về", "Thành lập Tổ công tác về", "Về việc"]),
    ("chuong-trinh", 5, ["Hành động thực hiện", "Công tác", "Kiểm tra, giám sát"]),
    ("chi-thi", 3, ["Về tăng cường", "Về đẩy mạnh"]),
    ("ket-luan", 3, ["Về tiếp tục thực hiện", "Về"]),
    ("quy-che", 3, ["Làm việc của", "Phối hợp trong"]),
    ("to-trinh", 2, ["Về việc", "Đề nghị"]),
    ("giai-phap", 2, ["Các giải pháp", "Giải pháp nâng cao"]),
    ("cong-van", 1, ["Về việc"]),
]
TOPICS = [
    "năng lực lãnh đạo và sức chiến đấu của tổ chức cơ sở đảng",
    "công tác phát triển đảng viên",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "chuyển đổi số trong các cơ quan Đảng",
    "công tác kiểm tra, giám sát và thi hành kỷ luật đảng",
    "phòng, chống tham nhũng, lãng phí, tiêu cực",
    "công tác cán bộ và quy hoạch cán bộ",
    "xây dựng chi bộ trong sạch, vững mạnh",
    "chất lượng sinh hoạt chi bộ",
    "công tác chính trị, tư tưởng trong cán bộ, đảng viên",
    "bảo vệ nền tảng tư tưởng của Đảng",
    "công tác dân vận của các cơ quan",
    "thực hành tiết kiệm, chống lãng phí",
    "cải cách hành chính và nâng cao chỉ số hài lòng",
    "đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên",
    "thực hiện quy chế dân chủ ở cơ sở",
    "công tác thi đua, khen thưởng",
    "lãnh đạo thực hiện nhiệm vụ chính trị của cơ quan, đơn vị",
    "đại hội chi bộ nhiệm kỳ 2025 - 2027",
    "công tác bảo vệ chính trị nội bộ",
    "sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả",
    "xây dựng tổ chức công đoàn và đoàn thanh niên vững mạnh",
    "tuyên truyền các ngày lễ lớn của đất nước",
    "tổng kết công tác xây dựng Đảng",
    "nghiên cứu, học tập, quán triệt các nghị quyết của Trung ương",
    "thu, nộp, quản lý và sử dụng đảng phí",
    "công tác văn thư, lưu trữ của Đảng",
    "ứng dụng công nghệ thông tin trong quản lý đảng viên",
    "trách nhiệm nêu gương của cán bộ, đảng viên",
    "công tác phòng, chống thiên tai và ứng phó biến đổi khí hậu",
]
SECTION_HEADINGS = [
    ("I.", "TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN"),
    ("II.", "MỤC ĐÍCH, YÊU CẦU"),
    ("III.", "MỤC TIÊU"),
    ("IV.", "NHIỆM VỤ VÀ GIẢI PHÁP"),
    ("V.", "TỔ CHỨC THỰC HIỆN"),
]
SUBSECTION_HEADINGS = [
    "Ưu điểm",
    "Hạn chế, khuyết điểm",
    "Nguyên nhân",
    "Bài học kinh nghiệm",
    "Mục tiêu chung",
    "Chỉ tiêu cụ thể",
    "Đổi mới nội dung, phương thức lãnh đạo",
    "Nâng cao chất lượng đội ngũ cán bộ, đảng viên",
    "Tăng cường kiểm tra, giám sát",
    "Phân công nhiệm vụ",
    "Chế độ thông tin, báo cáo",
]
SUBJECTS = [
    "Các cấp ủy, chi bộ trực thuộc",
    "Ban Thường vụ Đảng ủy",
    "Cán bộ, đảng viên trong toàn Đảng bộ",
    "Thủ trưởng các cơ quan, đơn vị",
    "Ủy ban Kiểm tra Đảng ủy",
    "Văn phòng Đảng ủy",
    "Bí thư các chi bộ",
    "Người đứng đầu cấp ủy",
    "Các đoàn thể chính trị - xã hội",
]
VERBS = [
    "tiếp tục quán triệt sâu sắc",
    "tập trung lãnh đạo, chỉ đạo thực hiện tốt",
    "nghiêm túc triển khai",
    "tăng cường kiểm tra, giám sát việc thực hiện",
    "đổi mới, nâng cao chất lượng",
    "chủ động xây dựng kế hoạch về",
    "đẩy mạnh tuyên truyền, phổ biến",
    "kịp thời sơ kết, rút kinh nghiệm",
    "phát huy vai trò tiên phong, gương mẫu trong",
    "cụ thể hóa thành chương trình hành động về",
]
TAILS = [
    "gắn với nhiệm vụ chính trị của cơ quan, đơn vị.",
    "bảo đảm thực chất, hiệu quả, tránh hình thức.",
    "theo đúng quy định của Điều lệ Đảng.",
    "góp phần hoàn thành thắng lợi nghị quyết đại hội Đảng bộ các cấp.",
    "phù hợp với tình hình thực tế của từng chi bộ.",
    "và báo cáo kết quả về Văn phòng Đảng ủy trước ngày 15 hằng tháng.",
    "trong năm và những năm tiếp theo.",
    "nhằm tạo sự thống nhất cao trong nhận thức và hành động.",
]
FINDINGS = [
    "Nhìn chung, các chi bộ đã bám sát sự lãnh đạo của cấp trên, sinh hoạt có chuyển biến.",
    "Tuy nhiên, việc triển khai ở một số nơi còn chậm, chất lượng chưa đồng đều.",
    "Tỷ lệ chi bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên đạt trên 90%.",
    "Công tác tự kiểm tra của một số chi bộ còn hạn chế, chưa phát hiện kịp thời sai sót.",
    "Đội ngũ cán bộ, đảng viên cơ bản giữ vững bản lĩnh chính trị, phẩm chất đạo đức.",
    "Việc ứng dụng công nghệ thông tin bước đầu mang lại hiệu quả, giảm thời gian xử lý văn bản.",
]
LIST_ITEMS = [
    "Xây dựng kế hoạch cụ thể, phân công rõ người, rõ việc, rõ thời gian hoàn thành.",
    "Định kỳ hằng quý kiểm tra, đánh giá tiến độ và báo cáo cấp ủy cấp trên.",
    "Đưa nội dung này vào sinh hoạt chi bộ thường kỳ.",
    "Biểu dương, khen thưởng kịp thời tập thể, cá nhân có thành tích tiêu biểu.",
    "Xử lý nghiêm các trường hợp vi phạm theo quy định.",
    "Phối hợp chặt chẽ với chính quyền và các đoàn thể trong quá trình thực hiện.",
    "Bố trí kinh phí bảo đảm cho việc triển khai thực hiện.",
    "Tổ chức quán triệt đến 100% cán bộ, đảng viên.",
]
SIGNERS = [
    ("T/M BAN THƯỜNG VỤ", "BÍ THƯ"),
    ("T/M BAN CHẤP HÀNH", "BÍ THƯ"),
    ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"),
    ("K/T BÍ THƯ", "PHÓ BÍ THƯ"),
    ("T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG"),
]
RECIPIENTS = [
    "- Ban Thường vụ Tỉnh ủy (b/c),",
    "- Các đồng chí Ủy viên Ban Chấp hành,",
    "- Các chi bộ trực thuộc,",
    "- Lưu Văn phòng Đảng ủy.",
]

NEWS_CATEGORIES = [
    ("Hoạt động Đảng bộ", "hoat-dong-dang-bo"),
    ("Xây dựng Đảng", "xay-dung-dang"),
    ("Học tập và làm theo Bác", "hoc-tap-va-lam-theo-bac"),
    ("Công đoàn - Đoàn thanh niên", "cong-doan-doan-thanh-nien"),
    ("Gương sáng đảng viên", "guong-sang-dang-vien"),
    ("Thông báo", "thong-bao"),
]
NEWS_OPENINGS = [
    "Đảng bộ {agency} tổ chức hội nghị {topic}",
    "Chi bộ {unit} sinh hoạt chuyên đề {topic}",
    "{agency} sơ kết công tác {topic}",
    "Trao Huy hiệu Đảng cho đảng viên của {agency}",
    "Kết nạp đảng viên mới tại {agency}",
    "Ra quân hưởng ứng {topic} tại {agency}",
]
NEWS_SENTENCES = [
    "Dự hội nghị có đại diện lãnh đạo Đảng ủy Khối và đông đủ cán bộ, đảng viên.",
    "Phát biểu chỉ đạo, đồng chí Bí thư đề nghị các chi bộ tiếp tục phát huy kết quả đạt được.",
    "Hội nghị đã thảo luận, thống nhất các giải pháp trọng tâm cho thời gian tới.",
    "Nhân dịp này, nhiều tập thể và cá nhân được khen thưởng vì thành tích xuất sắc.",
    "Buổi sinh hoạt diễn ra sôi nổi, nhiều ý kiến tâm huyết được nêu ra.",
    "Các đại biểu đánh giá cao sự chuẩn bị chu đáo của ban tổ chức.",
    "Qua đó góp phần nâng cao nhận thức và trách nhiệm của mỗi cán bộ, đảng viên.",
]
COMMENTS = [
    "Tôi thống nhất với nội dung dự thảo.",
    "Đề nghị bổ sung chỉ tiêu cụ thể cho từng chi bộ.",
    "Ở phần giải pháp nên làm rõ trách nhiệm của người đứng đầu.",
    "Thời gian báo cáo hằng tháng hơi gấp, đề nghị lùi lại đến ngày 20.",
    "Chi bộ chúng tôi đã quán triệt văn bản này trong kỳ sinh hoạt tháng này.",
    "Cần có hướng dẫn cụ thể hơn về cách đánh giá, xếp loại.",
    "Đề nghị Văn phòng gửi kèm biểu mẫu để các chi bộ thực hiện thống nhất.",
    "Nội dung phù hợp với tình hình thực tế của đơn vị.",
    "Nên bổ sung kinh phí cho hoạt động chuyển đổi số.",
    "Tôi đề nghị tổ chức tập huấn cho bí thư chi bộ trước khi triển khai.",
]
USER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/128.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 Chrome/127.0 Mobile",
]


def weighted(rng, pairs):
    """One item of [(item, weight), ...]."""
    return rng.choices([item for item, _ in pairs], weights=[weight for _, weight in pairs])[0]


def full_name(rng):
    """(full name, is a man)."""
    man = rng.random() < 0.55
    middle = rng.choice(MIDDLE_MEN if man else MIDDLE_WOMEN)
    given = rng.choice(GIVEN_MEN if man else GIVEN_WOMEN)
    return f"{weighted(rng, SURNAMES)} {middle} {given}", man


def sentence(rng):
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(TOPICS)} {rng.choice(TAILS)}"


def paragraph(rng, sentences=(3, 6)):
    parts = [sentence(rng) for _ in range(rng.randint(*sentences))]
    if rng.random() < 0.5:
        parts.insert(rng.randrange(len(parts)), rng.choice(FINDINGS))
    return " ".join(parts)


def news_text(rng, count):
    return " ".join(rng.choice(NEWS_SENTENCES) for _ in range(count))


def comment_text(rng):
    return " ".join(rng.sample(COMMENTS, rng.randint(1, 3)))
