"""Custom actions: thin adapters between Rasa and the plain modules in `guideline`."""
