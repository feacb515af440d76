from django.urls import path

from . import views

urlpatterns = [
    path("", views.meetings_home, name="meetings_home"),
    path("committees/<int:pk>/", views.committee_detail, name="committee_meetings"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("<int:pk>/agenda/new/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item_pk>/", views.agenda_item, name="agenda_item"),
    path("<int:pk>/actions/<int:action_pk>/", views.action_follow_up, name="action_follow_up"),
    path("<int:pk>/approve/", views.meeting_approve, name="meeting_approve"),
    path("<int:pk>/amend/", views.meeting_amend, name="meeting_amend"),
    path("<int:pk>/next/", views.meeting_next, name="meeting_next"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="meeting_minutes_pdf"),
    path("<int:pk>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path("calendar/<str:token>.ics", views.meeting_feed, name="meeting_feed"),
    path("attachments/<int:pk>/", views.attachment, name="meeting_attachment"),
]
