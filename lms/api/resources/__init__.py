"""The API's resources, one blueprint each (lms.api.spec.blueprint)."""
