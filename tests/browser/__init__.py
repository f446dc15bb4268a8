"""Browser tests of the web chat (Chromium driven by Playwright, audited with axe-core)."""
