"""The conseillers' console, served by the front server under ``/conseillers/`` (``bot/front.py`` mounts it).

- ``routes.py``: :func:`helpdesk_routes`, every route of the console (pages, ``/api/``, static files);
- ``auth.py``: the session cookie, :func:`~bot.console.auth.current_staff` and the decorator
  :func:`~bot.console.auth.require_staff` (login required, CSRF token on every POST);
- ``pages.py``: the Jinja2 templates (``templates/``) and :func:`~bot.console.pages.render_page`, the page
  frame every console page is drawn in;
- ``login.py``: login and logout; ``queue.py``: the queue page;
- ``reglements.py``: « Règlements d'examen » (responsables): exam tables, upload, preview, publish, history;
- ``front.py``: what the console borrows from the front server (the application, client tag, security headers);
- ``static/``: the console's CSS and JavaScript (the CSP allows no inline script or style).
"""

from bot.console.routes import helpdesk_routes

__all__ = ["helpdesk_routes"]
