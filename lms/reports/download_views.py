"""The report's documents: the executive report as PDF (one, or all of an agency's as a zip)
and the open-data package. Routes on the reports blueprint (lms.reports.views)."""

from .views import bp  # noqa: F401
