"""Pictures: pure plotting functions that draw on an Axes they are given.

`style` (the colour language, presenter size), `labels` (placing labels so none touch),
`legibility` (measuring overlap and size), `draw*` (one module per kind of figure) and `show`
(tables and text for notebooks). Nothing here imports ipywidgets.
"""
