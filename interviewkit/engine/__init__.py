"""The torch engine: each demo shows one claim about recurrent networks on real torch modules.

One idea per module (device, verify, highway, spectral, clip, adding, plotting); torch is imported
only here, and only when an engine command runs, so `import interviewkit` stays light.
"""
