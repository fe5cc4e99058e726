"""Where conversations and their locks are kept: the tracker store, the lock store, retention.

Loaded by Rasa through ``type: module.Class`` in endpoints.yml; configured from the environment
(settings.py), so one endpoints.yml serves a laptop and a cluster unchanged.
"""
