"""Extensions loaded by the Rasa server itself (Python 3.10, Rasa's own packages), named in endpoints*.yml.

Importing the package (the Rasa server does when it loads ``rasa_addons.tracker_store``) also makes Rasa check
the action server's answers with a validator built once (``action_results``).
"""

from rasa_addons import action_results

action_results.install()
