"""Tables of lms.assessment.ratings."""
