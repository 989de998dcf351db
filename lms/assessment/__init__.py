"""Skill assessment: framework versions, levels, quizzes and their question banks, certificates."""
