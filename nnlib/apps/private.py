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
import math

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


# -- text drawn from a cache -------------------------------------------------------------------
# matplotlib's Agg draws a text glyph by glyph: it lays the string out (FT2Font._layout), then
# renders every glyph at its sub-pixel place (FT2Font._set_transform, _render_glyph) and blends
# the bitmap in (the C++ renderer's draw_text_image). A slider update redraws the same strings
# in the same fonts again and again, about a millisecond each. `cache_text(renderer)` makes one
# renderer keep both: the layout per (fonts, size, dpi, string) and each glyph's bitmap per
# (glyph, size, rotation, place within its pixel), so the same pixels come out (the cached bitmap
# is put at the same whole-pixel offset). Math text and anything else goes the usual way.
# Laying a text out (Text._get_layout, at every draw and every extent) also looks its font up
# and reads the font's line metrics from its tables each time: the renderer answers that from a
# cache too, through the hook matplotlib's Text asks a renderer for (`_get_font_height_metrics`,
# computed as matplotlib computes it when the hook is absent).
NAMES.update({
    "backend_agg.RendererAgg._prepare_font": "the font of a text (cache_text)",
    "text.Text._get_layout's renderer._get_font_height_metrics": "a font's line metrics (cache_text)",
    "font_manager.fontManager._find_fonts_by_props": "a text's font files (cache_text)",
    "ft2font.FT2Font._layout": "a string's glyphs and their places (cache_text)",
    "ft2font.FT2Font.load_glyph": "a glyph's box and advance, for a text's size (cache_text)",
    "ft2font.FT2Font._set_transform": "a glyph's rotation and sub-pixel place (cache_text)",
    "ft2font.FT2Font._render_glyph": "a glyph's bitmap (cache_text)",
    "backend_agg.RendererAgg._renderer.draw_text_image": "a bitmap blended in the frame (cache_text)",
})
LAYOUTS, GLYPHS, HEIGHTS = {}, {}, {}
MAX_ENTRIES = 20000  # the caches start again when one grows past this (a few MB)
RC_FONT = ("family", "style", "variant", "weight", "stretch", "size", "serif", "sans-serif", "cursive", "fantasy",
           "monospace")  # the settings matplotlib's font lookup depends on (FontManager.findfont)


def cache_text(renderer):
    """Make an Agg renderer draw plain text through the layout and glyph caches (idempotent)."""
    if not getattr(renderer, "_kit_text_cache", False):
        renderer.draw_text = _cached_draw_text.__get__(renderer)
        renderer.get_text_width_height_descent = _cached_text_metrics.__get__(renderer)
        renderer._get_font_height_metrics = _font_height_metrics.__get__(renderer)
        renderer._kit_text_cache = True
    return renderer


def _font_key(prop, dpi):
    """What picks a text's font files and size: its properties, the font settings, the dpi."""
    from matplotlib import rcParams
    rc = tuple(tuple(v) if isinstance(v, list) else v for v in (rcParams[f"font.{k}"] for k in RC_FONT))
    return (tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(), prop.get_stretch(),
            prop.get_file(), prop.get_size_in_points(), dpi, rc)


def _font_height_metrics(self, prop):
    """(min ascent, min descent, line gap) in pixels of the font of `prop`, as Text._get_layout
    computes them without this hook (from the OS/2, else the hhea table); (None, None, None) if neither."""
    from matplotlib.font_manager import fontManager, get_font
    key = _font_key(prop, self.dpi)
    if key not in HEIGHTS:
        if len(HEIGHTS) > MAX_ENTRIES:
            HEIGHTS.clear()
        font, out = get_font(fontManager._find_fonts_by_props(prop)), (None, None, None)
        for name, gap, ascent, descent in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                           ("hhea", "lineGap", "ascent", "descent")):
            table = font.get_sfnt_table(name)
            if table is not None:
                scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * self.dpi / 72
                out = (table[ascent] * scale, -table[descent] * scale, table[gap] * scale)
                break
        HEIGHTS[key] = out
    return HEIGHTS[key]


def _glyphs(renderer, s, prop, flags, features=None, language=None):
    """[(FT2Font, glyph index, x, y)] of plain text `s` laid out in the font of `prop` (cached)."""
    if len(LAYOUTS) > MAX_ENTRIES or len(GLYPHS) > MAX_ENTRIES:
        LAYOUTS.clear()
        GLYPHS.clear()
    key = (_font_key(prop, renderer.dpi), s, flags, features and tuple(features), language)
    if key not in LAYOUTS:
        font = renderer._prepare_font(prop)
        LAYOUTS[key] = [(i.ft_object, i.glyph_index, i.x, i.y)
                        for i in font._layout(s, flags=flags, features=features, language=language)]
    return LAYOUTS[key]


def _cached_draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
    """RendererAgg.draw_text with the layout and the glyph bitmaps cached (plain text only)."""
    from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
    if ismath:
        return RendererAgg.draw_text(self, gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
    flags = get_hinting_flag()
    features = mtext.get_fontfeatures() if mtext is not None else None
    language = mtext.get_language() if mtext is not None else None
    size = prop.get_size_in_points()
    glyphs = _glyphs(self, s, prop, flags, features, language)
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int)
    mkey, antialiased = tuple(matrix.ravel()), gc.get_antialiased()
    for ft, glyph, dx, dy in glyphs:  # as matplotlib's _draw_text_glyphs_and_boxes, dy upwards
        px, py = round(0x40 * (x + dx * cos - dy * sin)), round(0x40 * (self.height - y + dx * sin + dy * cos))
        gkey = (ft, size, self.dpi, glyph, mkey, px % 64, py % 64, flags, antialiased)
        if gkey not in GLYPHS:
            GLYPHS[gkey] = _render(ft, size, self.dpi, glyph, matrix, px % 64, py % 64, flags, antialiased)
        buffer, left, top = GLYPHS[gkey]
        left, top = left + px // 64, top + py // 64
        self._renderer.draw_text_image(buffer, left, int(self.height) - top + buffer.shape[0], 0, gc)


def _cached_text_metrics(self, s, prop, ismath):
    """RendererAgg.get_text_width_height_descent from the cached layout (plain text only): the width
    from the pen to the end of the last glyph's advance, the height and descent from the glyphs'
    boxes, as FT2Font.set_text measures them (checked string by string in tests/test_update_shortcuts.py)."""
    from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
    if ismath or not s:
        return RendererAgg.get_text_width_height_descent(self, s, prop, ismath)
    flags, size = get_hinting_flag(), prop.get_size_in_points()
    boxes = [(round(0x40 * x), round(0x40 * y), _glyph_box(ft, size, self.dpi, glyph, flags))
             for ft, glyph, x, y in _glyphs(self, s, prop, flags)]
    x, _, (_, _, advance) = boxes[-1]
    y0 = min(y + box[1] for _, y, (box, _, _) in boxes)
    y1 = max(y + box[3] for _, y, (box, _, _) in boxes)
    return (x + advance) / 64.0, (y1 - y0) / 64.0, -y0 / 64.0


def _glyph_box(ft, size, dpi, glyph, flags):
    """(bbox (x0, y0, x1, y1), None, horizontal advance) of a glyph, unrotated, in 1/64 pixels (cached)."""
    key = ("box", ft, size, dpi, glyph, flags)
    if key not in GLYPHS:
        ft.set_size(size, dpi)
        ft._set_transform([[0x10000, 0], [0, 0x10000]], [0, 0])  # drawing leaves a glyph's own transform set
        g = ft.load_glyph(glyph, flags)
        GLYPHS[key] = (tuple(g.bbox), None, g.horiAdvance)
    return GLYPHS[key]


def _render(ft, size, dpi, glyph, matrix, fx, fy, flags, antialiased):
    """(bitmap, left, top) of one glyph placed at (fx, fy) / 64 px inside pixel (0, 0)."""
    from matplotlib.ft2font import RenderMode
    ft.set_size(size, dpi)
    ft._set_transform(matrix, [fx, fy])
    bitmap = ft._render_glyph(glyph, flags, RenderMode.NORMAL if antialiased else RenderMode.MONO)
    buffer = np.array(bitmap.buffer)
    if not antialiased:
        buffer *= 0xff
    return buffer, bitmap.left, bitmap.top
