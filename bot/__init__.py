"""LiftBot's application shell: settings, storage, channels and the command line."""
