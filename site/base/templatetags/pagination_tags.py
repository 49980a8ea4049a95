"""The pagination component's page numbers (base/pagination.py holds the rule)."""
from django import template

from base.pagination import page_window

register = template.Library()
register.filter("page_window", page_window)
