"""The commands other than ``build``: check, related, schedule, new.

Each sits on top of the pipeline: it may call ``build`` (to read or prepare a
site as a build would) and any stage, but nothing below imports a command.
``sitegen import`` and ``sitegen serve`` are packages of their own
(``importer/``, ``serve/``); ``cli.py`` parses arguments and calls all of them.
"""
