"""The WhatsApp channel (Business Cloud API through pywa's async client)."""
