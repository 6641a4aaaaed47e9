"""Model-free helpers: nothing in this package imports Django models."""
