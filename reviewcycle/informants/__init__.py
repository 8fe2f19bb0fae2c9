"""Informant and 360° feedback on a review: requests, answers, personal links and the one anonymity rule.

``services`` writes (ask, withdraw, answer, expire), ``tokens`` the external's personal link,
``selectors`` decides what anyone but the informant reads (``informant_feedback``).
"""
