"""Skill levels a person has: self-assessment confirmed by the supervisor, external results
verified like log entries, and the gap to the level their group needs."""
