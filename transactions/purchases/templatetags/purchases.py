from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

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


@register.filter
def order_cell(cell, column_label):
    """{{ cell|order_cell:column.label }}: one cell of the order grid, its input and its
    error (OrderGridForm.cell). Written here, not in the template: a district of hundreds
    of groups has thousands of cells, and a template's dozen lookups per cell were most of
    the page's time. Every value is escaped as the template would."""
    name = escape(cell["name"])
    value = "" if cell["value"] is None else f' value="{escape(cell["value"])}"'
    disabled = " disabled" if cell["disabled"] else ""
    error = cell["error"]
    invalid = f' aria-invalid="true" aria-describedby="err-{name}"' if error else ""
    return mark_safe(
        f'\n        <td data-label="{escape(column_label)}" class="num">\n'
        f'          <input type="text" name="{name}"{value} inputmode="decimal"'
        f' autocomplete="off" aria-label="{escape(cell["label"])}" class="qty" size="8"'
        f'{disabled}{invalid} id="id_{name}">\n'
        f'          <span id="err-{name}" class="cell-error">{escape(error)}</span>\n'
        "        </td>"
    )
