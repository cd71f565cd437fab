"""Fixtures shared by several rating test modules.

A published province round with an entry and its certificate, built in test_certificates.py (where
test_public.py imports them from) and used by test_certificate_pages.py too.
"""

from rating.tests.test_certificates import certificate, entry, published_round, rule_set  # noqa: F401
from rating.tests.test_review_rules import scoring_round  # noqa: F401 (a round being scored: test_council_dossier.py)
