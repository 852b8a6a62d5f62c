"""Stage 5, rendering: the Jinja environment, its filters and the template seams."""
