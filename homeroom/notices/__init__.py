"""Notices: short messages to the district's administrators, a school's office or one user."""
