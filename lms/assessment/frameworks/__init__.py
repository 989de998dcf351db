"""Skill framework versions as data: skill sets, proficiency levels and required levels,
edited in the browser and loaded from or saved to 1EdTech CASE files."""
