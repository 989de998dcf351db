"""Certificates: a PDF with a QR code and a signed Open Badges 3.0 credential, verified by
anyone on a public page and an API, revoked by an administrator with a reason."""
