"""What a person sees first: the home page (their development, their learning and what each
of their roles needs), the course recommendations on it, and the catalogue where learners
find, read and complete courses.

The top layer: it composes the modules below it (accounts, records, catalog, classes), and
none of them imports it.
"""
