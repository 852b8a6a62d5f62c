"""Stage 4, the IR: frozen dataclasses (the template contract) and the one pass that builds them."""
