#!/usr/bin/env python
"""Convenience entry point; the installed console script is ``homeroom``."""

from homeroom.manage import main

if __name__ == "__main__":
    main()
