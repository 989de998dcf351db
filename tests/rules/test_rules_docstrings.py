"""Every public function of lms.rules says what it does. (That the rules import only the
standard library is an import-linter contract in setup.cfg, checked by `make test`.)"""

import lms.rules


def test_every_public_function_has_a_docstring():
    missing = [name for name in lms.rules.__all__
               if callable(getattr(lms.rules, name)) and not getattr(lms.rules, name).__doc__]
    assert missing == []
