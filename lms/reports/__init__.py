"""Agency results (§4.4, §4.9): reports for CIOs, heads of units, agency admins and the
Commission (the site admin); the agency's indicators and budget; exports and open data.

Reads the sums the database keeps of learning records (records.models.PersonYearHours,
PersonMonthHours), never the records themselves.
"""
