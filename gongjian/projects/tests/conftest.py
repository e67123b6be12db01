"""Fixtures of the projects tests (the browser set-up is in gongjian/conftest.py)."""
