"""The lists the exam service maintains and publishes (the console's « Règlements d'examen », « Calendrier des
inscriptions », « Établissements ajoutés », « Diplômes (acquis) », « Anciens candidats »; ``python -m
registration.lists``): one core for all of them.

- ``core.py``: what a kind of list declares (:class:`~registration.lists.core.ListKind`);
- ``kinds/``: one module per list, its declaration and its parser;
- ``service.py``: reading an upload (the preview), publishing, the history, going back, for every kind;
- ``published.py``: the referentials every turn reads, with each list's version in effect overlaid;
- ``cli.py`` (run by ``__main__.py``): the command line, built from the kinds.

The versions are stored in one table keyed by (kind, key, version) (``registration/store/list_versions.py``);
the console's pages are built from the kinds too (``bot/console/lists.py``).
"""
