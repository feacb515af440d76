"""Loading organizations from the registries' spreadsheets (ระยะที่ 1).

The cooperative office, the community development office and the agriculture office
each keep a list of the organizations they registered, in their own column names and
their own words for the kind of organization. `preview_registry` reads such a list and
says, row by row, what would happen: create, update (which fields, old → new), nothing,
or why the row cannot be taken. `apply_registry` (services.py) reads it again inside one transaction
and writes everything, or nothing when any row has an error.

A row is matched to an organization already in the system by its registration number
(compared without spaces, dots or leading zeros), else by its name and district (the
name compared without any whitespace and with Thai digits read as Arabic ones, so
"สหกรณ์การเกษตรรัตภูมิจำกัด" is "สหกรณ์การเกษตรรัตภูมิ จำกัด"). A row that matches two
organizations of the system is an error: the registration number must tell them apart.
An empty cell never blanks what the system already holds.

Existing organizations and the districts are loaded once; the checks of a change of
kind or district (the two-tier rule and the hosted centers, as Organization.clean) load
the hosted centers and open memberships of the changed organizations once: no query runs
per row.

Applying is serialised: every apply (the web page and the management command) first
locks the districts' rows, then reads the organizations with select_for_update, so two
imports never create the same organization twice and an edit saved meanwhile is never
overwritten unseen. The web page confirms with a fingerprint of the preview the user saw;
when the data changed since, nothing is written and the new preview is shown.

    models.py       RegistryImport: one uploaded file and what became of it
    spreadsheet.py  the registry file: its columns, the registries' words, reading a row
    preview.py      what each row would do, checked against the organizations
    services.py     uploading, applying (all or nothing, under the import lock), discarding
    selectors.py    the imports for the pages
    forms.py, views.py, urls.py, admin.py
"""
