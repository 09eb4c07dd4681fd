"""Live workshop mode (``kit workshop serve``): participants answer in the player's pages, the trainer watches.

- :mod:`kit.workshop.modules` finds the modules and the images their participant view shows;
- :mod:`kit.workshop.answers` reads an answer request and builds the reply (pure);
- :mod:`kit.workshop.recorder` stores attempts off the event loop, in groups;
- :mod:`kit.workshop.room` and :mod:`kit.workshop.live` turn the attempts into the dashboard's counts;
- :mod:`kit.workshop.pages` renders the join page and the dashboard from templates;
- :mod:`kit.workshop.handlers`, :mod:`kit.workshop.dashboard` and :mod:`kit.workshop.app` are the
  Tornado side; :mod:`kit.workshop.server` starts it.

Nothing here is imported by ``import kit``; Tornado loads only when a server starts.
"""
