"""``python -m registration.former …``: the former name of ``python -m registration.lists anciens-candidats …``
(the former candidates are a list of ``registration/lists/``: ``kinds/former_candidates.py``)."""
