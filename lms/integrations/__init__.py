"""Integrations with other systems: xAPI (a Learning Record Store, out and in) and, beside it,
single sign-on. This layer sits above api and notifications and may import everything below it;
the app factory registers its blueprints, CLI commands, event handlers and scheduler jobs."""
