"""Baseline profiles (ข้อมูลพื้นฐาน, ระยะที่ 1): an organization's survey (capital, main
products, notes), the products it would buy or sell together with the network, and its
existing links to other organizations (which the network map draws).

    models.py       BaselineProfile, OrganizationLink (interests: transactions.ProductInterest)
    selectors.py    a profile, its interests and links, the products offered
    services.py     saving a profile with its interests and links, all or nothing
    forms.py, views.py, urls.py, admin.py
"""
