"""Question banks and quizzes: authored or imported (Moodle XML, GIFT), taken and scored on
the server, attached to a course or a skill set."""
