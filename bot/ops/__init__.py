"""What operators run and watch: the supervisor, the stack of make run, the production cluster and its rolling update."""
