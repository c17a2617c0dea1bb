"""The demo data set: a fictional city pavilion at CES 2024, shaped like the source report.

All companies, people and organisations are invented. The shape follows the
source document: a stand-alone city pavilion of about 25 local startups, 10
of them CES Innovation Award honorees, in bio, quantum, space, defence,
semiconductors and AI; buyers and investors from a dozen countries.
"""

SECTORS = [
    # slug, English, Korean
    ("bio", "Biotech", "바이오"),
    ("digital-health", "Digital health", "디지털 헬스"),
    ("quantum", "Quantum technology", "양자 기술"),
    ("space", "Satellites and space", "위성·우주"),
    ("defence", "Defence", "국방"),
    ("semiconductors", "Semiconductors", "반도체"),
    ("ai", "Artificial intelligence", "인공지능"),
    ("robotics", "Robotics", "로보틱스"),
    ("mobility", "Mobility", "모빌리티"),
    ("smart-city", "Smart city", "스마트시티"),
    ("energy", "Energy", "에너지"),
]

# name_en, name_ko, district, sectors, listing, founded, award (kind, category, product) or None
COMPANIES = [
    (
        "Hanbit Biolabs",
        "한빛바이오랩",
        "유성구",
        ["bio", "digital-health"],
        "unlisted",
        2017,
        ("honoree", "Digital Health", "CellScope point-of-care blood analyser"),
    ),
    (
        "Qubitree",
        "큐비트리",
        "유성구",
        ["quantum", "semiconductors"],
        "unlisted",
        2020,
        ("best", "Cybersecurity & Personal Privacy", "QKey quantum-safe key module"),
    ),
    (
        "Orbis Sat",
        "오르비스샛",
        "유성구",
        ["space"],
        "unlisted",
        2016,
        ("honoree", "Vehicle Tech & Advanced Mobility", "NanoSAR 16U imaging satellite"),
    ),
    (
        "Daedeok Semicon",
        "대덕세미콘",
        "대덕구",
        ["semiconductors", "ai"],
        "kosdaq",
        2009,
        ("honoree", "Embedded Technologies", "EdgeNPU 4-TOPS AI accelerator"),
    ),
    (
        "Geumgang Robotics",
        "금강로보틱스",
        "유성구",
        ["robotics", "ai"],
        "unlisted",
        2018,
        ("honoree", "Robotics", "Walkmate rehabilitation exoskeleton"),
    ),
    (
        "Mediwave",
        "메디웨이브",
        "서구",
        ["digital-health", "ai"],
        "unlisted",
        2019,
        ("honoree", "Digital Health", "SleepLens contactless sleep monitor"),
    ),
    (
        "Gapcheon Energy",
        "갑천에너지",
        "유성구",
        ["energy", "smart-city"],
        "konex",
        2014,
        ("honoree", "Sustainability & Energy/Power", "SolidCell home battery"),
    ),
    (
        "Bomun Mobility",
        "보문모빌리티",
        "동구",
        ["mobility", "ai"],
        "unlisted",
        2021,
        ("honoree", "Vehicle Tech & Advanced Mobility", "LiDAR-free parking robot"),
    ),
    (
        "Yuseong Vision",
        "유성비전",
        "유성구",
        ["ai", "smart-city"],
        "unlisted",
        2019,
        ("honoree", "Artificial Intelligence", "CrowdSense privacy-safe people counter"),
    ),
    (
        "Shield Dynamics",
        "실드다이나믹스",
        "유성구",
        ["defence", "robotics"],
        "unlisted",
        2015,
        ("best", "Drones & Unmanned Systems", "Hawkeye counter-drone radar"),
    ),
    ("Genomix Korea", "지노믹스코리아", "유성구", ["bio"], "unlisted", 2018, None),
    (
        "Photon Bridge",
        "포톤브릿지",
        "유성구",
        ["quantum", "semiconductors"],
        "unlisted",
        2022,
        None,
    ),
    (
        "Starlink Labs Daejeon",
        "스타링크랩스대전",
        "유성구",
        ["space", "ai"],
        "unlisted",
        2020,
        None,
    ),
    ("Hwarang Defence Systems", "화랑방산시스템", "대덕구", ["defence"], "unlisted", 2012, None),
    ("NeuroSpin", "뉴로스핀", "서구", ["bio", "digital-health"], "unlisted", 2021, None),
    ("Cleanwater Tech", "클린워터테크", "대덕구", ["smart-city", "energy"], "unlisted", 2013, None),
    ("Pixel Silicon", "픽셀실리콘", "유성구", ["semiconductors"], "unlisted", 2017, None),
    ("Haneul Drone", "하늘드론", "유성구", ["robotics", "defence"], "unlisted", 2019, None),
    ("Cheongnyeon AI", "청년에이아이", "중구", ["ai"], "unlisted", 2022, None),
    ("Soop Agritech", "숲애그리테크", "유성구", ["bio", "smart-city"], "unlisted", 2020, None),
    ("Vitacode", "비타코드", "서구", ["digital-health"], "unlisted", 2018, None),
    ("Dunsan Battery", "둔산배터리", "서구", ["energy", "mobility"], "unlisted", 2016, None),
    (
        "Kaist Valley Materials",
        "카이스트밸리소재",
        "유성구",
        ["semiconductors", "energy"],
        "unlisted",
        2019,
        None,
    ),
    ("Eunha Space", "은하스페이스", "유성구", ["space"], "unlisted", 2021, None),
    (
        "Mirae Biosensor",
        "미래바이오센서",
        "대덕구",
        ["bio", "digital-health"],
        "unlisted",
        2017,
        None,
    ),
]

DESCRIPTIONS = {
    "bio": (
        "develops diagnostics and therapeutics from Daedeok Innopolis research.",
        "대덕연구단지의 연구 성과로 진단·치료 기술을 개발합니다.",
    ),
    "digital-health": (
        "builds connected medical devices for clinics and homes.",
        "병원과 가정을 위한 연결형 의료기기를 만듭니다.",
    ),
    "quantum": (
        "makes quantum-safe security and photonic components.",
        "양자 내성 보안과 광자 부품을 만듭니다.",
    ),
    "space": (
        "designs small satellites and ground software.",
        "초소형 위성과 지상국 소프트웨어를 설계합니다.",
    ),
    "defence": ("supplies sensing and counter-drone systems.", "감시·대드론 시스템을 공급합니다."),
    "semiconductors": (
        "designs chips and materials for edge computing.",
        "엣지 컴퓨팅용 반도체와 소재를 설계합니다.",
    ),
    "ai": (
        "applies computer vision and machine learning to industry.",
        "컴퓨터 비전과 머신러닝을 산업에 적용합니다.",
    ),
    "robotics": ("builds service and rehabilitation robots.", "서비스·재활 로봇을 만듭니다."),
    "mobility": (
        "automates parking and last-mile logistics.",
        "주차와 라스트마일 물류를 자동화합니다.",
    ),
    "smart-city": (
        "helps cities run water, energy and crowds better.",
        "도시의 물·에너지·인파 관리를 돕습니다.",
    ),
    "energy": (
        "builds safer batteries and energy storage.",
        "더 안전한 배터리와 에너지 저장장치를 만듭니다.",
    ),
}

# Partners are generated from these parts: (country, city, currency, name stems).
PARTNER_COUNTRIES = [
    ("US", 34, ["Pacific", "Lakeshore", "Redwood", "Summit", "Harbor", "Prairie", "Granite"]),
    ("JP", 16, ["Sakura", "Kanto", "Hikari", "Nishi", "Asahi"]),
    ("DE", 14, ["Rhein", "Nordstern", "Alpen", "Hansa"]),
    ("FR", 12, ["Lumière", "Seine", "Provence", "Atlantique"]),
    ("CN", 10, ["Pearl River", "Jade", "Changjiang"]),
    ("SG", 10, ["Merlion", "Straits", "Orchard"]),
    ("VN", 8, ["Mekong", "Lotus", "Saigon"]),
    ("AE", 8, ["Falcon", "Oasis", "Gulf"]),
    ("GB", 10, ["Thames", "Pennine", "Albion"]),
    ("KR", 14, ["Hanbat", "Gyeryong", "Baekje", "Daedeok"]),
    ("CA", 8, ["Maple", "Laurentian"]),
    ("IN", 6, ["Deccan", "Ganges"]),
]

PARTNER_KINDS = [
    # kind, suffixes, weight, interests template
    (
        "buyer",
        ["Trading", "Imports", "Supply"],
        30,
        "Looking for {sector} products to import and resell in {country}.",
    ),
    (
        "distributor",
        ["Distribution", "Channel Partners", "Medical Supply"],
        25,
        "Looking for exclusive distribution rights for {sector} in {country}.",
    ),
    (
        "vc",
        ["Ventures", "Capital", "Partners"],
        20,
        "Seed to Series B investments in {sector}; tickets of 0.5–5 million USD.",
    ),
    (
        "cvc",
        ["Corporate Ventures", "Innovation Fund"],
        10,
        "Strategic investments and pilots in {sector} for our business units.",
    ),
    (
        "corporate",
        ["Holdings", "Industries", "Electronics"],
        10,
        "Technology partnerships and licensing in {sector}.",
    ),
    (
        "public",
        ["Innovation Agency", "Trade Office"],
        5,
        "Supporting {sector} cooperation between {country} and Korean regions.",
    ),
]

FIRST_NAMES = {
    "US": ["Emily", "James", "Olivia", "Michael", "Sophia", "Daniel"],
    "JP": ["Haruto", "Yui", "Sota", "Aoi", "Ren"],
    "DE": ["Lukas", "Anna", "Felix", "Mia"],
    "FR": ["Camille", "Louis", "Chloé", "Hugo"],
    "CN": ["Wei", "Fang", "Jun", "Li"],
    "SG": ["Jia Hui", "Marcus", "Priya"],
    "VN": ["Minh", "Lan", "Tuan"],
    "AE": ["Omar", "Layla", "Khalid"],
    "GB": ["Oliver", "Amelia", "Harry"],
    "KR": ["민준", "서연", "지호", "하은"],
    "CA": ["Liam", "Chloe", "Noah"],
    "IN": ["Aarav", "Ananya", "Rohan"],
}
LAST_NAMES = {
    "US": ["Carter", "Nguyen", "Brooks", "Rivera", "Morgan"],
    "JP": ["Tanaka", "Suzuki", "Sato", "Ito"],
    "DE": ["Müller", "Schmidt", "Becker"],
    "FR": ["Martin", "Bernard", "Dubois"],
    "CN": ["Wang", "Chen", "Zhang"],
    "SG": ["Tan", "Lim", "Ng"],
    "VN": ["Tran", "Le", "Pham"],
    "AE": ["Al Mansouri", "Al Nuaimi"],
    "GB": ["Smith", "Taylor", "Evans"],
    "KR": ["김", "이", "박", "최"],
    "CA": ["Tremblay", "Roy", "Martin"],
    "IN": ["Sharma", "Patel", "Iyer"],
}
TITLES = [
    "Head of Sourcing",
    "Investment Manager",
    "Partner",
    "Business Development Director",
    "Category Manager",
    "Principal",
    "Head of Open Innovation",
]
