import sys

from registration.backoffice.cli import main

sys.exit(main())
