"""Every module's tables, imported once so the ORM and Alembic see them all."""

from .accounts.models import (  # noqa: F401
    AccountSession,
    AuditEvent,
    Institute,
    LoginAttempt,
    Organisation,
    Person,
)
from .catalog.models import Course, CourseSession, CourseVersion  # noqa: F401
from .catalog.search import CourseSearchDocument  # noqa: F401
from .classes.models import Attendance, ClassMeeting, CourseClass, Enrolment  # noqa: F401
from .development.models import (  # noqa: F401
    CoachingAttendee,
    CoachingSession,
    DevelopmentPlan,
    EvidenceFile,
    LearningRecord,
    PlanDecision,
    PlanItem,
    PlanRevision,
    RecordReview,
)
from .notifications.models import (  # noqa: F401
    Notification,
    NotificationPreference,
    OutboxMessage,
    ReminderJobRun,
)
from .reference.models import (  # noqa: F401
    ExpectedRole,
    LearningMethod,
    Phase,
    PolicyVersion,
    SessionMethod,
    SkillDimension,
    SkillSet,
    TargetGroup,
)
