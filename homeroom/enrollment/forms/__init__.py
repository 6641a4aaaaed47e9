"""Forms of the enrollment pages, one module per workflow.

They check the shape of a request; the services keep the rules. ``fields`` holds what
several workflows share (dates, schools, grades, one guardian, the documents).
"""
