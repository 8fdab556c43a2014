"""Pictures: pure plotting functions that draw on an Axes they are given.

`style` (the colour language, presenter size), `labels` (placing labels so none touch),
`legibility` (measuring overlap and size), `draw*` (one module per kind of figure) and `show`
(tables and text for notebooks). Nothing here imports ipywidgets.

One convention for every live picture: a `draw_*` module's function (`draw.network`,
`draw_units.sigmoid_curve`, `draw_loss.draw_surface`, `draw_data.draw_boundary`, ...) draws once on
an Axes it is given and returns a holder of the artists; the holder's `set_*` methods only set
data on those artists (set_data, set_array, set_text, ...), and its `artists()` lists the ones
they change (what an app blits). Nothing here creates a live figure or calls draw.
"""
