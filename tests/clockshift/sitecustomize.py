"""Moves the clock of every Python process of a test run to BTS_TEST_SHIFT_CLOCK (ISO 8601), ticking from there.

`scripts/test.sh` puts this folder first on PYTHONPATH when BTS_TEST_SHIFT_CLOCK is set from outside
(`BTS_TEST_SHIFT_CLOCK=2028-06-01T10:00:00 bash .ci/run`): the test process, the action servers, the front
server and every command-line test then read that day from `datetime.now()`, `date.today()` and `time.time()`
(time-machine patches them in each process). The Rasa server's environment has no time-machine: Rasa keeps the
machine's clock, which only stamps its own trackers. PostgreSQL, Redis and Chromium are not Python: they keep it
too. What the product decides from dates comes from `registration.settings.now()` (BTS_NOW in tests).
"""

import os

_target = os.environ.get("BTS_TEST_SHIFT_CLOCK")
if _target:
    try:
        import time_machine
    except ImportError:  # the Rasa environment
        pass
    else:
        time_machine.travel(_target, tick=True).start()
