"""A realistic demo: a fictional ministry, its agencies and divisions, 60 people, an institute.

Deterministic and idempotent: every row is found by its natural key (organisation and
institute code, email) and created only when missing, so a second run changes nothing.
Existing rows are never modified (a demo user's changed password survives a re-run).

Later modules extend the demo with a step of their own, called from `load_demo` after
the accounts step: it finds people through `DemoResult.people` by their stable key
(the email's local part) and uses `DemoPerson.group`, the target-group slug each
person's work fits (DOMAIN.md §1), for plans and enrolments.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from ..extensions import db
from ..reference.models import Phase
from .models import Institute, Organisation, Person

DEMO_PASSWORD = "thaksa-demo-2569"
# Reserved for examples (RFC 2606): mail to demo people can never reach anyone.
DEMO_EMAIL_DOMAIN = "thaksa-demo.example"


@dataclass(frozen=True)
class DemoOrganisation:
    code: str
    name_th: str
    name_en: str
    kind: str
    parent: str | None = None
    phase: str | None = None  # an agency's phase slug; set only on agencies
    cio: str | None = None  # key of the agency's Chief Information Officer (§4.9.2)

    @property
    def is_agency(self) -> bool:
        return self.phase is not None


@dataclass(frozen=True)
class DemoPerson:
    key: str  # the email's local part; stable, for later demo steps
    name_th: str
    name_en: str
    position: str
    organisation: str
    supervisor: str | None
    group: str  # target-group slug of the person's work
    institute: bool = False
    admin_of: str | None = None
    site_admin: bool = False

    @property
    def email(self) -> str:
        return f"{self.key}@{DEMO_EMAIL_DOMAIN}"


ORGANISATIONS = (
    DemoOrganisation("DEMO-MDG", "กระทรวงการพัฒนารัฐบาลดิจิทัล", "Ministry of Digital Government Development",
                     "ministry"),
    DemoOrganisation("DEMO-OPS", "สำนักงานปลัดกระทรวงการพัฒนารัฐบาลดิจิทัล", "Office of the Permanent Secretary",
                     "department", "DEMO-MDG", phase="develop", cio="kamonwan.s"),
    DemoOrganisation("DEMO-OPS-CEN", "กองกลาง", "Central Administration Division", "division", "DEMO-OPS"),
    DemoOrganisation("DEMO-OPS-ICT", "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร",
                     "Information and Communication Technology Centre", "division", "DEMO-OPS"),
    DemoOrganisation("DEMO-DGD", "กรมข้อมูลและบริการดิจิทัลภาครัฐ",
                     "Department of Government Data and Digital Services", "department", "DEMO-MDG",
                     phase="develop", cio="wiphawadi.c"),
    DemoOrganisation("DEMO-DGD-SEC", "สำนักงานเลขานุการกรม", "Office of the Secretary", "division", "DEMO-DGD"),
    DemoOrganisation("DEMO-DGD-PLN", "กองยุทธศาสตร์และแผนงาน", "Strategy and Planning Division", "division",
                     "DEMO-DGD"),
    DemoOrganisation("DEMO-DGD-DAT", "กองบริหารข้อมูลภาครัฐ", "Government Data Management Division", "division",
                     "DEMO-DGD"),
    DemoOrganisation("DEMO-DGD-ICT", "ศูนย์เทคโนโลยีสารสนเทศ", "Information Technology Centre", "division",
                     "DEMO-DGD"),
    DemoOrganisation("DEMO-DCS", "กรมส่งเสริมบริการประชาชน", "Department of Citizen Service Promotion",
                     "department", "DEMO-MDG", phase="early", cio="arunee.p"),
    DemoOrganisation("DEMO-DCS-SEC", "สำนักงานเลขานุการกรม", "Office of the Secretary", "division", "DEMO-DCS"),
    DemoOrganisation("DEMO-DCS-SVC", "กองบริการประชาชน", "Citizen Services Division", "division", "DEMO-DCS"),
    DemoOrganisation("DEMO-DCS-CHN", "กองพัฒนาช่องทางบริการดิจิทัล", "Digital Service Channels Division",
                     "division", "DEMO-DCS"),
)

INSTITUTE_CODE = "DEMO-INST"
INSTITUTE = dict(code=INSTITUTE_CODE, name_th="สถาบันพัฒนาบุคลากรภาครัฐด้านดิจิทัล",
                 name_en="Digital Government Personnel Development Institute")
INSTITUTE_ORGANISATION = "DEMO-OPS"

_P = DemoPerson
# Supervisors come before the people they supervise.
PEOPLE = (
    # Executives: the Permanent Secretary, department heads and their deputies (the CIOs).
    _P("prasert.w", "ประเสริฐ วงศ์สวัสดิ์", "Prasert Wongsawat", "ปลัดกระทรวง", "DEMO-OPS", None, "executive"),
    _P("kamonwan.s", "กมลวรรณ ศรีสุข", "Kamonwan Srisuk", "รองปลัดกระทรวง", "DEMO-OPS", "prasert.w", "executive"),
    _P("thanaphon.r", "ธนพล รัตนวงศ์", "Thanaphon Rattanawong", "อธิบดี", "DEMO-DGD", "prasert.w", "executive"),
    _P("wiphawadi.c", "วิภาวดี ชัยประเสริฐ", "Wiphawadi Chaiprasert", "รองอธิบดี", "DEMO-DGD", "thanaphon.r",
       "executive"),
    _P("surachai.b", "สุรชัย บุญมา", "Surachai Bunma", "อธิบดี", "DEMO-DCS", "prasert.w", "executive"),
    _P("arunee.p", "อรุณี พงษ์ไพบูลย์", "Arunee Phongphaibun", "รองอธิบดี", "DEMO-DCS", "surachai.b", "executive"),
    # Directors of divisions and centres.
    _P("natthawut.k", "ณัฐวุฒิ แก้วมณี", "Natthawut Kaewmanee", "ผู้อำนวยการกองกลาง", "DEMO-OPS-CEN",
       "kamonwan.s", "management"),
    _P("piyanut.t", "ปิยะนุช ทองดี", "Piyanut Thongdee", "ผู้อำนวยการศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร",
       "DEMO-OPS-ICT", "kamonwan.s", "management"),
    _P("chiraphon.s", "จิราพร สมบูรณ์ชัย", "Chiraphon Somboonchai", "เลขานุการกรม", "DEMO-DGD-SEC",
       "wiphawadi.c", "management"),
    _P("anucha.s", "อนุชา ศรีวงศ์", "Anucha Sriwong", "ผู้อำนวยการกองยุทธศาสตร์และแผนงาน", "DEMO-DGD-PLN",
       "thanaphon.r", "management"),
    _P("phimchanok.c", "พิมพ์ชนก เจริญผล", "Phimchanok Charoenphon", "ผู้อำนวยการกองบริหารข้อมูลภาครัฐ",
       "DEMO-DGD-DAT", "wiphawadi.c", "management"),
    _P("thirawat.i", "ธีรวัฒน์ อินทรประเสริฐ", "Thirawat Intharaprasert", "ผู้อำนวยการศูนย์เทคโนโลยีสารสนเทศ",
       "DEMO-DGD-ICT", "wiphawadi.c", "management"),
    _P("supaporn.s", "สุภาพร แสงทอง", "Supaporn Saengthong", "เลขานุการกรม", "DEMO-DCS-SEC", "surachai.b",
       "management"),
    _P("weerapong.n", "วีระพงษ์ นาคสวัสดิ์", "Weerapong Naksawat", "ผู้อำนวยการกองบริการประชาชน", "DEMO-DCS-SVC",
       "arunee.p", "management"),
    _P("malinee.t", "มาลินี ธนากร", "Malinee Thanakorn", "ผู้อำนวยการกองพัฒนาช่องทางบริการดิจิทัล",
       "DEMO-DCS-CHN", "arunee.p", "management"),
    # Office of the Permanent Secretary: central administration.
    _P("chutima.p", "ชุติมา พรหมมา", "Chutima Promma", "นักจัดการงานทั่วไปชำนาญการ", "DEMO-OPS-CEN",
       "natthawut.k", "others"),
    _P("somsak.t", "สมศักดิ์ ทองคำ", "Somsak Thongkham", "เจ้าพนักงานธุรการชำนาญงาน", "DEMO-OPS-CEN",
       "chutima.p", "others"),
    _P("nongluk.c", "นงลักษณ์ จันทร์เพ็ญ", "Nongluk Chanphen", "นักทรัพยากรบุคคลชำนาญการ", "DEMO-OPS-CEN",
       "natthawut.k", "others"),
    _P("phanuwat.s", "ภานุวัฒน์ สุขเจริญ", "Phanuwat Sukcharoen", "นักวิชาการเงินและบัญชีปฏิบัติการ",
       "DEMO-OPS-CEN", "natthawut.k", "others"),
    _P("wanna.k", "วรรณา คงสมบูรณ์", "Wanna Khongsomboon", "นายช่างศิลป์ชำนาญงาน", "DEMO-OPS-CEN",
       "natthawut.k", "others"),
    # Office of the Permanent Secretary: ICT centre (the site administrator works here).
    _P("kittiphong.s", "กิตติพงษ์ ศรีทอง", "Kittiphong Srithong", "นักวิชาการคอมพิวเตอร์ชำนาญการพิเศษ",
       "DEMO-OPS-ICT", "piyanut.t", "technology", site_admin=True),
    _P("siriporn.w", "ศิริพร วงษ์ทอง", "Siriporn Wongthong", "นักวิชาการคอมพิวเตอร์ชำนาญการ", "DEMO-OPS-ICT",
       "kittiphong.s", "technology"),
    _P("pakorn.p", "ปกรณ์ เพชรรัตน์", "Pakorn Phetcharat", "เจ้าพนักงานเครื่องคอมพิวเตอร์ชำนาญงาน",
       "DEMO-OPS-ICT", "kittiphong.s", "technology"),
    _P("thidarat.b", "ธิดารัตน์ บุญเรือง", "Thidarat Boonruang", "นักวิชาการคอมพิวเตอร์ปฏิบัติการ",
       "DEMO-OPS-ICT", "kittiphong.s", "technology"),
    # The training institute's course authors.
    _P("anchalee.w", "อัญชลี วิเศษศักดิ์", "Anchalee Wisetsak", "นักทรัพยากรบุคคลชำนาญการพิเศษ", "DEMO-OPS",
       "kamonwan.s", "academic", institute=True),
    _P("chayaphon.t", "ชยพล ธนวัฒน์", "Chayaphon Thanawat", "นักวิชาการคอมพิวเตอร์ชำนาญการ", "DEMO-OPS",
       "anchalee.w", "technology", institute=True),
    # Department of Government Data and Digital Services (phase: develop).
    _P("phensri.c", "เพ็ญศรี ใจดี", "Phensri Jaidee", "นักทรัพยากรบุคคลชำนาญการ", "DEMO-DGD-SEC", "chiraphon.s",
       "others", admin_of="DEMO-DGD"),
    _P("somporn.r", "สมพร รักษาวงศ์", "Somporn Raksawong", "นักจัดการงานทั่วไปปฏิบัติการ", "DEMO-DGD-SEC",
       "chiraphon.s", "others"),
    _P("amnat.s", "อำนาจ แสงอรุณ", "Amnat Saengarun", "เจ้าพนักงานธุรการปฏิบัติงาน", "DEMO-DGD-SEC",
       "somporn.r", "others"),
    _P("ratchanee.s", "รัชนี ศรีสวัสดิ์", "Ratchanee Srisawat", "นักวิชาการเงินและบัญชีชำนาญการ", "DEMO-DGD-SEC",
       "chiraphon.s", "others"),
    _P("yutthana.k", "ยุทธนา คำแก้ว", "Yutthana Khamkaew", "นักประชาสัมพันธ์ชำนาญการ", "DEMO-DGD-SEC",
       "chiraphon.s", "service"),
    _P("paweena.s", "ปวีณา ศักดิ์สิทธิ์", "Paweena Saksit", "นักวิเคราะห์นโยบายและแผนชำนาญการพิเศษ",
       "DEMO-DGD-PLN", "anucha.s", "academic"),
    _P("thanakorn.p", "ธนากร พึ่งบุญ", "Thanakorn Phuengboon", "นักวิเคราะห์นโยบายและแผนชำนาญการ",
       "DEMO-DGD-PLN", "paweena.s", "academic"),
    _P("kanokporn.m", "กนกพร มหาวงศ์", "Kanokporn Mahawong", "นักวิเคราะห์นโยบายและแผนปฏิบัติการ",
       "DEMO-DGD-PLN", "paweena.s", "academic"),
    _P("watchara.t", "วัชระ ทองประเสริฐ", "Watchara Thongprasert", "นิติกรชำนาญการ", "DEMO-DGD-PLN",
       "anucha.s", "academic"),
    _P("sunisa.p", "สุนิสา ปัญญาดี", "Sunisa Panyadee", "นักวิชาการสถิติชำนาญการ", "DEMO-DGD-DAT",
       "phimchanok.c", "academic"),
    _P("kiattisak.c", "เกียรติศักดิ์ ชูศรี", "Kiattisak Chusri", "นักวิชาการคอมพิวเตอร์ชำนาญการ", "DEMO-DGD-DAT",
       "phimchanok.c", "technology"),
    _P("natthida.y", "ณัฐธิดา ยอดเพชร", "Natthida Yotphet", "นักวิเคราะห์นโยบายและแผนปฏิบัติการ",
       "DEMO-DGD-DAT", "phimchanok.c", "academic"),
    _P("supachai.d", "ศุภชัย ดวงดี", "Supachai Duangdee", "นักวิชาการสถิติปฏิบัติการ", "DEMO-DGD-DAT",
       "sunisa.p", "academic"),
    _P("onuma.k", "อรอุมา แก้วประเสริฐ", "Onuma Kaewprasert", "นักวิชาการคอมพิวเตอร์ปฏิบัติการ", "DEMO-DGD-DAT",
       "kiattisak.c", "technology"),
    _P("chanwit.s", "ชาญวิทย์ สิทธิชัย", "Chanwit Sitthichai", "นักวิชาการคอมพิวเตอร์ชำนาญการพิเศษ",
       "DEMO-DGD-ICT", "thirawat.i", "technology"),
    _P("duangjai.m", "ดวงใจ มณีรัตน์", "Duangjai Maneerat", "นักวิชาการคอมพิวเตอร์ชำนาญการ", "DEMO-DGD-ICT",
       "chanwit.s", "technology"),
    _P("thiraphong.r", "ธีรพงศ์ เรืองศรี", "Thiraphong Ruangsri", "นักวิชาการคอมพิวเตอร์ปฏิบัติการ",
       "DEMO-DGD-ICT", "chanwit.s", "technology"),
    _P("saisunee.t", "สายสุนีย์ ทองมา", "Saisunee Thongma", "เจ้าพนักงานเครื่องคอมพิวเตอร์ปฏิบัติงาน",
       "DEMO-DGD-ICT", "chanwit.s", "technology"),
    _P("witthaya.p", "วิทยา ประเสริฐสุข", "Witthaya Prasertsuk", "นักวิชาการคอมพิวเตอร์ปฏิบัติการ",
       "DEMO-DGD-ICT", "thirawat.i", "technology"),
    # Department of Citizen Service Promotion (phase: early).
    _P("butsaba.p", "บุษบา พันธุ์ดี", "Butsaba Phandee", "นักทรัพยากรบุคคลปฏิบัติการ", "DEMO-DCS-SEC",
       "supaporn.s", "others"),
    _P("sombat.s", "สมบัติ ศรีนวล", "Sombat Srinuan", "เจ้าพนักงานธุรการชำนาญงาน", "DEMO-DCS-SEC", "supaporn.s",
       "others"),
    _P("aree.k", "อารีย์ กาญจนา", "Aree Kanchana", "เจ้าพนักงานการเงินและบัญชีปฏิบัติงาน", "DEMO-DCS-SEC",
       "supaporn.s", "others"),
    _P("chakkraphan.w", "จักรพันธ์ วงศ์ใหญ่", "Chakkraphan Wongyai", "นักวิชาการโสตทัศนศึกษาปฏิบัติการ",
       "DEMO-DCS-SEC", "supaporn.s", "others"),
    _P("rungnapha.s", "รุ่งนภา ศรีเมือง", "Rungnapha Srimuang", "นักวิชาการคุ้มครองผู้บริโภคชำนาญการ",
       "DEMO-DCS-SVC", "weerapong.n", "service"),
    _P("praphat.c", "ประภาส ชัยมงคล", "Praphat Chaimongkol", "เจ้าพนักงานธุรการชำนาญงาน", "DEMO-DCS-SVC",
       "rungnapha.s", "service"),
    _P("lamduan.s", "ลำดวน สีดา", "Lamduan Sida", "เจ้าพนักงานเผยแพร่ประชาสัมพันธ์ปฏิบัติงาน", "DEMO-DCS-SVC",
       "rungnapha.s", "service"),
    _P("songphon.b", "ทรงพล บุญประเสริฐ", "Songphon Boonprasert", "นักวิชาการคุ้มครองผู้บริโภคปฏิบัติการ",
       "DEMO-DCS-SVC", "rungnapha.s", "service"),
    _P("naphatson.k", "นภัสสร เกษมสุข", "Naphatson Kasemsuk", "นักประชาสัมพันธ์ปฏิบัติการ", "DEMO-DCS-SVC",
       "rungnapha.s", "service"),
    _P("adisorn.p", "อดิศร พรหมวงศ์", "Adisorn Phromwong", "นักวิเคราะห์นโยบายและแผนชำนาญการ", "DEMO-DCS-SVC",
       "weerapong.n", "academic"),
    _P("phatcharin.s", "พัชรินทร์ ศรีสุวรรณ", "Phatcharin Srisuwan", "นักวิชาการคอมพิวเตอร์ชำนาญการ",
       "DEMO-DCS-CHN", "malinee.t", "technology"),
    _P("phairot.t", "ไพโรจน์ ทองสุข", "Phairot Thongsuk", "นักวิชาการคอมพิวเตอร์ปฏิบัติการ", "DEMO-DCS-CHN",
       "phatcharin.s", "technology"),
    _P("yaowalak.n", "เยาวลักษณ์ นิลสุวรรณ", "Yaowalak Nilsuwan", "นักวิชาการเผยแพร่ชำนาญการ", "DEMO-DCS-CHN",
       "malinee.t", "service"),
    _P("sutthiphong.s", "สุทธิพงษ์ แสงจันทร์", "Sutthiphong Saengchan", "นักวิเคราะห์นโยบายและแผนปฏิบัติการ",
       "DEMO-DCS-CHN", "malinee.t", "academic"),
    _P("kanlaya.w", "กัลยา วรรณศิริ", "Kanlaya Wannasiri", "เจ้าพนักงานธุรการปฏิบัติงาน", "DEMO-DCS-CHN",
       "malinee.t", "others"),
)

# One login per role, printed by `flask lms demo`: (role, person key).
LOGINS = (
    ("site admin", "kittiphong.s"),
    ("agency admin", "phensri.c"),
    ("course author", "anchalee.w"),
    ("supervisor", "paweena.s"),
    ("learner", "kanokporn.m"),
)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    description: str


@dataclass
class DemoResult:
    """What the demo holds now, and how much of it this run created."""

    created_organisations: int = 0
    created_institutes: int = 0
    created_people: int = 0
    organisations: dict[str, Organisation] = field(default_factory=dict)
    institute: Institute | None = None
    people: dict[str, Person] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created_organisations or self.created_institutes or self.created_people)


def load_demo() -> DemoResult:
    """Create whatever part of the demo is missing; flushes, never commits."""
    result = DemoResult()
    new_codes = _ensure_organisations(result)
    _ensure_institute(result)
    _ensure_people(result)
    for spec in ORGANISATIONS:
        # Only on agencies created now: an administrator's later choice of CIO stands.
        if spec.cio and spec.code in new_codes:
            result.organisations[spec.code].cio = result.people[spec.cio]
    db.session.flush()
    for role, key in LOGINS:
        person = result.people[key]
        result.logins.append(DemoLogin(role, person.email,
                                       f"{person.name_en} ({person.name_th}), {person.position}"))
    return result


def _ensure_organisations(result: DemoResult) -> set[str]:
    codes = [spec.code for spec in ORGANISATIONS]
    orgs = {org.code: org for org in db.session.scalars(select(Organisation).where(Organisation.code.in_(codes)))}
    phases = {phase.slug: phase for phase in db.session.scalars(select(Phase))}
    created = set()
    for spec in ORGANISATIONS:
        if spec.code in orgs:
            continue
        if spec.phase and spec.phase not in phases:
            raise RuntimeError("The reference data is missing: run `flask --app wsgi db upgrade` first.")
        org = Organisation(code=spec.code, name_th=spec.name_th, name_en=spec.name_en, kind=spec.kind,
                           parent=orgs.get(spec.parent), is_agency=spec.is_agency,
                           phase=phases.get(spec.phase))
        db.session.add(org)
        orgs[spec.code] = org
        created.add(spec.code)
    result.organisations = orgs
    result.created_organisations = len(created)
    return created


def _ensure_institute(result: DemoResult) -> None:
    institute = db.session.scalar(select(Institute).where(Institute.code == INSTITUTE_CODE))
    if institute is None:
        institute = Institute(**INSTITUTE, organisation=result.organisations[INSTITUTE_ORGANISATION])
        db.session.add(institute)
        result.created_institutes = 1
    result.institute = institute


def _ensure_people(result: DemoResult) -> None:
    emails = [spec.email for spec in PEOPLE]
    by_email = {p.email: p for p in db.session.scalars(select(Person).where(Person.email.in_(emails)))}
    password_hash = None
    people = {}
    for spec in PEOPLE:
        person = by_email.get(spec.email)
        if person is None:
            # Hashing is deliberately slow: one hash serves every demo person.
            password_hash = password_hash or generate_password_hash(DEMO_PASSWORD)
            person = Person(
                email=spec.email, name_th=spec.name_th, name_en=spec.name_en, position=spec.position,
                organisation=result.organisations[spec.organisation],
                supervisor=people[spec.supervisor] if spec.supervisor else None,
                institute=result.institute if spec.institute else None,
                admin_of=result.organisations[spec.admin_of] if spec.admin_of else None,
                is_site_admin=spec.site_admin, language="th", password_hash=password_hash,
            )
            db.session.add(person)
            result.created_people += 1
        people[spec.key] = person
    result.people = people


def demo_person(key: str) -> DemoPerson:
    """The specification of the demo person with this key (for later demo steps)."""
    return next(spec for spec in PEOPLE if spec.key == key)
