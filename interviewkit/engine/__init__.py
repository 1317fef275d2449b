"""The torch engine: each demo shows one claim about recurrent networks on real torch modules.

One idea per module: each demo is measured in `<demo>.py` (highway, spectral, clip, adding) and
shown by `<demo>_report.py` (options, table, sentences computed from the numbers); `report.py`
holds the look they share, `device.py` the setup, `verify.py` the parameter check, `plotting.py`
the figures. torch is imported only here, and only when an engine command runs, so
`import interviewkit` stays light.
"""
