# Copy to instance/config.py (git-ignored) and adjust. LMS_* environment variables
# override what is set here. `make run` writes one with a fresh secret key.
SECRET_KEY = "replace with: python -c 'import secrets; print(secrets.token_hex(32))'"
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://lms:secret@localhost/lms"
# Serving over plain http (a laptop demo) needs non-Secure cookies:
# SESSION_COOKIE_SECURE = False
# REMEMBER_COOKIE_SECURE = False
