"""The production topology on one machine: nginx, the front server, Rasa servers and action servers on
PostgreSQL and Redis (see docs/production.md). ``Cluster(rasa_venv, model, var_dir).start()``."""

from bot.ops.cluster.settings import Backends, Ports
from bot.ops.cluster.topology import Cluster

__all__ = ["Backends", "Cluster", "Ports"]
