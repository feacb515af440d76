"""What the network's businesses share, written once below them: money and quantities
(money.py), entries recorded once whatever the double submissions (entries.py), and a
status machine that records an event per change (status.py). No tables of its own:
functions, constants and abstract models that a business's app builds on."""
