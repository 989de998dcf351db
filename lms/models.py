"""Every module's tables, imported once so the ORM and Alembic see them all."""

from .accounts.models import AccountSession, Institute, LoginAttempt, Organisation, Person  # noqa: F401
from .api.models import ApiCall, ApiClient, ApiToken  # noqa: F401
from .assessment.certificates import models as _certificates  # noqa: F401
from .assessment.frameworks.models import ProficiencyLevel, RequiredLevel, SkillFramework, SkillSetEdition  # noqa: F401
from .assessment.quizzes import models as _quizzes  # noqa: F401
from .assessment.ratings import models as _ratings  # noqa: F401
from .catalog.models import Course, CourseSession, CourseVersion  # noqa: F401
from .catalog.search import CourseSearchDocument  # noqa: F401
from .classes.models import Attendance, ClassMeeting, CourseClass, Enrolment  # noqa: F401
from .core.models import AuditEvent  # noqa: F401
from .development.models import (  # noqa: F401
    CoachingAttendee,
    CoachingSession,
    DevelopmentPlan,
    EvidenceFile,
    PlanDecision,
    PlanItem,
    PlanRevision,
    RecordReview,
)
from .integrations.xapi import models as _xapi  # noqa: F401
from .notifications.models import (  # noqa: F401
    Notification,
    NotificationPreference,
    OutboxMessage,
    ReminderJobRun,
)
from .records.models import LearningRecord, PersonMonthHours, PersonYearHours, PersonYearTotals  # noqa: F401
from .reference.models import (  # noqa: F401
    EmploymentType,
    ExpectedRole,
    LearningMethod,
    Phase,
    PolicyVersion,
    SessionMethod,
    SkillDimension,
    SkillSet,
    TargetGroup,
)
from .reports.models import AgencyBudget, AgencyIndicator  # noqa: F401
