"""PDPA rights (พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562): a person's data export and the
anonymisation of people who left. See docs/privacy.md.

This package sits above every domain module: it reads (and, when anonymising, erases)
what each of them keeps about a person, so none of them has to know about it.
"""
