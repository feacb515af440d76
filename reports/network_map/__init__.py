"""The network map (รูปที่ 2 and 3 of the report), /reports/map/."""
