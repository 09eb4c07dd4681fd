"""The participants' paper workbook (``kit workbook``) and the answers typed back from it.

``paper`` lays each exercise out for pen and paper, ``gamebook`` turns a scenario into numbered
sections, ``book`` reads a day's notebooks, ``render`` prints the PDF, ``key`` gives the trainer
the letters and numbers to look for, ``typed`` reads a room's answers back as DESIGN §6 responses.
"""
