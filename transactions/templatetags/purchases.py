from django import template

from songkhla_network import thai

register = template.Library()


@register.filter
def get(mapping, key):
    """{{ district.ordered|get:item.pk }}: a dictionary value by a variable key."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def qty(value, product):
    """A quantity with the product's decimal places: {{ value|qty:item.product }}."""
    if value is None or value == "":
        value = 0
    return thai.number(value, product.decimal_places)


@register.filter
def unit(product):
    return product.get_unit_display()


@register.filter
def minus(value, other):
    """{{ a|minus:b }}: a − b for Decimals (Django's add filter cannot subtract them)."""
    return value - other
