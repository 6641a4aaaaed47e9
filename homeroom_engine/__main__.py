"""``python -m homeroom_engine <subcommand> ...`` runs the scheduling CLI."""

import sys

from homeroom_engine.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
