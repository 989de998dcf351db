"""The reminder jobs, one module per family: learners, supervisors, institutes.

Each job is a generator: given a RunContext it yields lists of Reminders, each list
computed by a few grouped queries over a window of people (never a query per person),
so the runner can write and commit it before the next is computed.
"""
