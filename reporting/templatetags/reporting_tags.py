"""Template helpers of the reporting app."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ counts|get_item:code }}: a dict's (or Counter's) value for a key, None when absent."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
