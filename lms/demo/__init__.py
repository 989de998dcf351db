"""The demo (`flask lms demo`): the CSV files in this folder, loaded step by step through
the same imports an operator uses, so that they double as worked examples of the HR
formats. See README.md here.

It composes several modules (accounts, then learning records), so it sits above them all,
as lms/cli.py does; no module imports it.
"""
