"""The demo data set: a fictional city pavilion at CES 2024, shaped like the source report.

All companies, people and organisations are invented; websites and emails use
the reserved ``.example`` domain. The shape follows the source document: a
stand-alone city pavilion of 25 Daejeon startups, 10 of them CES Innovation
Award winners, in bio, quantum, space, defence, semiconductors and AI. Buyers
and investors are in ``people.py``.
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

# The tax office that issues a company's business registration number
# (its first three digits), by the company's district of Daejeon.
TAX_OFFICES = {"유성구": "314", "대덕구": "314", "서구": "306", "중구": "305", "동구": "305"}

# One row per company, in booth order: the award winners first (the pavilion
# puts them at the front). ``award`` is (kind, CES category, product) or None;
# kind is "honoree" or "best" (Best of Innovation).
COMPANIES = [
    {
        "name_en": "Hanbit Biolabs",
        "name_ko": "한빛바이오랩",
        "district": "유성구",
        "sectors": ["bio", "digital-health"],
        "listing": "unlisted",
        "founded": 2017,
        "ceo": "김도윤",
        "about_en": "A palm-sized analyser that reads 12 blood markers from one drop in ten "
        "minutes. Spun out of a Daedeok research institute; clinical trials in Korea and the US.",
        "about_ko": "손바닥 크기의 분석기로 혈액 한 방울에서 10분 만에 12개 지표를 측정합니다. "
        "대덕 연구기관에서 창업했으며 한국과 미국에서 임상을 진행 중입니다.",
        "award": ("honoree", "Digital Health", "DropLab One point-of-care blood analyser"),
    },
    {
        "name_en": "Qubitree",
        "name_ko": "큐비트리",
        "district": "유성구",
        "sectors": ["quantum", "semiconductors"],
        "listing": "unlisted",
        "founded": 2020,
        "ceo": "이서준",
        "about_en": "Quantum-safe security hardware: a quantum key distribution module and "
        "post-quantum cryptography chips for telecom networks, banks and defence.",
        "about_ko": "통신망·금융·국방을 위한 양자키분배(QKD) 모듈과 양자내성암호 칩을 개발합니다.",
        "award": ("best", "Cybersecurity & Personal Privacy", "QKey quantum-safe key module"),
    },
    {
        "name_en": "Saetbyeol Satellite",
        "name_ko": "샛별위성",
        "district": "유성구",
        "sectors": ["space"],
        "listing": "unlisted",
        "founded": 2016,
        "ceo": "박하린",
        "about_en": "Builds 16U radar imaging satellites that see through clouds and at night, "
        "and sells the imagery as a service to governments and insurers.",
        "about_ko": "구름과 야간에도 촬영할 수 있는 16U급 초소형 SAR 위성을 만들고, "
        "위성영상을 정부와 보험사에 서비스로 제공합니다.",
        "award": ("honoree", "Imaging", "NanoSAR-16 imaging satellite"),
    },
    {
        "name_en": "Daedeok Semicon",
        "name_ko": "대덕세미콘",
        "district": "대덕구",
        "sectors": ["semiconductors", "ai"],
        "listing": "kosdaq",
        "founded": 2009,
        "ceo": "정지우",
        "about_en": "Fabless designer of low-power AI accelerators for cameras, robots and home "
        "appliances; listed on KOSDAQ since 2021.",
        "about_ko": "카메라·로봇·가전용 저전력 AI 가속기 칩을 설계하는 팹리스 기업으로, "
        "2021년 코스닥에 상장했습니다.",
        "award": ("honoree", "Embedded Technologies", "EdgeNPU 4-TOPS AI accelerator"),
    },
    {
        "name_en": "Geumgang Robotics",
        "name_ko": "금강로보틱스",
        "district": "유성구",
        "sectors": ["robotics", "ai"],
        "listing": "unlisted",
        "founded": 2018,
        "ceo": "최서연",
        "about_en": "A lightweight lower-limb exoskeleton for stroke rehabilitation, in use in "
        "40 Korean hospitals.",
        "about_ko": "뇌졸중 재활에 쓰이는 경량 하지 외골격 로봇을 만들며, 국내 40개 병원에 "
        "공급하고 있습니다.",
        "award": ("honoree", "Robotics", "Walkmate rehabilitation exoskeleton"),
    },
    {
        "name_en": "Sumteo Health",
        "name_ko": "숨터헬스",
        "district": "서구",
        "sectors": ["digital-health", "ai"],
        "listing": "unlisted",
        "founded": 2019,
        "ceo": "강민준",
        "about_en": "Contactless sleep monitoring: a bedside radar sensor and app that detect "
        "sleep apnoea without anything to wear.",
        "about_ko": "침대 옆 레이더 센서와 앱으로 착용 기기 없이 수면무호흡을 감지하는 "
        "비접촉 수면 모니터를 개발합니다.",
        "award": ("honoree", "Digital Health", "Sumteo Night contactless sleep monitor"),
    },
    {
        "name_en": "Gapcheon Energy",
        "name_ko": "갑천에너지",
        "district": "유성구",
        "sectors": ["energy", "smart-city"],
        "listing": "konex",
        "founded": 2014,
        "ceo": "윤하은",
        "about_en": "Solid-state batteries for homes and buildings that do not catch fire. "
        "Listed on KONEX; supplies apartment complexes across Chungcheong.",
        "about_ko": "화재 위험이 없는 가정·건물용 전고체 배터리를 만듭니다. 코넥스 상장사로 "
        "충청권 아파트 단지에 공급하고 있습니다.",
        "award": ("honoree", "Sustainability & Energy/Power", "SolidCell home battery"),
    },
    {
        "name_en": "Bomun Mobility",
        "name_ko": "보문모빌리티",
        "district": "동구",
        "sectors": ["mobility", "ai"],
        "listing": "unlisted",
        "founded": 2021,
        "ceo": "임지호",
        "about_en": "Valet-parking robots that lift and park cars in tight garages, guided by "
        "ceiling cameras instead of LiDAR.",
        "about_ko": "라이다 대신 천장 카메라로 움직이며 좁은 주차장에서 차량을 들어 옮기는 "
        "자율 발레파킹 로봇을 개발합니다.",
        "award": ("honoree", "Vehicle Tech & Advanced Mobility", "ParkMule valet-parking robot"),
    },
    {
        "name_en": "Yuseong Vision",
        "name_ko": "유성비전",
        "district": "유성구",
        "sectors": ["ai", "smart-city"],
        "listing": "unlisted",
        "founded": 2019,
        "ceo": "한예린",
        "about_en": "Edge cameras that count and route crowds without storing faces, used at "
        "stations and festivals for crowd safety.",
        "about_ko": "얼굴을 저장하지 않고 인파를 세고 분석하는 엣지 카메라로 역사와 축제 "
        "현장의 안전 관리를 돕습니다.",
        "award": ("honoree", "Smart Cities", "CrowdSense privacy-safe people counter"),
    },
    {
        "name_en": "Bangpae Dynamics",
        "name_ko": "방패다이나믹스",
        "district": "유성구",
        "sectors": ["defence", "robotics"],
        "listing": "unlisted",
        "founded": 2015,
        "ceo": "송재현",
        "about_en": "A compact radar and RF jammer that detect and stop small drones around "
        "airports, power plants and bases.",
        "about_ko": "공항·발전소·군 기지 주변의 소형 드론을 탐지하고 무력화하는 소형 레이더와 "
        "전파 교란 장비를 만듭니다.",
        "award": ("best", "Drones & Unmanned Systems", "Bangpae-R counter-drone radar"),
    },
    {
        "name_en": "Haemil Genomics",
        "name_ko": "해밀지노믹스",
        "district": "유성구",
        "sectors": ["bio"],
        "listing": "unlisted",
        "founded": 2018,
        "ceo": "오수빈",
        "about_en": "Liquid-biopsy tests that screen for early lung and colon cancer from a "
        "blood sample.",
        "about_ko": "혈액 검체로 초기 폐암과 대장암을 선별하는 액체생검 검사를 개발합니다.",
        "award": None,
    },
    {
        "name_en": "Bitgil Photonics",
        "name_ko": "빛길포토닉스",
        "district": "유성구",
        "sectors": ["quantum", "semiconductors"],
        "listing": "unlisted",
        "founded": 2022,
        "ceo": "배준영",
        "about_en": "Silicon-photonics chips for quantum communication and data-centre links; "
        "co-developing single-photon sources with a French quantum company.",
        "about_ko": "양자통신과 데이터센터용 실리콘 포토닉스 칩을 만들며, 프랑스 양자 기업과 "
        "단일광자 광원을 공동 개발하고 있습니다.",
        "award": None,
    },
    {
        "name_en": "Byeolbit Geospatial",
        "name_ko": "별빛지오스페이셜",
        "district": "유성구",
        "sectors": ["space", "ai"],
        "listing": "unlisted",
        "founded": 2020,
        "ceo": "조민지",
        "about_en": "AI that maps crops, floods and construction from optical and radar "
        "satellite images.",
        "about_ko": "광학·레이더 위성영상에서 작황, 홍수, 건설 현황을 분석하는 AI를 개발합니다.",
        "award": None,
    },
    {
        "name_en": "Hwarang Defence Systems",
        "name_ko": "화랑방산시스템",
        "district": "대덕구",
        "sectors": ["defence"],
        "listing": "unlisted",
        "founded": 2012,
        "ceo": "신동훈",
        "about_en": "Rugged thermal-imaging sights and surveillance cameras for border and "
        "coastal defence.",
        "about_ko": "국경·해안 경계용 열영상 조준경과 감시 카메라를 생산합니다.",
        "award": None,
    },
    {
        "name_en": "Sumbit Neuro",
        "name_ko": "숨빛뉴로",
        "district": "서구",
        "sectors": ["bio", "digital-health"],
        "listing": "unlisted",
        "founded": 2021,
        "ceo": "권나연",
        "about_en": "A digital therapeutic for mild cognitive impairment: tablet exercises with "
        "EEG feedback, now in a confirmatory trial.",
        "about_ko": "뇌파 피드백을 활용한 경도인지장애 디지털 치료기기를 개발하며, 확증 임상을 "
        "진행하고 있습니다.",
        "award": None,
    },
    {
        "name_en": "Daecheong Water Systems",
        "name_ko": "대청워터시스템",
        "district": "대덕구",
        "sectors": ["smart-city", "energy"],
        "listing": "unlisted",
        "founded": 2013,
        "ceo": "황성민",
        "about_en": "Acoustic sensors and software that find leaks in city water networks; "
        "used by three Korean cities.",
        "about_ko": "음향 센서와 분석 소프트웨어로 상수도 누수를 찾아내며, 국내 3개 지자체가 "
        "사용하고 있습니다.",
        "award": None,
    },
    {
        "name_en": "Bitnara Silicon",
        "name_ko": "빛나라실리콘",
        "district": "유성구",
        "sectors": ["semiconductors"],
        "listing": "unlisted",
        "founded": 2017,
        "ceo": "전유진",
        "about_en": "Short-wave infrared CMOS image sensors that let ordinary cameras see "
        "through haze and sort materials.",
        "about_ko": "단파적외선(SWIR) CMOS 이미지센서로 안개 속 촬영과 소재 선별을 가능하게 "
        "합니다.",
        "award": None,
    },
    {
        "name_en": "Haneul Drone",
        "name_ko": "하늘드론",
        "district": "유성구",
        "sectors": ["robotics", "defence"],
        "listing": "unlisted",
        "founded": 2019,
        "ceo": "류태양",
        "about_en": "Hydrogen fuel-cell drones that fly for two hours, for infrastructure "
        "inspection and search and rescue.",
        "about_ko": "2시간 비행하는 수소연료전지 드론으로 시설물 점검과 수색·구조를 지원합니다.",
        "award": None,
    },
    {
        "name_en": "Cheongnyeon AI",
        "name_ko": "청년에이아이",
        "district": "중구",
        "sectors": ["ai"],
        "listing": "unlisted",
        "founded": 2022,
        "ceo": "문가은",
        "about_en": "Korean-English speech AI for call centres and public counters: live "
        "transcription, translation and summaries.",
        "about_ko": "콜센터와 민원 창구를 위한 한영 음성 AI로 실시간 받아쓰기, 번역, 요약을 "
        "제공합니다.",
        "award": None,
    },
    {
        "name_en": "Soop Agritech",
        "name_ko": "숲애그리테크",
        "district": "유성구",
        "sectors": ["bio", "smart-city"],
        "listing": "unlisted",
        "founded": 2020,
        "ceo": "장우진",
        "about_en": "Vertical-farm modules and plant-health sensors for growing strawberries "
        "and herbs in cities.",
        "about_ko": "도심에서 딸기와 허브를 키우는 수직농장 모듈과 생육 센서를 공급합니다.",
        "award": None,
    },
    {
        "name_en": "Saebom Care",
        "name_ko": "새봄케어",
        "district": "서구",
        "sectors": ["digital-health"],
        "listing": "unlisted",
        "founded": 2018,
        "ceo": "남소희",
        "about_en": "A smart plug and app that alert families and care workers when an older "
        "person living alone shows signs of trouble.",
        "about_ko": "스마트 플러그와 앱으로 홀로 사는 어르신의 이상 징후를 가족과 돌봄 인력에게 "
        "알립니다.",
        "award": None,
    },
    {
        "name_en": "Dunsan Battery",
        "name_ko": "둔산배터리",
        "district": "서구",
        "sectors": ["energy", "mobility"],
        "listing": "unlisted",
        "founded": 2016,
        "ceo": "고준호",
        "about_en": "Swappable battery packs and stations for delivery scooters, running in "
        "Daejeon and Sejong.",
        "about_ko": "배달용 전기 스쿠터를 위한 교환형 배터리 팩과 충전 스테이션을 대전과 "
        "세종에서 운영합니다.",
        "award": None,
    },
    {
        "name_en": "Gwanpyeong Materials",
        "name_ko": "관평소재",
        "district": "유성구",
        "sectors": ["semiconductors", "energy"],
        "listing": "unlisted",
        "founded": 2019,
        "ceo": "서현우",
        "about_en": "High-purity precursors for semiconductor deposition and coatings for "
        "battery cathodes.",
        "about_ko": "반도체 증착용 고순도 전구체와 이차전지 양극재 코팅 소재를 생산합니다.",
        "award": None,
    },
    {
        "name_en": "Eunha Space",
        "name_ko": "은하스페이스",
        "district": "유성구",
        "sectors": ["space"],
        "listing": "unlisted",
        "founded": 2021,
        "ceo": "백승호",
        "about_en": "Electric thrusters for small satellites; the first flight unit has been "
        "in orbit since 2023.",
        "about_ko": "초소형 위성용 전기추진기를 개발하며, 첫 비행 모델이 2023년부터 궤도에서 "
        "운용되고 있습니다.",
        "award": None,
    },
    {
        "name_en": "Arum Biosensor",
        "name_ko": "아름바이오센서",
        "district": "대덕구",
        "sectors": ["bio", "digital-health"],
        "listing": "unlisted",
        "founded": 2017,
        "ceo": "유다인",
        "about_en": "Printed biosensor patches that track lactate and glucose continuously, for "
        "athletes and diabetes care.",
        "about_ko": "인쇄형 바이오센서로 운동선수와 당뇨 관리를 위한 연속 젖산·혈당 패치를 "
        "만듭니다.",
        "award": None,
    },
]

# What each company says it looks for at the shows (issue #15: recommendations rank
# by it): the kind of partner ("sales", "investment", "both"; "" says nothing) and
# the countries it wants to sell in or raise money from (those raising money name
# more: investors are fewer, and they invest across borders).
WISHES = {
    "Hanbit Biolabs": ("both", ["US", "JP", "DE"]),
    "Qubitree": ("investment", ["US", "SG", "GB", "JP", "FR", "DE"]),
    "Saetbyeol Satellite": ("sales", ["US", "AE", "FR"]),
    "Daedeok Semicon": ("sales", ["US", "JP", "CN", "DE"]),
    "Geumgang Robotics": ("both", ["US", "DE", "JP"]),
    "Sumteo Health": ("sales", ["US", "SG", "VN"]),
    "Gapcheon Energy": ("sales", ["US", "DE", "AE", "IN"]),
    "Bomun Mobility": ("investment", ["US", "KR", "SG", "JP", "FR", "IN"]),
    "Yuseong Vision": ("sales", ["US", "JP", "GB"]),
    "Bangpae Dynamics": ("sales", ["US", "AE", "GB", "FR"]),
    "Haemil Genomics": ("investment", ["US", "KR", "SG", "JP", "FR", "CN", "CA"]),
    "Bitgil Photonics": ("both", ["US", "DE", "JP"]),
    "Byeolbit Geospatial": ("sales", ["US", "CA", "AE"]),
    "Hwarang Defence Systems": ("sales", ["AE", "FR", "GB", "US"]),
    "Sumbit Neuro": ("both", ["US", "KR", "CA", "GB", "FR", "DE"]),
    "Daecheong Water Systems": ("sales", ["VN", "IN", "AE", "US"]),
    "Bitnara Silicon": ("sales", ["CN", "JP", "US", "DE"]),
    "Haneul Drone": ("both", ["US", "FR", "AE"]),
    "Cheongnyeon AI": ("investment", ["US", "SG", "KR", "JP", "GB"]),
    "Soop Agritech": ("", []),
    "Saebom Care": ("sales", ["JP", "US", "CA"]),
    "Dunsan Battery": ("both", ["US", "DE", "CN"]),
    "Gwanpyeong Materials": ("sales", ["CN", "JP", "US"]),
    "Eunha Space": ("investment", ["US", "FR", "GB", "DE", "JP"]),
    "Arum Biosensor": ("", ["US", "DE"]),
}
