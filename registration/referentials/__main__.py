"""``python -m registration.referentials …``: the former name of the lists' command line, kept for those who use
it (``make referentials``, the start-up check, the guides). It runs ``python -m registration.lists`` with the
same arguments (by name: the referentials import nothing of the lists, which stand above them)."""

import runpy

if __name__ == "__main__":
    runpy.run_module("registration.lists", run_name="__main__", alter_sys=True)
