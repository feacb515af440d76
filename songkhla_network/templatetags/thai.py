from django import template

from songkhla_network import thai

register = template.Library()


@register.filter
def be_date(value, style="short"):
    """{{ d|be_date }} -> 24 พ.ย. 2569; {{ d|be_date:"long" }} -> 24 พฤศจิกายน 2569."""
    return thai.be_date(value, style)


@register.filter
def be_datetime(value, style="short"):
    return thai.be_datetime(value, style)


@register.filter
def baht(value):
    return thai.baht(value)


@register.filter
def number(value, places=0):
    return thai.number(value, int(places))


@register.filter
def be_year(value):
    """{{ meeting.year|be_year }}, {{ target.year|be_year }} (a CE year), {{ day|be_year }}
    -> 2569: a year is text, never a number grouped as 2,569 (thai.year_text)."""
    return thai.year_text(value)
