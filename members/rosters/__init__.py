"""Member rosters (ส่งรายชื่อสมาชิก, issue 7): who keeps one (the active or suspended
member groups of district centers), writing members (one by one or from a spreadsheet,
all or nothing), erasing a member, the workflow through the district, the duplicate flags
across groups and the figures of the overview.

Personal data (PDPA): the uploaded file is read in memory and never stored; event notes
carry counts, never names, and a return reason may not carry a national ID or a phone
number; removing a member blanks the row's personal data and keeps the row, so every
count stays right. Removal works in every roster status and after the group stopped
keeping a roster: erasure is the member's right, not a step of the workflow.

    models.py       Roster, RosterMember, RosterEvent, the stored figures, NationalIdView
    rules.py        the workflow's steps, the fields a member has, the refusals' messages
    selectors.py    who keeps a roster; counts, flags and the overview's rows
    figures.py      the overview's stored figures (built again after a change)
    spreadsheet.py  the roster file: its columns, reading and checking its rows
    services.py     writing members, uploading a file, the workflow, the ID view log
    forms.py, views.py, urls.py, admin.py
"""
