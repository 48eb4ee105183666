"""Scripts that measure and print; never asserted in tests."""
