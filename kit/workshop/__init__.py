"""Live workshop mode (``kit workshop serve``): participants answer in web pages, the trainer watches.

- :mod:`kit.workshop.modules` finds the modules and writes the participant copies Voilà runs;
- :mod:`kit.workshop.room` turns the store's answers into the dashboard's counts and texts (pure);
- :mod:`kit.workshop.pages` renders the join page and the dashboard from templates;
- :mod:`kit.workshop.handlers` and :mod:`kit.workshop.server` put them beside Voilà on one port.

Nothing here is imported by ``import kit``; Voilà loads only when a server starts.
"""
