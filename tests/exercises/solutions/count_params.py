"""Reference solution (tests only)."""


def count_params(cell, input_size, hidden_size, num_layers, bidirectional):
    gates = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    directions = 2 if bidirectional else 1
    total = 0
    for layer in range(num_layers):
        x = input_size if layer == 0 else hidden_size * directions
        per_direction = gates * hidden_size * (x + hidden_size) + 2 * gates * hidden_size
        total += directions * per_direction
    return total
