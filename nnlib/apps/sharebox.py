"""The share box of every app with a network: paste a share string to open it, copy the current one.

A share string (see nnlib.share) carries a whole Setup; a link with `?preset=` works too. The
box is part of SetupControls, so every lesson app that shows a network has it. While a slider is
dragged (`lesson.dragging`) the current string is shown once the drag pauses (a Later), so each
frame of the drag sends one readout message, not two.
"""
import html

import ipywidgets as W

from .. import share
from .later import Later


class ShareBox(W.VBox):
    """Paste a share string (or a link with `?preset=`) to open that setup; below, the current
    setup's string to copy. A string for a network of another size is refused with a message."""

    def __init__(self, lesson, errors):
        self.lesson = lesson
        self.paste = W.Text(placeholder="paste a share string (bp1_...) or a link, then press open",
                            continuous_update=False, layout=W.Layout(width="480px"))
        self.open_button = W.Button(description="open", icon="folder-open", layout=W.Layout(width="auto"))
        self.current = W.HTML()
        self.open_button.on_click(errors.guard(lambda _: self.load(self.paste.value)))
        self.paste.observe(errors.guard(lambda c: self.load(c.new) if c.new.strip() else None), "value")
        self.later = Later(errors.guard(lambda: self.show(self.lesson.setup)))
        lesson.observe(errors.guard(self._changed), "setup")
        self.show(lesson.setup)
        super().__init__([W.HBox([W.HTML("<b>share</b>&nbsp;"), self.paste, self.open_button]), self.current])

    def load(self, text):
        """Switch the lesson to the setup `text` describes (ValueError, lesson unchanged, if it cannot)."""
        setup = share.decode(text)
        want, got = self.lesson.setup.network.sizes, setup.network.sizes
        if got != want:
            raise ValueError(f"this share string is for a {'-'.join(map(str, got))} network; "
                             f"this app shows a {'-'.join(map(str, want))} one")
        self.lesson.load(setup)

    def _changed(self, change):
        self.later.follow(self.lesson, lambda: self.show(change.new))

    def show(self, setup):
        self.current.value = ("current setup, to copy: <code style='user-select:all'>"
                              f"{html.escape(share.encode(setup))}</code>")
