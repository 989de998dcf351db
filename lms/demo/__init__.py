"""The demo (`flask lms demo`): the CSV files in this folder, loaded step by step through
the same imports an operator uses, so that they double as worked examples of the HR
formats; then the sample courses and a year of history built through the services
(history.py, classes.py). See README.md here.

It composes every module (accounts, records, catalogue, classes, development,
notifications), so it sits above them all, as lms/cli.py does; no module imports it.
"""
