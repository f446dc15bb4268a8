"""Runs ``python -m registration.lists anciens-candidats …`` under its former name, ``python -m registration.former``."""

import sys

from registration.lists.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["anciens-candidats", *sys.argv[1:]]))
