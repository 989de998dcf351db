"""seed the guideline's reference data (DOMAIN.md) and the first policy version

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

The data is written out here, not imported from lms/, so this migration means the
same thing forever. Later changes to names or ratios come as new migrations (or as a
site admin's edits); a new policy comes as a new policy_versions row.
"""
from datetime import date

from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# slug, name_th, name_en, description_th, description_en
TARGET_GROUPS = [
    ("executive", "ผู้บริหารระดับสูง", "Executive",
     "หัวหน้าหรือรองหัวหน้าส่วนราชการระดับกระทรวง กรม จังหวัด หรือหน่วยงานในต่างประเทศ "
     "ในตำแหน่งประเภทบริหารระดับสูงหรือเทียบเท่า เช่น ปลัดกระทรวง รองปลัดกระทรวง อธิบดี รองอธิบดี "
     "ผู้ว่าราชการจังหวัด รองผู้ว่าราชการจังหวัด เอกอัครราชทูต อัครราชทูต",
     "Heads and deputy heads of ministries, departments, provinces and missions abroad in senior executive or "
     "equivalent positions, such as permanent secretaries, directors-general and provincial governors and their "
     "deputies, ambassadors and ministers (diplomatic rank)."),
    ("management", "ผู้อำนวยการกอง", "Management",
     "หัวหน้าหน่วยงานระดับกอง หรือผู้ดำรงตำแหน่งประเภทอำนวยการหรือเทียบเท่า ซึ่งนำนโยบายไปปฏิบัติให้เกิดผล "
     "เช่น ผู้อำนวยการสำนัก กอง ศูนย์ ในส่วนกลาง ส่วนกลางที่ตั้งในส่วนภูมิภาค และส่วนภูมิภาค",
     "Heads of division-level units or holders of management-type or equivalent positions, who put policy into "
     "practice, such as directors of bureaus, divisions and centres in central, regionally based central and "
     "provincial administration."),
    ("academic", "ผู้ทำงานด้านนโยบายและงานวิชาการ", "Academic",
     "ผู้ใช้ความรู้ทางวิชาการในการจัดทำนโยบาย ยุทธศาสตร์ แผนงาน มาตรฐาน หรือร่างงบประมาณ "
     "การศึกษาค้นคว้าวิจัย จัดทำผลงานวิชาการ ตำรา หลักสูตร หรือให้คำปรึกษาด้วยความเชี่ยวชาญในสายงาน",
     "People whose work needs academic knowledge: drafting policy, strategy, plans, standards or budgets; "
     "research, academic work, textbooks or curricula; or expert advice in their field."),
    ("service", "ผู้ทำงานด้านบริการ", "Service",
     "ผู้ให้บริการ ให้ความช่วยเหลือ หรืออำนวยความสะดวกแก่ผู้รับบริการภายในหรือภายนอกหน่วยงาน ประชาชน "
     "และเอกชน โดยติดต่อสื่อสารกับผู้รับบริการโดยตรง",
     "People who serve, help or facilitate clients inside or outside the agency, citizens and businesses, in "
     "direct contact with them."),
    ("technology", "ผู้ปฏิบัติงานเฉพาะด้านเทคโนโลยีดิจิทัล", "Technology Specialist",
     "นักวิชาการคอมพิวเตอร์ เจ้าพนักงานเครื่องคอมพิวเตอร์ และผู้ที่ได้รับมอบหมายงานด้านเทคโนโลยีดิจิทัล",
     "Computer scientists and officers, and anyone assigned technical digital work."),
    ("others", "ผู้ปฏิบัติงานอื่น", "Others",
     "ผู้ปฏิบัติงานด้านอื่นที่ไม่อยู่ในกลุ่มข้างต้น หรือผู้ที่อาศัยทักษะและฝีมือเฉพาะด้าน เช่น งานบริหารทั่วไป "
     "ศิลปกรรม คีตศิลป์ ดุริยางคศิลป์ นาฏศิลป์",
     "Everyone not in the groups above, or whose work relies on particular skills and craft, such as general "
     "administration, fine arts, vocal and instrumental music, and dance."),
]

# slug, position, name_th, name_en
PHASES = [
    ("early", 1, "ระยะเริ่มต้น (ปีที่ ๑–๒)", "Early (years 1–2)"),
    ("develop", 2, "ระยะพัฒนา (ปีที่ ๓–๕)", "Develop (years 3–5)"),
    ("maturity", 3, "ระยะสมบูรณ์ (ปีที่ ๖–๑๐)", "Maturity (years 6–10)"),
]

# (group, phase): name_th, name_en, description_th, description_en
ROLES = {
    ("executive", "early"): (
        "ผู้กระตุ้นและสร้างความตระหนักรู้", "Digital awareness catalyst",
        "กระตุ้นและสร้างความตระหนักรู้ถึงความสำคัญและการเปลี่ยนแปลงของเทคโนโลยีดิจิทัล "
        "โดยทบทวนนโยบายและยุทธศาสตร์ขององค์กร ผลักดันการปรับเปลี่ยนกระบวนการทำงานและแนวทางการให้บริการ "
        "ปรับปรุงเทคโนโลยี เตรียมพัฒนาโครงสร้างพื้นฐาน และส่งเสริมการพัฒนาบุคลากร "
        "เพื่อนำเทคโนโลยีดิจิทัลมายกระดับการบริหารจัดการและการให้บริการ "
        "ที่เชื่อมโยงข้อมูลและบริการระหว่างหน่วยงานภาครัฐด้วยกันเองและระหว่างภาครัฐกับประชาชน "
        "ส่งเสริมการเปิดเผยข้อมูลที่เป็นประโยชน์ต่อสาธารณะ "
        "และใช้ข้อมูลและเทคโนโลยีดิจิทัลเพื่อการตัดสินใจกำหนดนโยบายหรือทิศทางองค์กร",
        "Raises awareness of the importance of digital technology and of how it is changing, by reviewing the "
        "organisation's policy and strategy. Drives the redesign of work and service processes, upgrades technology, "
        "prepares infrastructure and promotes staff development so that digital technology raises the quality of "
        "government management and services, with data and services linked between government agencies and between "
        "government and citizens. Promotes opening useful data to the public, and uses data and digital technology to "
        "decide policy and the organisation's direction.",
    ),
    ("executive", "develop"): (
        "ผู้นำด้านดิจิทัลภาครัฐ", "Digital government leader",
        "กำหนดนโยบายและทิศทางขององค์กร กระตุ้นและผลักดันให้ข้าราชการ บุคลากรภาครัฐ และหน่วยงานที่เกี่ยวข้อง "
        "ปรับเปลี่ยนรูปแบบการดำเนินงานหรือการให้บริการขององค์กรให้ทันสมัยด้วยเทคโนโลยีดิจิทัล "
        "เป็นองค์กรที่สร้างสรรค์นวัตกรรม "
        "เชื่อมโยงระหว่างหน่วยงานภาครัฐด้วยกันเองและระหว่างภาครัฐกับประชาชนอย่างเป็นระบบ "
        "และเป็นรัฐบาลที่เปิดให้ประชาชนเข้ามามีส่วนร่วม "
        "ใช้ข้อมูลและเทคโนโลยีดิจิทัลเพื่อการตัดสินใจกำหนดนโยบายหรือทิศทางองค์กร "
        "และสร้างคุณค่าจากข้อมูลขององค์กรเพื่อประโยชน์ต่อสาธารณะ",
        "Sets the organisation's policy and direction, and spurs civil servants, government personnel and related "
        "agencies to modernise how the organisation operates and serves with digital technology: an innovative "
        "organisation, systematically linked with other government agencies and with citizens, in an open government "
        "that lets citizens take part. Uses data and digital technology to decide policy and direction, and creates "
        "public value from the organisation's data.",
    ),
    ("executive", "maturity"): (
        "ผู้สร้างวัฒนธรรมองค์กรด้านดิจิทัลภาครัฐ", "Digital culture builder",
        "สร้างวัฒนธรรมองค์กรที่ส่งเสริมการปรับเปลี่ยนกระบวนทัศน์และการสร้างสรรค์นวัตกรรม "
        "เพื่อพัฒนางานภาครัฐที่มีมูลค่าสูงขึ้น (High Value Jobs) "
        "และการทำงานและการบริการที่สร้างคุณค่าร่วมกันระหว่างหน่วยงานภาครัฐด้วยกันเองและระหว่างภาครัฐกับประชาชน "
        "ให้ภาครัฐเชื่อมโยงและบูรณาการเสมือนเป็นองค์กรเดียว "
        "และเปิดให้ประชาชนเข้ามามีส่วนร่วมอย่างเต็มรูปแบบด้วยเทคโนโลยีดิจิทัล",
        "Builds an organisational culture that encourages a change of mindset and innovation, for higher-value "
        "government work (High Value Jobs) and for work and services that create shared value among government "
        "agencies and between government and citizens, so that government is linked and integrated as if it were one "
        "organisation and fully open to citizen participation through digital technology.",
    ),
    ("management", "early"): (
        "ผู้ปรับเปลี่ยนกระบวนงานด้านดิจิทัล", "Digital process redesigner",
        "ปรับเปลี่ยนกระบวนงานด้านดิจิทัลในการทำงานหรือการให้บริการ โดยนำนโยบายและทิศทางองค์กรจากผู้บริหารระดับสูง "
        "มากำหนดเป็นแนวทางและแผนการดำเนินงานของหน่วยงาน ทบทวนและพัฒนากระบวนการ วิธีการทำงาน "
        "หรือการบริการด้วยเทคโนโลยีดิจิทัล "
        "ให้รองรับการเชื่อมโยงข้อมูลและการให้บริการระหว่างหน่วยงานภาครัฐด้วยกันเองและระหว่างภาครัฐกับประชาชน "
        "และเปิดเผยข้อมูลที่เป็นประโยชน์ต่อสาธารณะ",
        "Redesigns work and service processes for digital: turns the policy and direction set by senior executives "
        "into the unit's guidelines and operating plans, and reviews and improves processes, working methods and "
        "services with digital technology so that they support data and service links between government agencies and "
        "between government and citizens, and open useful data to the public.",
    ),
    ("management", "develop"): (
        "ผู้บริหารการเปลี่ยนแปลงด้านดิจิทัลระดับองค์กร", "Digital change manager",
        "สื่อสารนโยบายขององค์กรสู่ระดับปฏิบัติ สั่งการ กำหนดแนวทาง วางแผน กำกับ และติดตาม "
        "ให้เกิดการปรับเปลี่ยนรูปแบบการดำเนินงานหรือการให้บริการขององค์กรให้ทันสมัย อยู่ในรูปแบบดิจิทัล "
        "และสร้างสรรค์นวัตกรรม "
        "สนับสนุนและผลักดันการเชื่อมโยงระหว่างหน่วยงานภาครัฐด้วยกันเองและระหว่างภาครัฐกับประชาชนอย่างเป็นระบบ "
        "และการเป็นรัฐบาลที่เปิดให้ประชาชนเข้ามามีส่วนร่วม "
        "รวมทั้งใช้ข้อมูลและเทคโนโลยีดิจิทัลเพื่อการตัดสินใจกำหนดนโยบายหรือทิศทางองค์กร",
        "Carries the organisation's policy down to the operational level, and directs, sets guidelines, plans, "
        "supervises and follows up so that the organisation's operations and services become modern, digital and "
        "innovative. Supports and pushes for systematic links between government agencies and between government and "
        "citizens, and for an open government that lets citizens take part; uses data and digital technology to "
        "decide policy and the organisation's direction.",
    ),
    ("management", "maturity"): (
        "ผู้ขับเคลื่อนองค์กรแห่งดิจิทัล", "Digital organisation driver",
        "สนับสนุนการปรับเปลี่ยนทัศนคติและสร้างบรรยากาศการทำงานในรูปแบบดิจิทัลที่เอื้อต่อการสร้างสรรค์นวัตกรรม "
        "เพื่อพัฒนางานภาครัฐที่มีมูลค่าสูงขึ้น (High Value Jobs) "
        "และการทำงานและการบริการที่สร้างคุณค่าร่วมกันระหว่างหน่วยงานภาครัฐด้วยกันเองและระหว่างภาครัฐกับประชาชน "
        "ให้ภาครัฐเชื่อมโยงและบูรณาการเสมือนเป็นองค์กรเดียว "
        "และเปิดให้ประชาชนเข้ามามีส่วนร่วมอย่างเต็มรูปแบบด้วยเทคโนโลยีดิจิทัล",
        "Supports a change of attitudes and creates a digital working climate that fosters innovation, for "
        "higher-value government work (High Value Jobs) and for work and services that create shared value among "
        "government agencies and between government and citizens, so that government is linked and integrated as if "
        "it were one organisation and fully open to citizen participation through digital technology.",
    ),
    ("academic", "early"): (
        "ผู้ใช้ข้อมูลดิจิทัลที่ทันสมัย", "Modern digital-data user",
        "วิเคราะห์และใช้ข้อมูลรวมถึงเทคโนโลยีดิจิทัลเพื่อนำเสนอทางเลือกเชิงนโยบาย และกำหนดแผนงาน โครงการ "
        "และข้อเสนอทางวิชาการที่สอดคล้องกับทิศทางและยุทธศาสตร์องค์กร เข้าใจระบบข้อมูล "
        "และจัดเก็บข้อมูลในรูปแบบที่นำมาแลกเปลี่ยนหรือเรียกใช้ได้อย่างสะดวก",
        "Analyses and uses data and digital technology to put forward policy options and to draw up plans, projects "
        "and academic proposals in line with the organisation's direction and strategy; understands data systems and "
        "stores data in forms that can easily be exchanged or retrieved.",
    ),
    ("academic", "develop"): (
        "ผู้ใช้ข้อมูลดิจิทัลเพื่อสนับสนุนนโยบาย", "Data user for policy",
        "คิด วิเคราะห์ สังเคราะห์ และใช้ข้อมูลและเทคโนโลยีดิจิทัลเพื่อสนับสนุนการตัดสินใจ การกำหนดนโยบาย ยุทธศาสตร์ "
        "แผนงาน มาตรฐาน แนวทาง หรือการจัดบริการขององค์กร ระบุความต้องการ สร้างสรรค์ ออกแบบ "
        "และเชื่อมโยงบูรณาการข้อมูลที่เกี่ยวข้องจากแหล่งต่าง ๆ "
        "เพื่อเชื่อมโยงหน่วยงานภาครัฐด้วยกันเองและระหว่างภาครัฐกับประชาชนอย่างเป็นระบบ "
        "และเป็นรัฐบาลที่เปิดให้ประชาชนเข้ามามีส่วนร่วมในรูปแบบดิจิทัล",
        "Thinks through, analyses, synthesises and uses data and digital technology to support decisions and the "
        "setting of the organisation's policy, strategy, plans, standards, guidelines or services. Identifies needs, "
        "and creates, designs, links and integrates relevant data from various sources so that government agencies "
        "are systematically linked with each other and with citizens, in an open government that lets citizens take "
        "part digitally.",
    ),
    ("academic", "maturity"): (
        "นักคิดเพื่อการขับเคลื่อนรัฐบาลดิจิทัล", "Digital government thinker",
        "คิด วิเคราะห์ สังเคราะห์ และใช้ข้อมูลและเทคโนโลยีดิจิทัลเพื่อต่อยอดและสร้างสรรค์นวัตกรรม "
        "เพื่อพัฒนาและสร้างงานภาครัฐที่มีคุณค่าสูง (High Value Jobs) สร้างสรรค์และออกแบบระบบการบริหารจัดการ กระบวนการ "
        "และระบบการให้บริการ "
        "ที่สนับสนุนการทำงานภาครัฐซึ่งสร้างคุณค่าร่วมกันระหว่างหน่วยงานภาครัฐด้วยกันเองและระหว่างภาครัฐกับประชาชน "
        "ให้ภาครัฐเชื่อมโยงและบูรณาการเสมือนเป็นองค์กรเดียว "
        "และเปิดให้ประชาชนเข้ามามีส่วนร่วมอย่างเต็มรูปแบบด้วยเทคโนโลยีดิจิทัล",
        "Thinks through, analyses, synthesises and uses data and digital technology to build on existing work and "
        "innovate, developing high-value government work (High Value Jobs). Creates and designs management systems, "
        "processes and service systems that support government work creating shared value among agencies and between "
        "government and citizens, so that government is linked and integrated as one organisation and fully open to "
        "citizen participation through digital technology.",
    ),
    ("service", "early"): (
        "ผู้ให้บริการดิจิทัลภาครัฐ", "Digital public-service provider",
        "ใช้เทคโนโลยีดิจิทัลในการให้บริการ ให้ความช่วยเหลือ "
        "หรืออำนวยความสะดวกแก่ประชาชนหรือผู้รับบริการทั้งภายในและภายนอกหน่วยงาน "
        "ทั้งบริการหลักของหน่วยงานและบริการของหน่วยงานอื่นที่เชื่อมโยงข้ามหน่วยงาน "
        "และให้ข้อคิดเห็นในการพัฒนาคุณภาพการบริการที่มีประชาชนเป็นศูนย์กลางด้วยการนำเทคโนโลยีดิจิทัลมาใช้",
        "Uses digital technology to serve, help or facilitate citizens and clients inside and outside the agency, in "
        "both the agency's own core services and other agencies' services linked across agencies, and offers ideas "
        "for improving citizen-centred service quality with digital technology.",
    ),
    ("service", "develop"): (
        "ผู้อำนวยความสะดวกด้านดิจิทัลภาครัฐ", "Digital service facilitator",
        "ให้บริการ ให้ความช่วยเหลือ อำนวยความสะดวก หรือให้คำแนะนำในรูปแบบดิจิทัลที่สร้างความประทับใจแก่ประชาชน "
        "และผู้รับบริการทั้งภายในและภายนอกหน่วยงาน ให้ข้อมูลความต้องการบริการ สร้างสรรค์นวัตกรรม "
        "ออกแบบและปรับปรุงการบริการภาครัฐที่มีประชาชนเป็นศูนย์กลาง "
        "สนับสนุนการเชื่อมโยงบริการข้ามหน่วยงานภาครัฐและระหว่างภาครัฐกับประชาชนในรูปแบบดิจิทัล "
        "และการเป็นรัฐบาลที่เปิดให้ประชาชนเข้ามามีส่วนร่วม",
        "Serves, helps, facilitates or advises citizens and clients inside and outside the agency digitally, in a way "
        "that leaves a good impression. Feeds in what people need from services, innovates, designs and improves "
        "citizen-centred public services, and supports digital links between services across government agencies and "
        "between government and citizens, and an open government that lets citizens take part.",
    ),
    ("service", "maturity"): (
        "ผู้นำด้านการบริการภาครัฐ", "Public-service leader",
        "ร่วมสร้างสรรค์และพัฒนาการบริการภาครัฐ "
        "ที่ให้ความสำคัญกับการสร้างคุณค่าร่วมกันระหว่างภาครัฐด้วยกันเองและภาครัฐกับประชาชน "
        "ให้บริการภาครัฐเชื่อมโยงและบูรณาการเสมือนเป็นองค์กรเดียว ไม่ถูกจำกัดด้วยเวลา สถานที่ และภาษา โปร่งใส "
        "เป็นธรรม และเปิดให้ประชาชนเข้ามามีส่วนร่วมอย่างเต็มรูปแบบด้วยเทคโนโลยีดิจิทัล",
        "Helps create and develop public services that put shared value first, among government agencies and between "
        "government and citizens: services linked and integrated as if government were one organisation, not limited "
        "by time, place or language, transparent and fair, and fully open to citizen participation through digital "
        "technology.",
    ),
    ("technology", "early"): (
        "ผู้พัฒนาเทคโนโลยีดิจิทัลของหน่วยงาน", "Agency technology developer",
        "บริหารโครงการหรือเลือกเทคโนโลยีที่เหมาะสมมาพัฒนาแพลตฟอร์มการบริหารจัดการภายในองค์กร (Back Office) "
        "และการจัดบริการของรัฐ (Service) เพื่อรองรับการปรับเปลี่ยนกระบวนการทำงาน การบริหารจัดการ "
        "และรูปแบบการให้บริการ ให้อยู่ในรูปแบบดิจิทัลที่เชื่อมโยงข้อมูล การทำงาน "
        "และการให้บริการระหว่างหน่วยงานภาครัฐด้วยกันเองและระหว่างภาครัฐกับประชาชน ดูแลบำรุงรักษาระบบให้มั่นคงปลอดภัย "
        "มีเสถียรภาพ และพร้อมใช้งานอย่างต่อเนื่อง และพัฒนาระบบให้สอดคล้องกับเทคโนโลยีที่เปลี่ยนแปลงไป",
        "Manages projects or chooses suitable technology to build back-office and public-service platforms that "
        "support moving work processes, management and services to digital, with data, work and services linked "
        "between government agencies and between government and citizens. Maintains systems so that they are secure, "
        "stable and continuously available, and keeps them in step with changing technology.",
    ),
    ("technology", "develop"): (
        "ผู้ปรับเปลี่ยนเทคโนโลยีขององค์กร", "Organisational technology transformer",
        "บริหารโครงการหรือเลือกเทคโนโลยีที่เหมาะสมมาสร้างสรรค์และออกแบบระบบอัจฉริยะให้แก่หน่วยงาน (Automated Public "
        "Service) ดูแลบำรุงรักษาระบบให้มั่นคงปลอดภัย มีเสถียรภาพ และพร้อมใช้งานอย่างต่อเนื่อง "
        "และพัฒนาระบบให้สอดคล้องกับเทคโนโลยีที่เปลี่ยนแปลงไป "
        "เพื่อปรับเปลี่ยนรูปแบบการดำเนินงานหรือการให้บริการของภาครัฐสู่ระบบดิจิทัล "
        "ที่ตอบสนองความต้องการของผู้รับบริการในรูปแบบและช่องทางที่หลากหลาย "
        "เชื่อมโยงหน่วยงานภาครัฐด้วยกันเองและระหว่างภาครัฐกับประชาชนอย่างเป็นระบบ "
        "และเป็นรัฐบาลที่เปิดให้ประชาชนเข้ามามีส่วนร่วม",
        "Manages projects or chooses suitable technology to create and design smart systems for the agency (Automated "
        "Public Service), keeps them secure, stable and continuously available, and keeps them in step with changing "
        "technology, so that government operations and services move to digital systems that meet clients' needs "
        "through varied forms and channels, link government agencies systematically with each other and with "
        "citizens, and support an open government that lets citizens take part.",
    ),
    ("technology", "maturity"): (
        "ผู้สร้างองค์กรอัจฉริยะ", "Smart-organisation builder",
        "รอบรู้การเปลี่ยนแปลงของเทคโนโลยี คาดการณ์และเลือกเทคโนโลยีที่เหมาะสมกับบริบทขององค์กร "
        "และรองรับการเปลี่ยนผ่านเทคโนโลยีในอนาคต เพื่อสร้างงานภาครัฐที่มีมูลค่าสูงขึ้น (High Value Jobs) "
        "และพัฒนาภาครัฐเป็นองค์กรแห่งนวัตกรรมที่เชื่อมโยงและบูรณาการหน่วยงานต่าง ๆ เสมือนเป็นองค์กรเดียว "
        "มีการบริการที่ทันสมัย ไม่จำกัดด้วยเวลา สถานที่ และภาษา และเปิดให้ประชาชนเข้ามามีส่วนร่วมอย่างเต็มรูปแบบ "
        "ตลอดจนดูแลบำรุงรักษาระบบให้มั่นคงปลอดภัย มีเสถียรภาพ และพร้อมใช้งานอย่างต่อเนื่อง",
        "Knows how technology is changing; foresees and chooses technology that fits the organisation and prepares it "
        "for future technology transitions, to create higher-value government work (High Value Jobs) and make "
        "government an innovative organisation whose agencies are linked and integrated as one, with modern services "
        "not limited by time, place or language and fully open to citizen participation. Keeps systems secure, stable "
        "and continuously available.",
    ),
    ("others", "early"): (
        "ผู้ใช้เทคโนโลยีดิจิทัลภาครัฐ", "Digital technology user",
        "ตระหนักรู้เกี่ยวกับเทคโนโลยีดิจิทัล "
        "และใช้เทคโนโลยีดิจิทัลในการบริหารจัดการงานที่ได้รับมอบหมายได้อย่างเหมาะสม",
        "Is aware of digital technology and uses it appropriately to manage the work assigned to them.",
    ),
    ("others", "develop"): (
        "ผู้รู้เท่าทันเทคโนโลยีดิจิทัล", "Digitally literate worker",
        "มีความรู้ความเข้าใจและเท่าทันการเปลี่ยนแปลงของเทคโนโลยี นำเทคโนโลยีมาใช้ประโยชน์ได้อย่างเหมาะสมและปลอดภัย "
        "ใฝ่เรียนรู้และมุ่งพัฒนาตนเองให้ปรับตัวกับการเปลี่ยนแปลงได้อย่างต่อเนื่องโดยนำเทคโนโลยีดิจิทัลมาใช้",
        "Understands and keeps up with changes in technology and uses technology appropriately and safely; is eager "
        "to learn and develops themselves to keep adapting to change by using digital technology.",
    ),
    ("others", "maturity"): (
        "ผู้ใช้เทคโนโลยีดิจิทัลอย่างชาญฉลาด", "Smart digital user",
        "นำเทคโนโลยีดิจิทัลที่ทันสมัยมาใช้ประโยชน์ได้อย่างถูกต้อง เหมาะสม และปลอดภัย รู้รอบและเท่าทันเทคโนโลยี "
        "ใฝ่เรียนรู้ มุ่งพัฒนาตนเองและผู้อื่นอย่างต่อเนื่อง "
        "และพัฒนาและบริหารจัดการงานที่ได้รับมอบหมายได้อย่างมีประสิทธิภาพและบรรลุเป้าหมายด้วยเทคโนโลยีดิจิทัล",
        "Uses up-to-date digital technology correctly, appropriately and safely; is well informed about technology "
        "and keeps up with it, is eager to learn, and keeps developing themselves and others; develops and manages "
        "assigned work efficiently and meets its goals with digital technology.",
    ),
}

# number, name_th, name_en
DIMENSIONS = [
    (1, "รู้เท่าทันและใช้เทคโนโลยีเป็น", "Aware of and able to use technology"),
    (2, "เข้าใจนโยบาย กฎหมายและมาตรฐาน", "Understand policy, law and standards"),
    (3, "ใช้ดิจิทัลเพื่อการประยุกต์และพัฒนา", "Use digital to apply and develop"),
    (4, "ใช้ดิจิทัลเพื่อการวางแผน บริหารจัดการ และนำองค์กร", "Use digital to plan, manage and lead"),
    (5, "ใช้ดิจิทัลเพื่อขับเคลื่อนการเปลี่ยนแปลงและสร้างสรรค์", "Use digital to drive change and create"),
]

# slug, dimension, position, foundation, name_th, name_en
SKILL_SETS = [
    ("digital-literacy", 1, 1, True, "ทักษะการรู้ดิจิทัล", "Digital Literacy Skill Set"),
    ("digital-governance", 2, 2, True, "ทักษะด้านกฎหมาย ธรรมาภิบาล และมาตรฐานดิจิทัล",
     "Digital Governance, Standard and Compliance Skill Set"),
    ("digital-technology", 3, 3, False, "ทักษะด้านเทคโนโลยีดิจิทัล", "Digital Technology Skill Set"),
    ("process-service-design", 3, 4, False, "ทักษะการออกแบบกระบวนงานและการบริการดิจิทัล",
     "Digital Process and Service Design Skill Set"),
    ("project-strategic-management", 4, 5, False, "ทักษะการบริหารโครงการและการบริหารเชิงกลยุทธ์",
     "Project and Strategic Management Skill Set"),
    ("digital-leadership", 4, 6, False, "ทักษะด้านภาวะผู้นำดิจิทัล", "Digital Leadership Skill Set"),
    ("digital-transformation", 5, 7, False, "ทักษะการขับเคลื่อนการเปลี่ยนแปลงสู่ดิจิทัล",
     "Digital Transformation Skill Set"),
]

# group: skill sets beyond the foundation two; not in the guideline (§4.7.2 leaves this to ก.พ.), admins edit
RECOMMENDED = {
    "executive": ["digital-leadership", "digital-transformation", "project-strategic-management"],
    "management": ["project-strategic-management", "digital-leadership", "process-service-design",
                   "digital-transformation"],
    "academic": ["digital-technology", "process-service-design", "project-strategic-management"],
    "service": ["process-service-design", "digital-technology"],
    "technology": ["digital-technology", "process-service-design", "project-strategic-management",
                   "digital-transformation"],
    "others": ["digital-technology"],
}

# slug, position, bucket, name_th, name_en
LEARNING_METHODS = [
    ("self-learning", 1, "experiential", "การเรียนรู้ด้วยตนเอง", "Self-learning"),
    ("on-the-job", 2, "experiential", "การเรียนรู้จากการปฏิบัติงาน (On the Job Training)",
     "On-the-job learning"),
    ("learning-from-others", 3, "social", "การเรียนรู้จากผู้อื่น", "Learning from others"),
    ("coaching", 4, "social", "การสอนงาน (Coaching and Developing Others)",
     "Coaching and developing others"),
    ("training", 5, "formal", "การเรียนรู้ด้วยการฝึกอบรม (In-class Training)", "In-class training"),
]

# slug, position, kind, name_th, name_en
SESSION_METHODS = [
    ("lecture", 1, "lecture", "การบรรยาย", "Lecture"),
    ("discussion", 2, "active", "การแลกเปลี่ยนความคิดเห็น", "Discussion"),
    ("learning-by-doing", 3, "active", "การทดลองหรือฝึกปฏิบัติ", "Learning by doing"),
    ("case-study", 4, "active", "กรณีศึกษา", "Case study"),
    ("assignment", 5, "active", "การจัดทำผลงานส่วนบุคคลหรือกลุ่ม", "Individual or group assignment"),
]

FIRST_POLICY = {
    "version": "ocsc-2561",
    # The guideline covers fiscal years 2561–2565; FY 2561 began on 1 October 2017.
    "effective_on": date(2017, 10, 1),
    "title_th": "แนวทางการพัฒนาทักษะด้านดิจิทัลของข้าราชการและบุคลากรภาครัฐ (ก.พ.) ปีงบประมาณ ๒๕๖๑–๒๕๖๕",
    "title_en": "OCSC guideline on digital skills for government personnel, FY 2561–2565",
    "lecture_max_percent": 60,
    "experiential_percent": 70,
    "social_percent": 20,
    "formal_percent": 10,
    "mix_tolerance_points": 10,
    "current_percent": 70,
    "future_percent": 30,
}


def _table(name, *columns):
    return sa.table(name, *[sa.column(c) for c in columns])


def upgrade():
    conn = op.get_bind()
    groups = _table("target_groups", "id", "slug", "position", "name_th", "name_en",
                    "description_th", "description_en")
    op.bulk_insert(groups, [
        {"id": i, "slug": s, "position": i, "name_th": th, "name_en": en,
         "description_th": dth, "description_en": den}
        for i, (s, th, en, dth, den) in enumerate(TARGET_GROUPS, start=1)
    ])
    phases = _table("phases", "id", "slug", "position", "name_th", "name_en")
    op.bulk_insert(phases, [
        {"id": pos, "slug": s, "position": pos, "name_th": th, "name_en": en}
        for s, pos, th, en in PHASES
    ])
    group_id = {s: i for i, (s, *_rest) in enumerate(TARGET_GROUPS, start=1)}
    phase_id = {s: pos for s, pos, *_rest in PHASES}
    roles = _table("expected_roles", "target_group_id", "phase_id", "name_th", "name_en",
                   "description_th", "description_en")
    op.bulk_insert(roles, [
        {"target_group_id": group_id[g], "phase_id": phase_id[p], "name_th": th, "name_en": en,
         "description_th": dth, "description_en": den}
        for (g, p), (th, en, dth, den) in ROLES.items()
    ])
    dimensions = _table("skill_dimensions", "id", "number", "name_th", "name_en")
    op.bulk_insert(dimensions, [
        {"id": n, "number": n, "name_th": th, "name_en": en} for n, th, en in DIMENSIONS
    ])
    skill_sets = _table("skill_sets", "id", "slug", "position", "dimension_id", "name_th",
                        "name_en", "is_foundation")
    op.bulk_insert(skill_sets, [
        {"id": pos, "slug": s, "position": pos, "dimension_id": dim, "name_th": th,
         "name_en": en, "is_foundation": foundation}
        for s, dim, pos, foundation, th, en in SKILL_SETS
    ])
    skill_id = {s: pos for s, _dim, pos, *_rest in SKILL_SETS}
    links = _table("group_skill_sets", "target_group_id", "skill_set_id")
    op.bulk_insert(links, [
        {"target_group_id": group_id[g], "skill_set_id": skill_id[s]}
        for g, slugs in RECOMMENDED.items() for s in slugs
    ])
    methods = _table("learning_methods", "slug", "position", "bucket", "name_th", "name_en")
    op.bulk_insert(methods, [
        {"slug": s, "position": pos, "bucket": b, "name_th": th, "name_en": en}
        for s, pos, b, th, en in LEARNING_METHODS
    ])
    session_methods = _table("session_methods", "slug", "position", "kind", "name_th", "name_en")
    op.bulk_insert(session_methods, [
        {"slug": s, "position": pos, "kind": k, "name_th": th, "name_en": en}
        for s, pos, k, th, en in SESSION_METHODS
    ])
    policies = _table("policy_versions", *FIRST_POLICY)
    op.bulk_insert(policies, [FIRST_POLICY])
    if conn.dialect.name == "postgresql":
        # Explicit ids above leave the sequences behind: move them past the rows.
        for table in ("target_groups", "phases", "skill_dimensions", "skill_sets"):
            conn.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))


def downgrade():
    for table in ("policy_versions", "session_methods", "learning_methods", "group_skill_sets",
                  "skill_sets", "skill_dimensions", "expected_roles", "phases", "target_groups"):
        op.execute(f"DELETE FROM {table}")
