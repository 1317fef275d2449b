"""Code exercises: write a cell's forward or backward pass, checked against torch autograd.

`spec` says what an exercise is; `basics`, `cells` and `sequences` hold the exercises and
`catalogue` lists them; `starter` writes the starter file; `runner` and `child` run the learner's
function in a limited child process; `grader` compares every output with `engine.exercises`
(torch) and `diagnosis` says what is wrong; `report` shows it; `progress` reads the status.
"""
