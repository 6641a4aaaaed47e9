"""Homeroom: an open-source student information system for large school districts."""
