"""Things that happened, announced by the service that did them and heard by the layers
above (notifications), so a lower package never imports a higher one.

Each signal is sent with the changed object as sender and the acting person as `actor`
(None for the system). Handlers run in the caller's transaction: what they add is
committed or rolled back with the change itself.
"""

from blinker import Namespace

_events = Namespace()

# Development plans (sender: PlanRevision).
plan_submitted = _events.signal("plan-submitted")
plan_returned = _events.signal("plan-returned")  # comment=
plan_agreed = _events.signal("plan-agreed")  # final= (False when a second level must still agree)

# Learning log (sender: LearningRecord; comment= on both).
entry_verified = _events.signal("entry-verified")
# Several of one person's entries verified at once (sender: Person; records=).
entries_verified = _events.signal("entries-verified")
entry_returned = _events.signal("entry-returned")

# Verified records written in bulk, e.g. imported from HR (sender: the records' source, "import";
# record_ids= the ids of the records created, sent once their rows and skill sets are written;
# records an import only updated are not in it).
records_imported = _events.signal("records-imported")

# Acting supervisors (sender: Delegation).
delegation_started = _events.signal("delegation-started")

# Coaching (sender: CoachingSession).
coaching_recorded = _events.signal("coaching-recorded")

# Classes (sender: Enrolment, or CourseClass for the class-wide ones).
enrolment_confirmed = _events.signal("enrolment-confirmed")
enrolment_promoted = _events.signal("enrolment-promoted")  # from the waiting list
enrolment_removed = _events.signal("enrolment-removed")  # by staff
enrolment_no_show = _events.signal("enrolment-no-show")  # marked by staff
class_changed = _events.signal("class-changed")  # sender: CourseClass
class_cancelled = _events.signal("class-cancelled")  # sender: CourseClass

# A course completed, by a class or self-paced (sender: the LearningRecord that credits it,
# whose course_version is set).
course_completed = _events.signal("course-completed")

# A person reached a certified level of a skill set: a passed level quiz or a verified external
# result (sender: the QuizAttempt or ExternalResult; person=, skill_set=, level=, certified_on=,
# expires_on= (None: no expiry), actor=).
level_certified = _events.signal("level-certified")
# A quiz attempt submitted and passed, whatever the quiz (sender: the QuizAttempt, scored; actor=).
# A passed level quiz also announces level_certified.
quiz_passed = _events.signal("quiz-passed")

# Skill assessments (sender: SkillAssessment): submitted by the person (again after each change),
# confirmed by the supervisor.
skill_assessment_submitted = _events.signal("skill-assessment-submitted")
skill_assessment_confirmed = _events.signal("skill-assessment-confirmed")
# External results (sender: ExternalResult): recorded, or a returned one sent back to the supervisor;
# verified or returned by the supervisor (verified= True/False, comment=).
external_result_submitted = _events.signal("external-result-submitted")
external_result_reviewed = _events.signal("external-result-reviewed")

# The scheduler process is being built (sender: the APScheduler scheduler; app=, in_app= (runs a
# job in its own app context and session), now=, job_defaults= (coalesce, one instance, the
# misfire grace): higher layers add their jobs with them.
scheduler_building = _events.signal("scheduler-building")
