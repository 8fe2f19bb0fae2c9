"""Outgoing webhooks: events another system (a personnel file) follows, signed as Standard Webhooks.

``events`` writes the outbox rows in the event's transaction, ``delivery`` posts them (retried with
back-off, at least once), ``signing`` signs them, ``receivers`` turns the apps' signals into events.
"""
