"""Enrollment pages, one module per workflow.

Views stay thin: a form checks the shape of the request, a service makes the change and
keeps the rules, :mod:`homeroom.enrollment.rules` says who may do what, and a refused
rule comes back as a message on the field it names.
"""
