"""The demo network and the province-scale data: every seeder, above every domain app.

`seed.py` runs the demo's parts in order (network, purchases, meetings, planning,
applications, baseline, rosters); `records.py` is the write they share; `scale.py` builds a
province on top of the demo. No domain app imports this package.
"""
