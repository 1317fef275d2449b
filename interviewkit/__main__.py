"""`python -m interviewkit`: the same entry point as the `interviewkit` command."""

from interviewkit.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
