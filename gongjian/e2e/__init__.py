"""End-to-end journeys through the whole site in a real browser (Playwright + Debian's Chromium)."""
