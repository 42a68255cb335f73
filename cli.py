"""Thin entry point: `python cli.py ...` runs the same app as the `litgraph` command."""

from litgraph.cli.app import main

if __name__ == "__main__":
    main()
