"""KaTeX 0.19.1 (MIT, see KATEX_LICENSE), shipped so study sheets render math offline.

Taken unmodified from the npm package `katex`: dist/katex.min.js, dist/katex.min.css,
dist/contrib/auto-render.min.js and the woff2 fonts of dist/fonts/.
"""

KATEX_VERSION = "0.19.1"
