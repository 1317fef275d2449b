"""Exports of the question bank for places learners already study: Anki decks and study sheets.

`cards` turns bank questions into kind-neutral export cards, `markup` writes their text as HTML,
`anki` packs them into an `.apkg` with genanki, and `sheet` writes a Markdown or a self-contained
HTML study sheet (KaTeX from `assets/`, inlined, so nothing is fetched at view time).
Importing this package imports nothing heavy; genanki is imported only by `anki.write_apkg`.
"""
