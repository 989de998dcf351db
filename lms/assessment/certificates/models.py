"""Tables of lms.assessment.certificates."""
