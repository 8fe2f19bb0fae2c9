"""Regelingen: the shape of an organisation's cycle as versioned data (``models.template``), the rules a
shape must meet to be published (``rules``), the built-in ones (``builtin``) and their services."""
