"""Signing in: the login page (and the e-mail to a person whose account it pauses after many
failed attempts), forgotten passwords, and invitations to choose a first password (the
administrator's button and `flask lms people invite`).

Each of these sends e-mail through notifications, so signing in sits above it, while
accounts (people, sessions, the password rule and the links' tokens) sits below.
"""
