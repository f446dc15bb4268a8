"""The help-desk's staff: accounts, passwords, login with lockout, sessions, and who may see which académie.

- ``models.py``: the ``staff`` and ``staff_session`` tables (migration ``0003``);
- ``directory.py``: :class:`~registration.staff.directory.StaffDirectory` (accounts, login, sessions) and
  :func:`~registration.staff.directory.can_see`;
- ``cli.py`` (run by ``__main__.py``): ``python -m registration.staff add | list | disable``.

Nothing is imported here: ``registration.models`` imports ``models.py`` and must stay light.
"""
