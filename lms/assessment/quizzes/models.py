"""Tables of lms.assessment.quizzes."""
