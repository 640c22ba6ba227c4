"""Channel-free conversation flows: each takes an event and returns replies."""
