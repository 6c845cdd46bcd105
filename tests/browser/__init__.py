"""Browser and validator tests of the built site.

A package, so that its conftest.py does not shadow tests/conftest.py.
"""
