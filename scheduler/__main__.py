"""``python -m scheduler`` runs the same command line as ``visitplan``."""

from scheduler.cli import main

if __name__ == "__main__":
    main()
