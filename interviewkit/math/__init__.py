"""The answer notation and the mathematics behind `derive` and `check`.

`expr` is the expression tree shared by the parser, the printers, the numpy evaluator and the
SymPy derivation; `cells` holds each cell's equations once. Only `derive` imports SymPy.
"""
