"""Every private API of matplotlib and ipympl the apps use, named here and nowhere else.

They are not promised by either library and can change in any release; the versions pinned in
requirements.txt are the ones checked (tests/test_private_api.py: each name below exists and
behaves as used). After an upgrade, run that test first. `NAMES` lists them, with why:

- ipympl `Canvas._data_url`, `Canvas._size` (synced traits): the picture kept in a saved
  notebook's widget state, so a notebook opened cold shows the figure (`save_picture`).
- `matplotlib._pylab_helpers.Gcf`: the figures pyplot knows (`pyplot_figures`).
- webagg's frame state `_png_is_old`, `_force_full`, `_last_buff` and its public
  `set_image_mode`: a frame encoder at a faster zlib level with matplotlib's own frame logic
  (`encode_frames_with`).

Not private but taken over on purpose (documented where it happens, in `Blitter`): a figure's
`stale_callback`, which pyplot sets to redraw the whole figure whenever an artist goes stale.
"""
import numpy as np

NAMES = {
    "ipympl.backend_nbagg.Canvas._data_url": "the saved picture of a live figure (save_picture)",
    "ipympl.backend_nbagg.Canvas._size": "the saved picture's size in pixels (save_picture)",
    "matplotlib._pylab_helpers.Gcf.get_all_fig_managers": "every figure pyplot knows (pyplot_figures)",
    "backend_webagg_core.FigureCanvasWebAggCore._png_is_old": "a frame is due (encode_frames_with)",
    "backend_webagg_core.FigureCanvasWebAggCore._force_full": "the next frame is a full one (encode_frames_with)",
    "backend_webagg_core.FigureCanvasWebAggCore._last_buff": "the last frame's pixels (encode_frames_with)",
}
FRAME_STATE = ("_png_is_old", "_force_full", "_last_buff", "set_image_mode")


def save_picture(canvas, data_url, size):
    """Store a PNG data URL and its (width, height) in an ipympl canvas's widget state."""
    canvas._data_url = data_url
    canvas._size = size


def pyplot_figures():
    """The figures pyplot's registry holds (made without plt.close)."""
    from matplotlib._pylab_helpers import Gcf
    return [manager.canvas.figure for manager in Gcf.get_all_fig_managers()]


def encode_frames_with(canvas, encode):
    """Make `canvas` (a webagg/ipympl canvas) encode each frame with `encode(rgba (h, w, 4) uint8) -> bytes`.

    The frame logic is matplotlib's own `get_diff_image`: a full frame, or only the changed pixels
    over transparent ones. Returns False (and changes nothing) on a canvas without that state."""
    if not all(hasattr(canvas, a) for a in FRAME_STATE):
        return False

    def get_diff_image():
        if not canvas._png_is_old:
            return None
        pixels = np.asarray(canvas.get_renderer().buffer_rgba())
        buff = pixels.view(np.uint32).squeeze(2)
        if canvas._force_full or buff.shape != canvas._last_buff.shape or (pixels[:, :, 3] != 255).any():
            canvas.set_image_mode("full")
            output = buff
        else:
            canvas.set_image_mode("diff")
            output = np.where(buff != canvas._last_buff, buff, 0)
        canvas._last_buff, canvas._force_full, canvas._png_is_old = buff.copy(), False, False
        return encode(output.view(np.uint8).reshape((*output.shape, 4)))
    canvas.get_diff_image = get_diff_image
    return True
