"""The exam service's back office: dossiers found and read, signed confirmations tracked, exports.

- ``states.py``: a dossier's signed-confirmation states, their French wording and the changes allowed;
- ``search.py``: finding dossiers (search, filters, sorting, paging, counts) within a staff member's académies;
- ``records.py``: one dossier as the back office reads it (revisions, changes, e-mails, help-desk history)
  and the changes of its state (history, audit, e-mail to the candidate);
- ``export.py``: the dossiers as CSV or JSON lines, streamed; ``cli.py``: the same from the command line.
"""
