"""The frame of every exercise widget: title, case and prompt, who answers, Submit and Try again.

Submitting reads the answer from the body, saves it to the response store and only then scores it
in the kernel and shows the score and feedback. Whatever goes wrong on the way (nothing chosen,
no pseudonym yet, a store that cannot be written), the participant gets a message and keeps what
they answered on screen.

Unattended runs (tests, a trainer's rehearsal) submit without a browser::

    from kit.ui import shown
    shown("signal-duty-01").submit("c")      # returns True once the answer is saved

with ``KIT_PARTICIPANT``, ``KIT_SESSION`` and ``KIT_DB`` set in the kernel's environment.

On a JupyterHub with the kit service (``KIT_SERVICE_URL``), the widget holds the participant view
only: the answer goes to the service, which stores and scores it, and the widget shows its reply.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ipywidgets import HTML, Button, HBox, Layout, VBox

from kit.i18n import translator
from kit.models import Exercise
from kit.responses import Response
from kit.scoring import Result, score
from kit.store import StoreError, connect_ahead, open_store
from kit.ui.body import NotAnswered
from kit.ui.feedback import feedback_block, score_line
from kit.ui.identity import Identity, IdentityBar, current_identity
from kit.ui.registry import body_for
from kit.ui.service import Service, ServiceError
from kit.ui.text import FIELD_STYLE, box, esc, md

log = logging.getLogger("kit.ui")
_MISSING: Any = object()


def local_now() -> datetime:
    """Now, with the computer's time zone (DESIGN §6 needs a zone)."""
    return datetime.now().astimezone()


class ExerciseWidget:
    """One interactive exercise. Display it (it is a rich object) or use ``.submit(answer)``."""

    def __init__(
        self,
        exercise: Exercise,
        language: str = "en",
        *,
        identity: Identity | None = None,
        db: str | None = None,
        clock: Callable[[], datetime] = local_now,
        service: Service | None = None,
    ):
        self.exercise = exercise
        self.language = language
        self._ = _ = translator(language)
        self.db = db
        self.clock = clock
        self.service = service
        self.identity = identity if identity is not None else current_identity()
        self.body = body_for(exercise, _)
        self.body.on_complete = self.submit
        self.identity_bar = IdentityBar(self.identity, _)
        self.submit_button = Button(description=_("Submit"), button_style="primary", icon="check",
                                    layout=Layout(width="auto"))
        self.again_button = Button(description=_("Try again"), icon="redo",
                                   layout=Layout(width="auto", display="none"))
        self.submit_button.on_click(lambda _button: self.submit())
        self.again_button.on_click(lambda _button: self.try_again())
        self.message = HTML()
        self.outcome = HTML()
        # the last saved attempt and its result (None until one is saved)
        self.saved: Response | None = None
        self.result: Result | None = None
        # a scenario submits itself at its ending: Submit shows only when that did not work
        self._show_submit(not self.body.submits_itself)
        self.root = VBox(
            [HTML(FIELD_STYLE), self._heading(), self.identity_bar.widget, *self._texts(), self.body.widget,
             HBox([self.submit_button, self.again_button]), self.message, self.outcome],
            layout=Layout(border="1px solid #c9d3dd", padding="0.6em 1em", margin="0.8em 0"),
        )
        self.root.add_class("kit-exercise-widget")
        # connected before the first Submit: to the store, or known to the service
        if service is None:
            connect_ahead(db)
        else:
            service.introduce()

    # -- what the participant does -------------------------------------------------------------

    def submit(self, answer: Any = _MISSING) -> bool:
        """Save the answer in the controls (or put ``answer`` there first); True once it is saved."""
        _ = self._
        if answer is not _MISSING:
            if self.saved is not None:
                self.try_again()
            self.body.show(answer)
        self.message.value = ""
        try:
            given = self.body.answer()
        except NotAnswered as missing:
            self.message.value = box(esc(missing), "warning")
            return False
        self._show_submit(True)  # answered: from now on Submit can act (again, if saving fails)
        problem = self.identity_bar.confirm()
        if problem:
            self.message.value = box(esc(problem), "warning")
            return False
        response = Response(self.identity.session or "", self.identity.participant or "", self.exercise.id,
                            given, self.clock())
        self.submit_button.disabled = True
        if self.service is not None:
            return self._submit_to_service(response)
        try:
            self._save(response)
        except StoreError as error:
            self._not_saved(esc(_("Your answer could not be saved. It is still here: tell your trainer, "
                                  "then press Submit again.")) + f"<br><small>{esc(error)}</small>")
            return False
        except Exception as error:  # a participant must never lose an answer to a bug: say so, keep it
            log.exception("saving an answer to %s failed", self.exercise.id)
            self._not_saved(esc(_("Something went wrong while saving. Your answer is still here: tell your "
                                  "trainer, then press Submit again.")) + f"<br><small>{esc(type(error).__name__)}: "
                            f"{esc(error)}</small>")
            return False
        self.saved = response
        self.result = score(self.exercise, given)
        self._show_result(self.result, given)
        return True

    def try_again(self) -> None:
        """Answer once more: controls free again (a scenario starts over), the last result hidden."""
        self.body.set_locked(False)
        self.body.restart()
        self.identity_bar.set_disabled(False)
        self.outcome.value = ""
        self.message.value = ""
        self.saved = None
        self.result = None
        self.submit_button.disabled = False
        self._show_submit(not self.body.submits_itself)
        self.again_button.layout.display = "none"

    # -- inside --------------------------------------------------------------------------------

    def _save(self, response: Response) -> None:
        with open_store(self.db, create=True) as store:
            store.add(response)

    def _submit_to_service(self, response: Response) -> bool:
        """The service stores and scores; its feedback is shown, since the widget has none."""
        assert self.service is not None
        _ = self._
        try:
            reply = self.service.submit(response.exercise, response.answer)
        except ServiceError as error:
            self._not_saved(esc(_("Your answer could not be saved. It is still here: tell your trainer, "
                                  "then press Submit again.")) + f"<br><small>{esc(error)}</small>")
            return False
        self.saved = response
        self.result = Result(reply.get("status", "invalid"), reply.get("score"), reply.get("max_score"),
                             str(reply.get("reason", "")), outcome=reply.get("outcome"))
        self.body.set_locked(True)
        self.identity_bar.set_disabled(True)
        notes = "".join(feedback_block("", md(str(text))) for text in reply.get("feedback") or [])
        self.outcome.value = score_line(self.result, _) + notes
        self.submit_button.layout.display = "none"
        self.again_button.layout.display = None
        return True

    def _not_saved(self, html: str) -> None:
        self.message.value = box(html, "error")
        self.submit_button.disabled = False

    def _show_result(self, result: Result, answer: Any) -> None:
        # computed in the kernel after saving: the first moment feedback may reach the browser
        self.body.set_locked(True)
        self.identity_bar.set_disabled(True)
        self.outcome.value = score_line(result, self._) + "".join(self.body.details(result, answer))
        self._show_submit(False)
        self.again_button.layout.display = None

    def _show_submit(self, shown: bool) -> None:
        self.submit_button.layout.display = None if shown else "none"

    def _heading(self) -> HTML:
        _ = self._
        exercise = self.exercise
        meta = [_(exercise.type_name), f"{_.number(exercise.minutes)} {_('min')}"]
        if exercise.max_score:
            meta.append(_.n("{n} point", "{n} points", exercise.max_score))
        return HTML(f'<div style="font-size:1.1em"><strong>{esc(exercise.title)}</strong> '
                    f'<span style="color:#55606b;font-size:0.85em">· {esc(" · ".join(meta))}</span></div>')

    def _texts(self) -> list[HTML]:
        texts = []
        if self.exercise.case and not self.body.shows_case:
            texts.append(HTML(case_html(self.exercise.case, self._)))
        if self.exercise.prompt:
            texts.append(HTML(md(self.exercise.prompt)))
        return texts

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        data = self.root._repr_mimebundle_(**kwargs)
        # a short plain-text stand-in instead of the repr of every child widget
        data["text/plain"] = f"{self.exercise.title} ({self.exercise.type_name}, {self.exercise.id})"
        return data


def case_html(case: str, _: Callable[[str], str]) -> str:
    return (f'<div class="kit-case" style="background:#f1f4f7;border-radius:4px;padding:0.4em 0.8em">'
            f'<p style="font-weight:600;margin:0">{esc(_("Case"))}</p>{md(case)}</div>')
